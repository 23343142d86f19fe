"""Chinese names, place names and identity numbers for the demo bank."""

from __future__ import annotations

import random
from datetime import date

from planner.enums import Gender

# The most common surnames, most frequent first; weights fall off like the real distribution.
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
SURNAME_WEIGHTS = [1.0 / (rank + 8) for rank in range(len(SURNAMES))]

GIVEN_MALE = list("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆亮成志建国文博晨阳龙峰宏立军海东林")
GIVEN_FEMALE = list("芳娜敏静丽艳娟霞燕玲婷雪琳倩颖慧梅红兰洁琴云欣悦璐萍晶莉丹佳怡雯婧媛月春秀")
GIVEN_SHARED = list("晓子思嘉梓雨文欣一宏海春新永家天安")

# County seats of Hubei (lat, lon): the branches cluster around them.
COUNTY_SEATS = [
    ("孝感", 30.92, 113.92),
    ("黄冈", 30.45, 114.87),
    ("咸宁", 29.84, 114.32),
    ("鄂州", 30.39, 114.89),
    ("仙桃", 30.36, 113.45),
    ("天门", 30.66, 113.17),
    ("汉川", 30.66, 113.84),
    ("麻城", 31.17, 115.01),
]

_PLACE_HEADS = list("东西南北新龙凤金银白青黄石马杨柳桃花双三五七九长平安永兴太清河湖沙洪汉江云天仙峰古玉")
_PLACE_TAILS = list("港湖桥店集河山岭坪塘湾口堡岗铺垸洲潭庙畈冲庄")


def person_name(rng: random.Random, gender: Gender) -> str:
    """Return a plausible Chinese name: a surname and one or two given characters."""
    surname = rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
    pool = GIVEN_MALE if gender is Gender.MALE else GIVEN_FEMALE
    if rng.random() < 0.3:
        return surname + rng.choice(pool)
    first = rng.choice(GIVEN_SHARED + pool)
    return surname + first + rng.choice(pool)


def place_names(rng: random.Random, count: int) -> list[str]:
    """Return ``count`` distinct two-character place names (numbered once the combinations run out)."""
    combos = [head + tail for head in _PLACE_HEADS for tail in _PLACE_TAILS]
    rng.shuffle(combos)
    return [
        combos[i % len(combos)] + ("" if i < len(combos) else str(i // len(combos) + 1)) for i in range(count)
    ]


def id_number(rng: random.Random, birth: date, gender: Gender) -> str:
    """Return an 18-digit resident ID number (Hubei region code) with a valid check digit."""
    region = rng.choice(["420902", "421102", "421202", "420702", "429004", "429006", "420984", "421181"])
    sequence = rng.randint(0, 99) * 10 + rng.choice(
        [1, 3, 5, 7, 9] if gender is Gender.MALE else [0, 2, 4, 6, 8]
    )
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def phone_number(rng: random.Random) -> str:
    """Return an 11-digit mobile number."""
    return rng.choice(["13", "15", "17", "18", "19"]) + "".join(str(rng.randint(0, 9)) for _ in range(9))
