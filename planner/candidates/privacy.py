"""Protection of candidates' personal data (个人信息) for users who may not see it."""

from __future__ import annotations


def mask_name(name: str) -> str:
    """Keep the surname's first character and hide the rest, e.g. 王小明 → 王**.

    The mask has a fixed length so it does not reveal how long the given name is.
    """
    return f"{name[:1]}**" if name else ""
