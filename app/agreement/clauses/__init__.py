"""The clause file format, selection of the clauses an agreement needs, and their rendering.

A clause file (`clauses/<id>.yaml`) holds the id, the catalogue order, a heading per language
(and a plural heading for agreements with several partners), the condition that includes it
(`include_when`, the shared condition language), the checkpoints it addresses and the claims
its text makes (`asserts`, named in rules/document.yaml). The text is a sandboxed Jinja
template; each blank-line separated paragraph becomes a numbered point and each line starting
with "- " a lettered sub-item.
"""
from .loader import build_clause, load_clause_dir, load_clause_file, title_problem
from .model import CLAUSE_KEYS, LANGS, Assertion, Clause, ClauseError, Paragraph, RenderedClause, content_hash
from .render import (
    DEFINED_TERMS, LINE_SEPARATOR, REFERENCE, References, active_claims, defined_terms, missing_language, parties,
    referenced, render_clause, resolve_references, select, split_paragraphs, text_context,
)

__all__ = [
    "CLAUSE_KEYS", "DEFINED_TERMS", "LANGS", "LINE_SEPARATOR", "REFERENCE", "Assertion", "Clause", "ClauseError",
    "Paragraph", "References", "RenderedClause", "active_claims", "build_clause", "content_hash", "defined_terms",
    "load_clause_dir", "load_clause_file", "missing_language", "parties", "referenced", "render_clause",
    "resolve_references", "select", "split_paragraphs", "text_context", "title_problem",
]
