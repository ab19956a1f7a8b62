"""The document model: the agreement as plain data, before it becomes Word (or HTML, or text).

`build_document` (in the package) fills a `DocumentModel`; the Word export writes it with
docxtpl, and tests and pages read it directly. Paragraph styles are the Word template's style
names, which also say what a paragraph is: a numbered point, a lettered item, an annex heading.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..clauses import RenderedClause


@dataclass(frozen=True)
class Run:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    """One paragraph: its style (Brodtext, BilagaRubrik2, BilagaPunkt, Ifyllnad; "…Hall" keeps with the next) and runs."""

    style: str
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


class Body:
    """Collects the paragraphs of an annex."""

    def __init__(self) -> None:
        self.paras: list[Para] = []

    def add(self, text: str, style: str = "Brodtext", *, bold: bool = False, italic: bool = False) -> None:
        self.paras.append(Para(style, (Run(text, bold, italic),)))

    def runs(self, runs: list[Run], style: str) -> None:
        self.paras.append(Para(style, tuple(runs)))

    def labelled(self, caption: str, text: str, style: str = "Brodtext") -> None:
        """Add a paragraph "Caption: text" with the caption in bold."""
        self.paras.append(Para(style, (Run(f"{caption}: ", bold=True), Run(text))))


@dataclass(frozen=True)
class Annex:
    """An annex of the document.

    `contractual` annexes are part of the agreement (the final version keeps them);
    `supplied` ones are written by the parties and only announced here, with a placeholder.
    """

    key: str
    number: int
    title: str
    paras: tuple[Para, ...]
    contractual: bool
    supplied: bool = False
    name: str = ""  # the annex's name without its number ("Uppföljningsplan")


@dataclass
class DocumentModel:
    """Everything the agreement says, in order, in one language."""

    lang: str
    title: str
    draft: bool
    labels: dict[str, str]
    parties: list[dict[str, Any]]
    clauses: list[RenderedClause]
    annexes: list[Annex]
    properties: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """Return the whole document as plain text, one paragraph per line (headings included)."""
        lines = [self.title]
        for number, clause in enumerate(self.clauses, start=1):
            lines.append(f"{number}. {clause.title}")
            lines += [p.text for p in clause.paragraphs]
        for annex in self.annexes:
            lines.append(annex.title)
            lines += [p.text for p in annex.paras]
        return "\n".join(lines)


@dataclass(frozen=True)
class NumberedParagraph:
    """A clause paragraph with the number the Word document gives it ("3.2", "a)"); level 1 has none."""

    label: str
    text: str
    level: int


@dataclass(frozen=True)
class NumberedClause:
    """A clause as the document numbers it: its section number and its numbered paragraphs."""

    number: int
    id: str
    title: str
    paragraphs: tuple[NumberedParagraph, ...]


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def numbered_clauses(model: DocumentModel) -> list[NumberedClause]:
    """Return the clauses numbered as the Word template numbers them: "1.", "1.1", "a)" (letters restart per point)."""
    return [NumberedClause(number, clause.id, clause.title, number_paragraphs(number, clause.paragraphs))
            for number, clause in enumerate(model.clauses, start=1)]


def number_paragraphs(number: int, paragraphs: Any) -> tuple[NumberedParagraph, ...]:
    """Number one clause's paragraphs as the template does: points N.1, N.2; items a), b) under a point."""
    point = item = 0
    result = []
    for paragraph in paragraphs:
        if paragraph.level == 3:
            label = f"{LETTERS[item % len(LETTERS)]})"
            item += 1
        elif paragraph.level == 2:
            point, item = point + 1, 0
            label = f"{number}.{point}"
        else:
            label = ""
        result.append(NumberedParagraph(label, paragraph.text, paragraph.level))
    return tuple(result)
