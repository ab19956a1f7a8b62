"""Rendering clause texts for one agreement: the context, the defined terms, references, paragraphs.

A clause text refers to another section with `{{ 'lokaler' | section }}` and to an annex with
`{{ 'lokalavtal' | annex }}`. While the clauses render, such a reference is a marker; once the
document knows which sections and annexes it has, `resolve_references` writes the numbers in
("avsnitt 15 (Lokaler)", "bilaga 4") and reports any that point nowhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..answers import Answers
from ..conditions import Context
from ..facts import Facts
from ..i18n import gettext_for
from ..labels import label
from ..sandbox import REF_END, REF_START, ClauseRenderError, render_text
from .model import Clause, ClauseError, Paragraph, RenderedClause

# A line break typed by a user must stay a line break inside its paragraph, not start a new
# numbered point: user text carries it as U+2028 until the paragraphs are split.
LINE_SEPARATOR = "\u2028"
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REFERENCE = re.compile(f"{REF_START}(annex|section):([a-z0-9-]+){REF_END}")

# The defined terms of the agreement ("nedan kallad ”Partnern”"), in the number the agreement
# needs. They are contract wording in each language, like the clause texts, so they are not UI
# strings for the catalogue.
DEFINED_TERMS = {
    "sv": {"company": "Bostadsbolaget", "partner": "Partnern", "numbered": "Partner {n}",
           "parties": "Parterna",
           "one": {"partner": "Partnern", "partner_gen": "Partnerns"},
           "many": {"partner": "Partnerna", "partner_gen": "Partnernas"},
           "two_parties": {"other_party": "den andra Parten", "other_party_gen": "den andra Partens"},
           "more_parties": {"other_party": "övriga Parter", "other_party_gen": "övriga Parters"}},
    "en": {"company": "Housing Company", "partner": "Partner", "numbered": "Partner {n}",
           "parties": "Parties",
           "one": {"partner": "Partner", "partner_gen": "Partner's"},
           "many": {"partner": "Partners", "partner_gen": "Partners'"},
           "two_parties": {"other_party": "the other Party", "other_party_gen": "the other Party's"},
           "more_parties": {"other_party": "the other Parties", "other_party_gen": "the other Parties'"}},
}
REFERENCE_WORDS = {
    "sv": {"section": "avsnitt {n} ({title})", "annex": "bilaga {n}",
           "section_unnumbered": "avsnittet {title}", "annex_unnumbered": "bilagan {title}"},
    "en": {"section": "section {n} ({title})", "annex": "Annex {n}",
           "section_unnumbered": "the section {title}", "annex_unnumbered": "the annex {title}"},
}


def _protect(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\n", LINE_SEPARATOR).replace(REF_START, "").replace(REF_END, "")
    if isinstance(value, dict):
        return {k: _protect(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_protect(v) for v in value]
    return value


_POSTCODE = re.compile(r"\b(\d{3}) (\d{2})\b")


def _party(data: dict[str, Any], role: str, lang: str, is_company: bool) -> dict[str, Any]:
    org_form = data.get("org_form")
    address = _POSTCODE.sub("\\1\u00a0\\2", data.get("address", ""))  # "123 45" is not split over two lines
    return {"name": data["name"], "org_number": data["org_number"], "address": address,
            "org_form": org_form, "org_form_label": label("org_form", org_form, lang) if org_form else "",
            "registered_ideburen": bool(data.get("registered_ideburen")), "role_label": role,
            "is_company": is_company, "contact": data.get("contact", {}), "signatory": data.get("signatory", {})}


def parties(answers: Answers, lang: str = "sv") -> list[dict[str, Any]]:
    """Return the parties as plain dicts: the housing company first, then the partners."""
    terms = DEFINED_TERMS.get(lang, DEFINED_TERMS["sv"])
    dumped = answers.model_dump(mode="python")
    result = [_party(dumped["housing_company"], terms["company"], lang, True)]
    single = len(dumped["partners"]) == 1
    for number, partner in enumerate(dumped["partners"], start=1):
        role = terms["partner"] if single else terms["numbered"].format(n=number)
        result.append(_party(partner, role, lang, False))
    return result


def defined_terms(partner_count: int, lang: str) -> dict[str, str]:
    """Return the defined terms in the agreement's number: Partnern/Partnerna, den andra Parten/övriga Parter."""
    terms = DEFINED_TERMS.get(lang, DEFINED_TERMS["sv"])
    return {"parties": terms["parties"], **terms["one" if partner_count == 1 else "many"],
            **terms["two_parties" if partner_count == 1 else "more_parties"]}


def text_context(answers: Answers, facts: Facts, findings: Iterable[str] = (), lang: str = "sv") -> dict[str, Any]:
    """Build the plain-data context a clause text is rendered with."""
    context = answers.model_dump(mode="python")
    for partner, own in zip(context["partners"], facts.partners):
        partner["facts"] = own.as_dict()
    many = len(answers.partners) > 1
    context.update(facts=facts.as_dict(), parties=parties(answers, lang), findings=sorted(set(findings)), lang=lang,
                   terms=defined_terms(len(answers.partners), lang), many=many, asserts=[], documents=[])
    return _protect(context)


def select(clauses: Iterable[Clause], ctx: Context) -> list[Clause]:
    """Return the clauses whose include_when holds, in catalogue order."""
    return sorted((c for c in clauses if c.condition.evaluate(ctx)), key=lambda c: (c.order, c.id))


def active_claims(clause: Clause, ctx: Context) -> tuple[str, ...]:
    """Return the claims the clause makes in this agreement (those whose condition holds)."""
    return tuple(a.claim for a in clause.asserts if a.condition.evaluate(ctx))


def missing_language(clauses: Iterable[Clause], lang: str) -> list[Clause]:
    """Return the clauses that have no text (or title) in `lang`."""
    return [c for c in clauses if not c.text.get(lang, "").strip() or not c.title.get(lang, "").strip()]


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split rendered text into numbered points (blank-line separated) and "- " sub-items."""
    result: list[Paragraph] = []
    current: list[str] = []
    level = 2

    def flush() -> None:
        if current:
            joined = " ".join(current).strip()
            if joined:
                result.append(Paragraph(joined.replace(LINE_SEPARATOR, "\n"), level))
            current.clear()

    for raw in _XML_ILLEGAL.sub("", text).split("\n"):
        line = raw.strip(" \t")
        if not line.strip():
            flush()
            level = 2
        elif line.startswith("- "):
            flush()
            level = 3
            current.append(line[2:].strip(" \t"))
        else:
            current.append(line)
    flush()
    return result


@dataclass
class References:
    """The sections and annexes an agreement has: id → (number or None, title)."""

    sections: dict[str, tuple[int | None, str]] = field(default_factory=dict)
    annexes: dict[str, tuple[int | None, str]] = field(default_factory=dict)

    def words(self, kind: str, ident: str, lang: str) -> str | None:
        """Return how a reference reads, or None when the document has no such section or annex."""
        found = (self.sections if kind == "section" else self.annexes).get(ident)
        if found is None:
            return None
        number, title = found
        words = REFERENCE_WORDS.get(lang, REFERENCE_WORDS["sv"])
        return (words[kind].format(n=number, title=title) if number is not None
                else words[f"{kind}_unnumbered"].format(title=title))


def referenced(texts: Iterable[str], kind: str) -> list[str]:
    """Return the ids a rendered text refers to, of one kind, in order of first mention."""
    found: list[str] = []
    for text in texts:
        for match in REFERENCE.finditer(text):
            if match.group(1) == kind and match.group(2) not in found:
                found.append(match.group(2))
    return found


def resolve_references(text: str, references: References, lang: str, missing: list[str]) -> str:
    """Write the numbers into a rendered text's references; append to `missing` those that point nowhere."""
    def replace(match: re.Match[str]) -> str:
        words = references.words(match.group(1), match.group(2), lang)
        if words is None:
            missing.append(f"{match.group(1)}:{match.group(2)}")
            return match.group(2)
        return words

    return REFERENCE.sub(replace, text)


def render_clause(clause: Clause, context: dict[str, Any], lang: str = "sv", *,
                  claims: tuple[str, ...] = (), references: References | None = None,
                  keep_references: bool = False) -> RenderedClause:
    """Render a clause's heading and text in `lang`, raising ClauseError with the file line.

    `claims` are the claims the clause makes in this agreement (the text sees them as `asserts`).
    References are resolved with `references` when given, left as markers for the document to
    number with `keep_references`, and otherwise read unnumbered, with the id, as in a
    reviewer's preview of one clause.
    """
    _ = gettext_for(lang)
    source = clause.text.get(lang)
    if not source:
        message = _("klausulen %(id)s saknar text på %(lang)s", id=clause.id, lang=lang)
        raise ClauseError(f"{clause.source}:1: {message}")
    try:
        text = render_text(source, {**context, "lang": lang, "asserts": list(claims)})
    except ClauseRenderError as exc:
        line = clause.text_lines.get(lang, 0) + exc.line
        raise ClauseError(f"{clause.source}:{line}: {exc.message}") from None
    if references is not None:
        missing: list[str] = []
        text = resolve_references(text, references, lang, missing)
        if missing:
            message = _("texten hänvisar till något som avtalet inte har: %(refs)s", refs=", ".join(missing))
            raise ClauseError(f"{clause.source}:1: {message}")
    elif not keep_references and REFERENCE.search(text):
        text = REFERENCE.sub(lambda m: REFERENCE_WORDS.get(lang, REFERENCE_WORDS["sv"])[f"{m.group(1)}_unnumbered"]
                             .format(title=m.group(2)), text)
    title = clause.heading(lang, bool(context.get("many")))
    return RenderedClause(clause.id, title, split_paragraphs(text), clause.addresses, claims)
