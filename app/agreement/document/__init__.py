"""The Word document: the agreement draft assembled from the template, the clauses and the annexes.

Pure: answers, facts, clauses and findings in, .docx bytes out. The template in app/docx
is rendered by docxtpl in a sandboxed, autoescaping environment; clause texts are rendered
separately in the clause sandbox and inserted as escaped text with the numbered clause
styles, so neither users nor reviewers can inject WordprocessingML or template code.
"""
from __future__ import annotations

import datetime as dt
import io
import threading
from pathlib import Path
from typing import Any, Iterable, Mapping

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate, RichText, RichTextParagraph
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..answers import Answers
from ..clauses import Clause, RenderedClause
from ..conditions import Describe, context_for
from ..conditions.words import Vocabulary, describer
from ..facts import Facts
from ..i18n import gettext_for
from ..registry import DocumentRules
from .assemble import (
    TEMPLATE_LABELS, DocumentError, FinalRefused, build_document, finding_ids, open_stops, parameter_values,
    refuse_final,
)
from .comments import add_clause_comments, clause_reasons
from .followup import ChecklistFn
from .model import Annex, Body, DocumentModel, Para, Run

TEMPLATE = Path(__file__).resolve().parent.parent.parent / "docx" / "agreement.docx"
CLAUSE_STYLES = {2: "Klausul2", 3: "Klausul3"}
DOC_LANG = {"sv": "sv-SE", "en": "en-GB"}

class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox the Word template renders in, reusing compiled parts across documents.

    docxtpl compiles every part (body, header, footer, properties) on each render; the
    template's XML is the same each time, so the compiled templates are kept by source.
    """

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self.globals.clear()
        self._compiled: dict[str, Any] = {}
        self._lock = threading.Lock()

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:  # noqa: A002
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:
            template = self._compiled.get(source)
        if template is None:
            template = super().from_string(source)
            with self._lock:
                if len(self._compiled) > 64:  # only a handful of template parts exist
                    self._compiled.clear()
                self._compiled[source] = template
        return template


_ENVIRONMENT = TemplateEnvironment()


def template_environment() -> TemplateEnvironment:
    """Return the sandbox the Word template renders in: escaping on, strict, no globals."""
    return _ENVIRONMENT


def clause_body(rendered: RenderedClause) -> RichTextParagraph:
    """Return a clause's paragraphs as numbered-style Word paragraphs (text escaped)."""
    body = RichTextParagraph()
    for paragraph in rendered.paragraphs:
        body.add(RichText(paragraph.text), parastyle=CLAUSE_STYLES.get(paragraph.level, "Klausul2"))
    return body


def rich_paragraphs(paras: Iterable[Para]) -> RichTextParagraph:
    """Return model paragraphs as styled Word paragraphs (text escaped)."""
    body = RichTextParagraph()
    for para in paras:
        rich = RichText()
        for run in para.runs:
            rich.add(run.text, bold=run.bold or None, italic=run.italic or None)
        body.add(rich, parastyle=para.style)
    return body


def render_document(answers: Answers, facts: Facts, clauses: list[Clause], findings: list[Any], lang: str = "sv",
                    *, draft: bool = True, assessment: dict[str, Any] | None = None,
                    issued: dt.date | None = None, template: str | Path = TEMPLATE,
                    with_comments: bool | None = None, parameters: Mapping[str, Any] | None = None,
                    describe: Describe | None = None, checklist: ChecklistFn | None = None,
                    registry: DocumentRules | None = None, cleared: Iterable[str] = (),
                    refuse_open_stops: bool = True, internal: bool = True) -> bytes:
    """Render the agreement as .docx bytes; `findings` are the fired checkpoints (ids, dicts or objects).

    Drafts carry Word comments on the clause headings (the risks a clause handles and why it
    is included) unless `with_comments` is false; a final document never does. `parameters`
    (name → value) and `describe` let the comments put conditions in the rules' own words.
    """
    issued = issued or dt.date.today()
    model = build_document(answers, facts, clauses, findings, lang, draft=draft, assessment=assessment,
                           issued=issued, parameters=parameters, checklist=checklist, registry=registry,
                           cleared=cleared, refuse_open_stops=refuse_open_stops, internal=internal)
    return render_docx(model, answers, facts, clauses, findings, issued=issued, template=template,
                       with_comments=with_comments, assessment=assessment, parameters=parameters, describe=describe)


def render_docx(model: DocumentModel, answers: Answers, facts: Facts, clauses: list[Clause], findings: list[Any], *,
                issued: dt.date, template: str | Path = TEMPLATE, with_comments: bool | None = None,
                assessment: dict[str, Any] | None = None, parameters: Mapping[str, Any] | None = None,
                describe: Describe | None = None) -> bytes:
    """Write a document model as .docx bytes, with Word comments on the clause headings of a draft."""
    lang, draft = model.lang, model.draft
    context = {
        "t": model.labels,
        "title": model.title,
        "parties": model.parties,
        "draft": model.draft,
        "clauses": [{"id": r.id, "title": r.title, "body": clause_body(r)} for r in model.clauses],
        "annexes": [{"title": a.title, "body": rich_paragraphs(a.paras)} for a in model.annexes],
    }
    tpl = DocxTemplate(str(template))
    tpl.render(context, jinja_env=template_environment())
    _keep_lead_ins_with_next(tpl.docx)
    _break_pages_around_clauses(tpl.docx)
    _set_properties(tpl.docx, answers, lang, issued)
    if draft and with_comments is not False:
        fired = finding_ids(findings)
        values = parameter_values(parameters, assessment)
        details = {f["id"]: f for f in [*((assessment or {}).get("findings") or []), *findings] if isinstance(f, dict)}
        ctx = context_for(answers, facts, values, fired)
        describe = describe or describer(Vocabulary.from_assessment(details, (assessment or {}).get("parameters") or {},
                                                                      lang))
        reasons = clause_reasons(clauses, ctx, lang, describe)
        merged = _merge_findings([*((assessment or {}).get("findings") or []), *findings])
        add_clause_comments(tpl.docx, model.clauses, merged, reasons, lang, issued)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def _keep_lead_ins_with_next(document: Any) -> None:
    """Keep a paragraph that introduces what follows ("… åtar sig att:", "Utlöst av:") on the page of its first item."""
    for paragraph in document.paragraphs:
        if paragraph.text.rstrip().endswith(":"):
            paragraph.paragraph_format.keep_with_next = True


KEPT_WITH_SIGNATURES = 4  # paragraphs of the last clause that stay on the page of the signatures


def _break_pages_around_clauses(document: Any) -> None:
    """Start the first clause on a new page, and keep the last clause on the page of the signatures.

    A signature page that holds no text of the agreement could be swapped for another; the last
    clause (on signing) therefore keeps with the first party's signature block.
    """
    headings = [p for p in document.paragraphs if p.style is not None and p.style.name == "Klausul1"]
    if not headings:
        return
    headings[0].paragraph_format.page_break_before = True
    last_clause, element = [], headings[-1]._p.getnext()
    while element is not None and element.tag == qn("w:p"):
        last_clause.append(Paragraph(element, headings[-1]._parent))
        element = element.getnext()
    if element is None or element.tag != qn("w:tbl"):
        return  # no signature table follows
    for paragraph in last_clause[-KEPT_WITH_SIGNATURES:]:
        paragraph.paragraph_format.keep_with_next = True


def _merge_findings(findings: list[Any]) -> list[Any]:
    """Keep one entry per finding id, preferring the one with details (a dict or object)."""
    merged: dict[str, Any] = {}
    for finding in findings:
        key = finding_ids([finding])[0]
        if key not in merged or isinstance(merged[key], str):
            merged[key] = finding
    return list(merged.values())


CORE_PROPERTY_CHARS = 255  # Word's limit for a core property


def _fit(text: str) -> str:
    """Shorten a core property to Word's limit, at a word where possible."""
    if len(text) <= CORE_PROPERTY_CHARS:
        return text
    cut = text[:CORE_PROPERTY_CHARS - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _set_properties(document: Any, answers: Answers, lang: str, issued: dt.date) -> None:
    """Set the core properties and proofing language after rendering (never through Jinja)."""
    _ = gettext_for(lang)
    props = document.core_properties
    props.title = _fit(answers.title)
    props.subject = _("Samverkansavtal")
    props.author = _fit(answers.housing_company.name)
    props.last_modified_by = _fit(answers.housing_company.name)
    props.language = DOC_LANG.get(lang, "sv-SE")
    props.keywords = _fit(", ".join(p.name for p in answers.partners))
    moment = dt.datetime.combine(issued, dt.time(0, 0))
    props.created = props.modified = moment
    props.revision = 1
    if lang != "sv":
        rpr = document.styles["Normal"].element.get_or_add_rPr()
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{DOC_LANG[lang]}"/>'))
