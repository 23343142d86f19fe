"""Normalising the text of header cells as HR offices write them (全角/半角, brackets, spaces, case)."""

from __future__ import annotations

import re
import unicodedata

# Brackets, punctuation and separators that vary between offices and carry no meaning in a header.
_NOISE = re.compile(r"[\s()\[\]{}<>（）【】《》〈〉「」『』:：;；,，.。、/／\\|_\-—–·*＊#＃?？!！'\"“”‘’]+")


def normalise_header(text: object) -> str:
    """Return ``text`` folded for comparison: NFKC (full-width → half-width), no punctuation, lower case.

    "员工编号（必填）" is matched by the header spec through its alias "员工编号" after the bracketed part is
    cut off by ``header_variants``; here only the characters are folded.
    """
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return _NOISE.sub("", folded)


_BRACKETED = re.compile(r"[(（\[【<《].*?[)）\]】>》]")
_REQUIRED_MARK = re.compile(r"^[*＊]+|[*＊]+$")


def header_variants(text: object) -> list[str]:
    """Return the folded forms a header cell may be matched by: as written, and without bracketed notes.

    "入行日期(yyyy-mm-dd)" and "*工号" are matched as "入行日期" and "工号".
    """
    raw = unicodedata.normalize("NFKC", str(text or "")).strip()
    raw = _REQUIRED_MARK.sub("", raw).strip()
    variants = [normalise_header(raw)]
    stripped = normalise_header(_BRACKETED.sub("", raw))
    if stripped and stripped not in variants:
        variants.append(stripped)
    return [v for v in variants if v]


def clean_cell_text(value: object) -> str:
    """Return a cell's text with stray spaces (including full-width and non-breaking ones) trimmed."""
    if value is None:
        return ""
    text = str(value).replace("\u3000", " ").replace("\xa0", " ")
    return text.strip()
