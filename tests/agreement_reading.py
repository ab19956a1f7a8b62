"""Reading a whole agreement as a lawyer does: what it states, what it refers to, and in which language.

`read_agreement` takes the document model of one agreement (the real library rendered in the
real sandbox) and returns every problem a careful reader would mark: two sections that say
contradicting things, a statement the risk assessment contradicts, advice to the drafter in
the signed text, a reference to an annex the document neither has nor lists, a singular where
there are several partners, template code, and Swedish left in an English document.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from babel.messages.pofile import read_po

from app.agreement.document import DocumentModel
from app.agreement.registry import DocumentRules

PO = Path(__file__).resolve().parent.parent / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
TEMPLATE_LEFTOVERS = ("{{", "}}", "{%", "%}", "{#", "#}")
# Swedish names of laws and institutions that an English text quotes on purpose, in brackets.
QUOTED_SWEDISH = (
    "lag (2016:1145) om offentlig upphandling", "lag (2013:852) om registerkontroll av personer som ska arbeta med barn",
    "mervärdesskattelagen", "offentlighets- och sekretesslagen", "allmännyttigt kommunalt bostadsaktiebolag",
    "allmännyttig kommunal bostadsstiftelse", "begränsat registerutdrag", "tingsrätt", "brottsbalken",
    "aktiebolagslagen", "idéburet offentligt partnerskap", "Skatteverket", "lag (2018:1197) om Förenta nationernas "
    "konvention om barnets rättigheter", "tryckfrihetsförordningen", "yttrandefrihetsgrundlagen",
    "lag (2010:879) om allmännyttiga kommunala bostadsaktiebolag", "ägardirektiv", "bolagsordning",
    "riktlinjer för direktupphandling",
)
ANNEX_NUMBER = {"sv": re.compile(r"\b[Bb]ilaga (\d+)"), "en": re.compile(r"\b[Aa]nnex (\d+)")}
ANNEX_NAME = {"sv": re.compile(r"\b[Bb]ilaga(?:n)? ([A-ZÅÄÖ][^\s,.;:()]*)"),
              "en": re.compile(r"\b(?:the )?[Aa]nnex ([A-Z][^\s,.;:()]*)")}
SECTION_NUMBER = {"sv": re.compile(r"\bavsnitt (\d+)"), "en": re.compile(r"\bsection (\d+)")}
PLURAL_MISTAKES = {  # (pattern, when it is wrong: "one" partner or "many")
    # With several partners a defined singular with an adjective is still singular: "den utträdande
    # Partnern" (uppsägning), "den andra Partnern" (two partners); in English "the departing Partner's".
    "sv": [(re.compile(r"(?<!utträdande )(?<!andra )\bPartnerns?\b"), "many"), (re.compile(r"\bPartnernas?\b"), "one")],
    "en": [(re.compile(r"\bthe Partner\b(?![ -]\d)"), "many"), (re.compile(r"(?<!departing )\bPartner's\b"), "many"),
           (re.compile(r"\bthe Partners\b"), "one"), (re.compile(r"\bPartners'"), "one")],
}
PARTY_MISTAKES = {  # (pattern, wrong when there are "two" parties or "more")
    "sv": [(re.compile(r"\bden andra Parten"), "more"), (re.compile(r"\b(övriga Parter|de andra Parterna)"), "two")],
    "en": [(re.compile(r"\bthe other Party\b"), "more"), (re.compile(r"\bthe other Parties\b"), "two")],
}
TYPOGRAPHY = [(re.compile(r":\s*\."), "an empty value before a full stop"), (re.compile(r"\(\s*\)"), "empty brackets"),
              (re.compile(r"\b1 (månader|months)\b"), "a singular number with a plural noun"),
              (re.compile(r"[^\S\n]{2,}"), "a double space"), (re.compile(r" [,.;:](?!\d)"), "a space before punctuation")]


@lru_cache(maxsize=1)
def swedish_words() -> frozenset[str]:
    """Return the words with å, ä or ö in the Swedish texts of the catalogue (its msgids)."""
    with PO.open("rb") as f:
        catalog = read_po(f, locale="en")
    words = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            words.update(w for w in re.findall(r"[A-Za-zÅÄÖåäöéÉ]+", text or "") if re.search("[åäöÅÄÖ]", w))
    return frozenset(w.lower() for w in words if len(w) > 1)


FREE_TEXT = {"title", "name", "address", "role", "email", "phone", "area", "description", "goals",
             "own_contribution_description", "business_rationale", "organisation", "indicators"}


def user_texts(data: Any) -> list[str]:
    """Every string the user typed (names, addresses, descriptions …), longest first; not the choices."""
    found: list[str] = []

    def walk(value: Any, free: bool) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, key in FREE_TEXT)
        elif isinstance(value, list):
            for item in value:
                walk(item, free)
        elif free and isinstance(value, str) and value.strip():
            found.append(value.strip())

    walk(data, False)
    return sorted(set(found), key=len, reverse=True)


def claims_in(text: str, rules: DocumentRules, lang: str) -> set[str]:
    """Return the claims whose phrases the text contains."""
    return {claim.id for claim in rules.claims.values() if any(p.search(text) for p in claim.phrases.get(lang, ()))}


def _clause_texts(model: DocumentModel) -> list[tuple[str, str]]:
    return [(clause.id, "\n".join([clause.title] + [p.text for p in clause.paragraphs])) for clause in model.clauses]


def read_agreement(model: DocumentModel, rules: DocumentRules, findings: Iterable[str],
                   data: dict[str, Any]) -> list[str]:
    """Return the problems a lawyer reading the whole agreement would mark (empty when it reads right).

    What each section's words state is compared with what its clause file declares it asserts.
    """
    lang = model.lang
    declared = {clause.id: set(clause.claims) for clause in model.clauses}
    fired = set(findings)
    problems: list[str] = []
    texts = _clause_texts(model)
    signed = [text for _id, text in texts] + [p.text for a in model.annexes if a.contractual for p in a.paras]
    whole = model.text()

    for leftover in TEMPLATE_LEFTOVERS:
        if leftover in whole:
            problems.append(f"template text {leftover!r} left in the document")

    # What each section states, and whether anything else in the agreement or the assessment says otherwise.
    stated = {clause_id: claims_in(text, rules, lang) for clause_id, text in texts}
    flat = sorted((claim, clause_id) for clause_id, claims in stated.items() for claim in claims)
    for i, (claim, where) in enumerate(flat):
        for other, elsewhere in flat[i + 1:]:
            if where != elsewhere and rules.conflicting(claim, other):
                problems.append(f"{where} states {claim!r} and {elsewhere} states {other!r}")
        for finding in sorted(rules.claims[claim].contradicted_by & fired):
            problems.append(f"{where} states {claim!r}, which the finding {finding} contradicts")
        if claim not in declared.get(where, set()):
            problems.append(f"{where} states {claim!r} without declaring it")

    for text in signed:
        for pattern in rules.drafter_notes.get(lang, ()):
            if pattern.search(text):
                problems.append(f"a note to the drafter in the signed text: {pattern.pattern!r} in {text[:120]!r}")

    # References: every annex and section referred to is in the document.
    numbers = {annex.number for annex in model.annexes}
    names = {annex.name.split()[0].lower() for annex in model.annexes if annex.name}
    keys = {annex.key for annex in model.annexes}
    for clause_id, text in texts:
        for match in ANNEX_NUMBER[lang].finditer(text):
            if int(match.group(1)) not in numbers:
                problems.append(f"{clause_id} refers to annex {match.group(1)}, which the document does not have")
        for match in ANNEX_NAME[lang].finditer(text):
            name = match.group(1)
            if not name.isdigit() and name.lower() not in names:
                problems.append(f"{clause_id} refers to the annex {name!r}, which is neither produced nor listed")
        for spec in rules.annexes.values():
            if spec.id not in keys and any(p.search(text) for p in spec.mentions.get(lang, ())):
                problems.append(f"{clause_id} mentions {spec.title[lang]!r}, which the document does not list")
        for match in SECTION_NUMBER[lang].finditer(text):
            if not 1 <= int(match.group(1)) <= len(model.clauses):
                problems.append(f"{clause_id} refers to section {match.group(1)}, which does not exist")

    # Number: one partner or several, two parties or more.
    partners = len(data["partners"])
    for text in [model.title] + [t for _id, t in texts]:
        for pattern, wrong in PLURAL_MISTAKES[lang]:
            if (wrong == "many") == (partners > 1) and pattern.search(text):
                problems.append(f"{pattern.pattern!r} with {partners} partner(s): {text[:100]!r}")
        for pattern, wrong in PARTY_MISTAKES[lang]:
            if (wrong == "more") == (partners > 1) and pattern.search(text):
                problems.append(f"{pattern.pattern!r} with {partners + 1} parties: {text[:100]!r}")

    typed = user_texts(data)
    for text in signed:
        clean = text
        for value in typed:
            clean = clean.replace(value, "X")  # what the user typed is theirs to punctuate
        for pattern, what in TYPOGRAPHY:
            if pattern.search(clean):
                problems.append(f"{what}: {text[:160]!r}")

    if lang == "en":
        problems += swedish_in_english(model, typed)
    return problems


def swedish_in_english(model: DocumentModel, typed: list[str]) -> list[str]:
    """Return Swedish words left in an English document, outside names, typed text and quoted sources."""
    lines = [model.title] + [clause.title for clause in model.clauses]
    lines += [p.text for clause in model.clauses for p in clause.paragraphs]
    for annex in model.annexes:
        lines.append(annex.title)
        lines += [para.text for para in annex.paras]
    return swedish_leaks(lines, typed)


def swedish_leaks(lines: Iterable[str], typed: list[str]) -> list[str]:
    """Return a problem for each English line holding Swedish words from the catalogue.

    Left out: what the user typed, the quoted names of Swedish laws and bodies, the lists of
    sources and the citations of the law (Swedish by nature), and a parameter's source.
    """
    words = swedish_words()
    problems = []
    for line in lines:
        if line.startswith(("Sources:", "Legal basis:")):
            continue
        clean = re.sub(r"; source: .*", "", line)
        for value in list(QUOTED_SWEDISH) + typed:
            clean = clean.replace(value, " ")
        found = sorted({w for w in re.findall(r"[A-Za-zÅÄÖåäöéÉ]+", clean) if w.lower() in words})
        if found:
            problems.append(f"Swedish in the English document ({', '.join(found)}): {line[:160]!r}")
    return problems
