"""`flask clauses lint`: every check a clause directory must pass before it is imported."""
from __future__ import annotations

from pathlib import Path

from ..agreement.checkpoints import load_rules
from ..agreement.clauses import Clause, ClauseError, load_clause_file, missing_language, render_clause, text_context
from ..agreement.conditions import ConditionError
from ..agreement.i18n import gettext_for

_ = gettext_for("sv")


def _load(directory: Path, problems: list[str]) -> list[Clause]:
    clauses = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            clauses.append(load_clause_file(path))
        except ClauseError as exc:
            problems.extend(str(exc).splitlines())
    seen: dict[str, str] = {}
    for clause in clauses:
        if clause.id in seen:
            problems.append(f"{clause.source}:1: " + _("id %(id)s finns redan i %(other)s", id=clause.id,
                                                         other=seen[clause.id]))
        seen[clause.id] = clause.source
    return clauses


def _check_references(clauses: list[Clause], rules_file: Path, problems: list[str]) -> None:
    try:
        rules = load_rules(rules_file)
    except ConditionError as exc:
        problems.extend(str(exc).splitlines())
        return
    checkpoint_ids = set(rules.by_id)
    clause_ids = {c.id for c in clauses}
    for clause in clauses:
        for ref in sorted(set(clause.addresses) - checkpoint_ids):
            problems.append(f"{clause.source}:1: addresses: " + _("okänd kontrollpunkt %(id)s", id=ref))
        for ref in sorted(set(clause.condition.finding_refs) - checkpoint_ids):
            problems.append(f"{clause.source}:1: include_when: " + _("okänd kontrollpunkt %(id)s", id=ref))
    for checkpoint in rules.checkpoints:
        for clause_id in checkpoint.recommends:
            if clause_id not in clause_ids:
                problems.append(f"{rules.source}:{checkpoint.line}: " + _(
                    "%(checkpoint)s rekommenderar klausulen %(clause)s, som inte finns i biblioteket",
                    checkpoint=checkpoint.id, clause=clause_id))


def _check_rendering(clauses: list[Clause], problems: list[str]) -> None:
    from .assessment import assess_answers
    from .examples import load_examples

    for example in load_examples():
        assessment = assess_answers(example.answers)
        findings = {f.id for f in assessment.findings}
        for lang in ("sv", "en"):
            context = text_context(example.answers, assessment.facts_object, findings, lang)
            for clause in clauses:
                if lang == "en" and clause in missing_language([clause], "en"):
                    continue
                try:
                    render_clause(clause, context, lang)
                except ClauseError as exc:
                    problems.append(f"{exc} " + _("(exempel %(id)s, %(lang)s)", id=example.id, lang=lang))


def lint_clauses(directory: Path, rules_file: Path | None = None) -> list[str]:
    """Return every problem found, as `file:line: reason` lines; empty when the library is sound.

    Beyond each file: what the library says as a whole – claims that contradict each other or the
    findings, references to annexes and sections, over the examples and generated agreements.
    """
    from .. import PROJECT_ROOT
    from ..agreement.consistency import library_problems
    from ..agreement.registry import RegistryError, load_document_rules
    from .examples import load_examples

    problems: list[str] = []
    clauses = _load(directory, problems)
    rules_path = rules_file or PROJECT_ROOT / "rules" / "checkpoints.yaml"
    _check_references(clauses, rules_path, problems)
    for clause in missing_language(clauses, "en"):
        problems.append(f"{clause.source}:1: " + _("engelsk text eller rubrik saknas"))
    if not problems:
        _check_rendering(clauses, problems)
    if not problems:
        rules = load_rules(rules_path)
        try:
            registry = load_document_rules(checkpoint_ids=set(rules.by_id))
        except RegistryError as exc:
            return [str(e) for e in exc.errors]
        problems += library_problems(clauses, rules, registry, [e.answers for e in load_examples()])
    return problems
