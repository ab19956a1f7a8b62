"""Merge a batch of English translations (a YAML map: Swedish msgid → English) into the catalogue.

Usage: python scripts/translate.py MAP.yaml [MAP.yaml …]
The map is the reviewed source of the English texts; the .po file is regenerated from it so
that translators edit one readable file.
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

PO = Path("app/translations/en/LC_MESSAGES/messages.po")


def main(*map_files: str) -> int:
    mapping: dict[str, str] = {}
    for map_file in map_files:
        mapping.update(yaml.safe_load(Path(map_file).read_text(encoding="utf-8")) or {})
    with PO.open("rb") as f:
        catalog = read_po(f, locale="en")
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # a plural: both forms come from the map
            forms = tuple(mapping.get(form) for form in message.id)
            if all(forms):
                message.string = forms
                message.flags.discard("fuzzy")
            elif not all(message.string):
                missing.append(message.id[0])
            continue
        if message.id in mapping:
            message.string = mapping[message.id]
            message.flags.discard("fuzzy")
        elif not message.string:
            missing.append(message.id)
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
