"""Fill Chinese translations into the catalogue from JSON objects {"English msgid": "中文"}.

Usage: python scripts/fill_translations.py planner/translations/zh/*.json
Each feature keeps its translations in its own JSON file (no merge conflicts in the .po); `make i18n-update`
regenerates the catalogue from the sources and these files. Unknown msgids are reported so typos show up.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGUE = Path(__file__).resolve().parent.parent / "planner/translations/zh_Hans_CN/LC_MESSAGES/messages.po"


def main(paths: list[str]) -> int:
    """Merge the translations in ``paths`` into the catalogue."""
    translations: dict[str, str] = {}
    conflicts = []
    for path in paths:
        for msgid, msgstr in json.loads(Path(path).read_text(encoding="utf-8")).items():
            if translations.get(msgid, msgstr) != msgstr:
                conflicts.append(f"{path}: {msgid!r} is {msgstr!r}, elsewhere {translations[msgid]!r}")
            translations[msgid] = msgstr
    if conflicts:
        # One English id has one Chinese text: give context-specific ids ("Full name") instead.
        sys.stderr.write("conflicting translations:\n  " + "\n  ".join(conflicts) + "\n")
        return 1
    with CATALOGUE.open("rb") as handle:
        catalog = read_po(handle, locale="zh_Hans_CN")
    unknown: list[str] = []
    for msgid, msgstr in translations.items():
        message = catalog.get(msgid)
        if message is None:
            unknown.append(msgid)
            continue
        message.string = msgstr
        message.flags.discard("fuzzy")
    with CATALOGUE.open("wb") as handle:
        write_po(handle, catalog, width=110, omit_header=False, sort_output=True)
    missing = [m.id for m in catalog if m.id and not m.string]
    sys.stderr.write(f"unused translations: {len(unknown)}; untranslated msgids: {len(missing)}\n")
    for msgid in missing[:50]:
        sys.stderr.write(f"  {msgid!r}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
