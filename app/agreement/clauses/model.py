"""The clause as the library holds it, and as an agreement shows it."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from ..conditions import Condition

CLAUSE_KEYS = ("id", "order", "title", "title_plural", "include_when", "addresses", "asserts", "notes", "text")
REQUIRED_KEYS = ("id", "order", "title", "include_when", "text")
OPTIONAL_KEYS = ("title_plural", "asserts")  # left out of the content (and its hash) when empty
LANGS = ("sv", "en")


class ClauseError(ValueError):
    """A clause that cannot be loaded or rendered, located as `file:line: reason`."""


@dataclass(frozen=True)
class Assertion:
    """A claim the clause text makes (rules/document.yaml), and when it makes it."""

    claim: str
    when: Any
    condition: Condition
    line: int = 1  # where the clause file declares it


@dataclass(frozen=True)
class Clause:
    """One clause of the library, checked and with its conditions compiled."""

    id: str
    order: int
    title: dict[str, str]
    include_when: Any
    condition: Condition
    addresses: tuple[str, ...]
    notes: str
    text: dict[str, str]
    source: str = "<clause>"
    content_hash: str = ""
    text_lines: dict[str, int] = field(default_factory=dict)  # file line before each text's line 1
    title_plural: dict[str, str] | None = None  # the heading when the agreement has several partners
    asserts: tuple[Assertion, ...] = ()
    uses_documents: bool = False  # the text lists the agreement's documents (rendered last)
    line: int = 1  # the line the clause starts on in its file

    def content(self) -> dict[str, Any]:
        """Return the clause as plain data in file order (what export writes and hashes cover)."""
        content: dict[str, Any] = {"id": self.id, "order": self.order, "title": dict(self.title)}
        if self.title_plural:
            content["title_plural"] = dict(self.title_plural)
        content.update(include_when=plain(self.include_when), addresses=list(self.addresses))
        if self.asserts:
            content["asserts"] = [{"claim": a.claim, **({"when": plain(a.when)} if a.when != "always" else {})}
                                  for a in self.asserts]
        content.update(notes=self.notes, text=dict(self.text))
        return content

    def heading(self, lang: str, many: bool) -> str:
        """Return the heading in `lang`, in the plural when there are several partners."""
        if many and self.title_plural and self.title_plural.get(lang):
            return self.title_plural[lang]
        return self.title.get(lang) or self.title["sv"]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a rendered clause: level 2 is a numbered point, level 3 a lettered item."""

    text: str
    level: int


@dataclass(frozen=True)
class RenderedClause:
    id: str
    title: str
    paragraphs: list[Paragraph]
    addresses: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()  # what this clause states, in this agreement


def plain(value: Any) -> Any:
    """Return YAML-loaded data as plain dicts and lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def content_hash(content: dict[str, Any]) -> str:
    """Hash a clause's content (not its file layout): equal content, equal hash."""
    canonical = {key: plain(content.get(key)) for key in CLAUSE_KEYS
                 if key not in OPTIONAL_KEYS or content.get(key)}
    data = json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
