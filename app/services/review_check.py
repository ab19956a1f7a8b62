"""Checks a reviewer's edit before it is saved: text syntax and names, the condition, every example.

The editor sends plain strings; `check_content` turns them into the clause file format and
returns the problems with the form field and the line they concern, in the reviewer's
language. A text is saved only when it parses, names only known facts and filters, and
renders for every shipped example in each language it has.
"""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from flask import g, has_request_context
from flask_babel import get_locale, gettext as _

from ..agreement import yamlio
from ..agreement.clauses import ClauseError, build_clause, text_context, title_problem
from ..agreement.conditions import ConditionError, compile_condition
from ..agreement.sandbox import ClauseRenderError, check_template, render_text
from .assessment import get_rules
from .documents import assess_for_document
from ..agreement.answers import Answers
from .examples import Example, load_examples

LANGS = ("sv", "en")
MAX_TEXT_CHARS = 20_000
MAX_SHORT_CHARS = 300


@dataclass(frozen=True)
class Problem:
    """One reason the edit cannot be saved: the form field, the line (if any) and the message."""

    field: str
    line: int | None
    message: str


def _ui_lang() -> str:
    """Return the reviewer's language; Swedish outside a request (the CLI, a service call)."""
    return str(get_locale() or "sv") if has_request_context() else "sv"


def _rules() -> Any:
    """Return the rules file (for checkpoint ids and parameters), or None when it cannot be read."""
    if "_clause_check_rules" not in g:
        try:
            g._clause_check_rules = get_rules()
        except Exception:  # noqa: BLE001 - a missing or broken rules file only weakens the check
            g._clause_check_rules = None
    return g._clause_check_rules


def parse_condition(source: str) -> tuple[Any, list[Problem]]:
    """Parse and compile the condition YAML; an empty field means the clause is always included."""
    if not source.strip():
        return "always", []
    try:
        tree = yamlio.load(source)
    except yamlio.yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        return None, [Problem("include_when", line, _("Villkoret är inte giltig YAML: %(reason)s",
                                                      reason=getattr(exc, "problem", None) or str(exc)))]
    rules = _rules()
    try:
        compile_condition(tree, source=_("villkoret"), line=1,
                          parameters=set(rules.parameters) if rules else None,
                          findings=set(rules.by_id) if rules and rules.by_id else None)
    except ConditionError as exc:
        return None, [Problem("include_when", exc.line or 1, exc.message)]
    return tree, []


def parse_asserts(source: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Parse the claims a text makes (a YAML list of {claim, when}) and check them against the registry."""
    if not source.strip():
        return [], []
    try:
        items = yamlio.load(source)
    except yamlio.yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [Problem("asserts", mark.line + 1 if mark is not None else 1,
                            _("Påståendena är inte giltig YAML: %(reason)s", reason=getattr(exc, "problem", None) or exc))]
    if not isinstance(items, list) or not all(isinstance(i, dict) and isinstance(i.get("claim"), str)
                                              and set(i) <= {"claim", "when"} for i in items):
        return [], [Problem("asserts", None, _("Skriv påståendena som en lista: - claim: id, med when: villkor vid "
                                               "behov."))]
    rules = _rules()
    try:
        from .documents import document_rules

        known = set(document_rules().claims)
    except Exception:  # noqa: BLE001 - a broken document rules file only weakens the check
        known = None
    problems = []
    for item in items:
        if known is not None and item["claim"] not in known:
            problems.append(Problem("asserts", yamlio.line_of(item, None), _("Okänt påstående: %(id)s",
                                                                             id=item["claim"])))
        try:
            compile_condition(item.get("when", "always"), source=_("påståendet"), line=yamlio.line_of(item, 1),
                              parameters=set(rules.parameters) if rules else None,
                              findings=set(rules.by_id) if rules and rules.by_id else None)
        except ConditionError as exc:
            problems.append(Problem("asserts", exc.line or None, exc.message))
    return [dict(item) for item in items], problems


def parse_addresses(source: str) -> tuple[list[str], list[Problem]]:
    """Split the comma-separated checkpoint ids and check them against the rules file."""
    ids = [part.strip() for part in source.replace("\n", ",").split(",") if part.strip()]
    rules = _rules()
    known = set(rules.by_id) if rules and rules.by_id else None
    unknown = [i for i in ids if known is not None and i not in known]
    if unknown:
        return ids, [Problem("addresses", None, _("Okänd kontrollpunkt: %(ids)s", ids=", ".join(unknown)))]
    return ids, []


#: Each example's text context by language and day, while the example file and the rules file stay the
#: same (the parsed objects are reused until their files change): a clause save checks its texts against
#: every example in both languages without assessing each example again.
_contexts: dict[tuple[int, int, str, dt.date], tuple[Example, Any, dict[str, Any]]] = {}
_contexts_lock = threading.Lock()


def example_context(example: Example, lang: str) -> dict[str, Any]:
    """Return the context a clause text sees when rendered for this example (one assessment per example,
    language and day in a process). The context is shared: rendering reads it and never changes it."""
    rules, day = get_rules(), dt.date.today()
    key = (id(example), id(rules), lang, day)
    cached = _contexts.get(key)
    if cached is not None and cached[0] is example and cached[1] is rules:
        return cached[2]
    facts, findings, _parameters, _assessment = assess_for_document(example.answers, on=day, lang=lang)
    context = text_context(example.answers, facts, findings, lang)
    with _contexts_lock:
        if len(_contexts) > 256:  # old days and replaced files: start afresh
            _contexts.clear()
        _contexts[key] = (example, rules, context)
    return context


def render_for_example(source: str, example: Example, lang: str) -> str:
    """Render a clause text for one example (raises ClauseRenderError)."""
    return render_text(source, example_context(example, lang))


def _text_problems(name: str, source: str, lang: str, examples: list[Example]) -> list[Problem]:
    if len(source) > MAX_TEXT_CHARS:
        return [Problem(name, None, _("Texten är för lång: %(length)s tecken (högst %(max)s).",
                                      length=len(source), max=MAX_TEXT_CHARS))]
    problems = [Problem(name, p.line, p.message) for p in check_template(source, _ui_lang())]
    if problems:
        return problems
    for example in examples:
        try:
            render_for_example(source, example, lang)
        except ClauseRenderError as exc:
            return [Problem(name, exc.line, _("Texten går inte att fylla i för exemplet %(example)s: %(reason)s",
                                              example=example.id, reason=exc.message))]
    return []


def check_content(key: str, order: int, fields: dict[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    """Build the clause content from the editor's fields and return it with every problem found."""
    get = lambda name: (fields.get(name) or "").replace("\r\n", "\n")  # noqa: E731
    problems: list[Problem] = []
    for name in ("title_sv", "title_en", "title_plural_sv", "title_plural_en"):
        if len(get(name)) > MAX_SHORT_CHARS:
            problems.append(Problem(name, None, _("Rubriken är för lång (högst %(max)s tecken).", max=MAX_SHORT_CHARS)))
        elif get(name).strip() and (problem := title_problem({"sv": get(name).strip()}, _ui_lang(), _("rubriken"))):
            problems.append(Problem(name, None, problem))
    if not get("title_sv").strip():
        problems.append(Problem("title_sv", None, _("Ange en svensk rubrik.")))
    if not get("text_sv").strip():
        problems.append(Problem("text_sv", None, _("Ange klausulens svenska text.")))
    if len(get("notes")) > MAX_TEXT_CHARS:
        problems.append(Problem("notes", None, _("Anteckningarna är för långa (högst %(max)s tecken).",
                                                 max=MAX_TEXT_CHARS)))
    include_when, condition_problems = parse_condition(get("include_when"))
    addresses, address_problems = parse_addresses(get("addresses"))
    asserts, assert_problems = parse_asserts(get("asserts"))
    problems += condition_problems + address_problems + assert_problems
    examples = load_examples()
    for lang in LANGS:
        source = get(f"text_{lang}")
        if source.strip():
            problems += _text_problems(f"text_{lang}", source, lang, examples)
    content = {
        "id": key, "order": order,
        "title": {lang: get(f"title_{lang}").strip() for lang in LANGS if get(f"title_{lang}").strip()},
        "include_when": include_when, "addresses": addresses, "notes": get("notes") if get("notes").strip() else "",
        "text": {lang: get(f"text_{lang}") for lang in LANGS if get(f"text_{lang}").strip()},
    }
    plural = {lang: get(f"title_plural_{lang}").strip() for lang in LANGS if get(f"title_plural_{lang}").strip()}
    if plural:
        content["title_plural"] = plural
    if asserts:
        content["asserts"] = asserts
    return content, problems


@dataclass(frozen=True)
class Preview:
    """A rendered clause text for one example, or the reason it could not be rendered."""

    example_id: str
    lang: str
    text: str | None
    problem: Problem | None
    title: str = ""  # the heading as the example's agreement shows it (plural with several partners)
    # The clause as the document shows it, numbered, with one partner and with several side by side.
    variants: tuple[PreviewVariant, ...] = ()


@dataclass(frozen=True)
class PreviewVariant:
    label: str
    title: str
    paragraphs: tuple[Any, ...]  # document.model.NumberedParagraph


PREVIEW_NUMBER = 7  # a clause number for the preview's points (7.1, 7.2 …): any number reads as in the document


def with_partner_count(answers: Answers, count: int) -> Answers:
    """Return the answers with one partner, or with a second partner added (shares split evenly)."""
    data = answers.model_dump(mode="json")
    partners = data["partners"]
    if count == 1:
        partners = [{**partners[0], "payment_share_percent": None, "payment_share_sek_per_year": None}]
    elif len(partners) < 2:
        second = {**partners[0], "name": _("Exempelföreningen 2"), "org_number": "802400-0013",
                  "contact": {}, "signatory": {}}
        partners = [partners[0], second]
    if len(partners) > 1 and data["exchange"]["company_pays"]:
        share = round(100 / len(partners), 4)
        partners = [{**p, "payment_share_percent": share, "payment_share_sek_per_year": None} for p in partners]
        partners[-1]["payment_share_percent"] = round(100 - share * (len(partners) - 1), 4)
    return Answers.model_validate({**data, "partners": partners})


def preview_variants(source: str, example: Example, lang: str, titles: dict[str, str]) -> tuple[PreviewVariant, ...]:
    """Render the text for the example with one partner and with several, numbered as the document numbers it."""
    from ..agreement.clauses import split_paragraphs
    from ..agreement.document.model import number_paragraphs

    variants = []
    for count, label in ((1, _("En partner")), (2, _("Flera partner"))):
        answers = with_partner_count(example.answers, count)
        facts, findings, _parameters, _assessment = assess_for_document(answers, lang=lang)
        text = render_text(source, text_context(answers, facts, findings, lang))
        many = len(answers.partners) > 1
        title = (titles.get(f"title_plural_{lang}") if many else "") or titles.get(f"title_{lang}") or \
            titles.get("title_sv", "")
        variants.append(PreviewVariant(label, title, number_paragraphs(PREVIEW_NUMBER, split_paragraphs(text))))
    return tuple(variants)


def preview_text(source: str, example_id: str | None, lang: str, titles: dict[str, str] | None = None) -> Preview:
    """Render a clause text, and its heading, for the chosen example (the first one by default) in `lang`."""
    lang = lang if lang in LANGS else "sv"
    examples = load_examples()
    example = next((e for e in examples if e.id == example_id), examples[0] if examples else None)
    field = f"text_{lang}"
    titles = titles or {}
    many = example is not None and len(example.answers.partners) > 1
    title = (titles.get(f"title_plural_{lang}") if many else "") or titles.get(f"title_{lang}") or \
        titles.get("title_sv", "")
    if title and (problem := title_problem({"sv": title}, _ui_lang(), _("rubriken"))):
        return Preview(example.id if example else "", lang, None, Problem(f"title_{lang}", None, problem), title)
    if example is None:
        return Preview("", lang, None, Problem(field, None, _("Det finns inga exempel att förhandsgranska med.")))
    if len(source) > MAX_TEXT_CHARS:
        return Preview(example.id, lang, None, Problem(field, None, _("Texten är för lång: %(length)s tecken (högst %(max)s).",
                                                                      length=len(source), max=MAX_TEXT_CHARS)))
    problems = check_template(source, _ui_lang())
    if problems:
        return Preview(example.id, lang, None, Problem(field, problems[0].line, problems[0].message))
    try:
        text = render_for_example(source, example, lang)
        variants = preview_variants(source, example, lang, titles)
    except ClauseRenderError as exc:
        return Preview(example.id, lang, None, Problem(field, exc.line, exc.message), title)
    return Preview(example.id, lang, text, None, title, variants)


def version_problems(version: Any, library: dict[str, Any]) -> list[str]:
    """Return why a version may not be submitted or approved: it fails the checks a saved edit must pass
    (headings, texts, conditions, claims, rendering every example), or the approved library with it
    contradicts itself (claims, references, whole agreements over the examples and generated answers).

    `library` maps clause key -> the core clause now approved (the version replaces its clause's).
    """
    from ..agreement.consistency import library_problems
    from .documents import document_rules

    try:
        clause = build_clause(version.content(), source=f"bibliotek/{version.clause.key} v{version.number}",
                              lang=_ui_lang())
    except ClauseError as exc:
        return [str(exc)]
    examples = load_examples()
    for lang in LANGS:
        if clause.text.get(lang, "").strip():
            problems = _text_problems(f"text_{lang}", clause.text[lang], lang, examples)
            if problems:
                line = f" (rad {problems[0].line})" if problems[0].line else ""
                return [f"[{lang}]{line} {problems[0].message}"]
    clauses = [c for key, c in library.items() if key != clause.id] + [clause]
    rules = _rules()
    if rules is None:
        return []
    return library_problems(sorted(clauses, key=lambda c: (c.order, c.id)), rules, document_rules(),
                            [e.answers for e in examples])
