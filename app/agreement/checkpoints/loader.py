"""Read and validate rules/checkpoints.yaml: dated parameters and the risk checkpoints."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .. import yamlio
from ..conditions import Condition, ConditionError, compile_condition
from ..facts import PARAMETERS_USED
from ..i18n import N_, gettext_for
from .model import TERM_NAMES, Checkpoint, Example, Handled, Parameter, Rules, fill_terms

_sv = gettext_for("sv")
SEVERITIES = ("info", "warning", "stop")
UNITS = ("sek", "eur", "months", "days", "rate", "percent")
SYSTEM_CHECKS = ("stale_parameters",)
TOP_KEYS = {"version", "groups", "parameters", "example_date", "example_base", "checkpoints"}
PARAMETER_KEYS = {"value", "unit", "title", "valid_from", "valid_to", "source", "provisional", "note"}
CHECKPOINT_KEYS = {"id", "severity", "group", "title", "explanation", "action", "legal_basis", "sources",
                   "recommends", "when", "escalate", "system", "show_value", "show_aid", "examples",
                   "note", "practice", "handled", "notes"}
TEXT_KEYS = ("title", "explanation", "action")
# `{direct_award_limit_sek}` in a checkpoint's text stands for the parameter's value, formatted
# in the text's language: a text never repeats a limit that the parameters hold. The terms of
# model.PARTNER_TERMS (`{partner}`, `{Partner}`, `{partner_gen}` …) are left for the assessment,
# which knows how many partners there are; any other name is a mistake.
PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)\}")


class RulesError(ConditionError):
    """One or more mistakes in a rules file; `errors` holds each as a ConditionError."""

    def __init__(self, errors: list[ConditionError]):
        first = errors[0]
        super().__init__(first.source, first.line, first.message)
        self.errors = errors
        self.args = ("\n".join(str(e) for e in errors),)

    def __str__(self) -> str:
        return self.args[0]


class RulesReader:
    def __init__(self, source: str):
        self.source = source
        self.errors: list[ConditionError] = []

    def fail(self, line: int, message: str, **variables: Any) -> None:
        self.errors.append(ConditionError(self.source, line, _sv(message, **variables)))

    def keys(self, node: dict, allowed: set[str], line: int) -> None:
        for key in node:
            if key not in allowed:
                self.fail(line, N_("okänd nyckel '%(key)s'"), key=key)

    def text(self, node: dict, key: str, line: int, required: bool = True) -> dict[str, str] | None:
        value = node.get(key)
        if value is None and not required:
            return None
        if isinstance(value, str) and key in ("legal_basis", "note", "practice"):
            return {"sv": value, "en": value}
        if not isinstance(value, dict) or set(value) != {"sv", "en"} or not all(
                isinstance(v, str) and v.strip() for v in value.values()):
            self.fail(yamlio.line_of(value, line), N_("'%(key)s' ska ha text på både sv och en"), key=key)
            return {"sv": "", "en": ""}
        return {lang: " ".join(text.split()) for lang, text in value.items()}

    def parameter(self, name: str, node: Any, line: int) -> Parameter | None:
        if not isinstance(node, dict):
            self.fail(line, N_("parametern '%(name)s' ska vara ett objekt"), name=name)
            return None
        line = yamlio.line_of(node, line)
        self.keys(node, PARAMETER_KEYS, line)
        value, unit = node.get("value"), node.get("unit")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            self.fail(line, N_("parametern '%(name)s' saknar ett positivt värde"), name=name)
        if unit not in UNITS:
            self.fail(line, N_("okänd enhet '%(unit)s' (tillåtna: %(units)s)"), unit=unit, units=", ".join(UNITS))
        dates = {}
        for key in ("valid_from", "valid_to"):
            if node.get(key) is not None and not isinstance(node.get(key), dt.date):
                self.fail(line, N_("%(key)s ska vara ett datum (ÅÅÅÅ-MM-DD)"), key=key)
            dates[key] = node.get(key) if isinstance(node.get(key), dt.date) else None
        source = node.get("source")
        if isinstance(source, str) and source.strip():
            source = {"sv": source.strip(), "en": source.strip()}
        elif isinstance(source, dict):
            source = self.text(node, "source", line)
        else:
            self.fail(line, N_("parametern '%(name)s' saknar källa"), name=name)
            source = {"sv": "", "en": ""}
        if not isinstance(node.get("provisional", False), bool):
            self.fail(line, N_("provisional ska vara true eller false"))
        return Parameter(name, value if isinstance(value, (int, float)) else 0, unit or "",
                         self.text(node, "title", line) or {}, dates["valid_from"], dates["valid_to"],
                         source, node.get("provisional") is True,
                         self.text(node, "note", line, required=False))

    def sources(self, node: dict, line: int) -> tuple[dict[str, Any], ...]:
        """Return each source as {title: {sv, en}, url}; a title may be one text for both languages."""
        items = node.get("sources")
        if not isinstance(items, list) or not items:
            self.fail(line, N_("minst en källa behövs"))
            return ()
        result = []
        for item in items:
            if isinstance(item, str) and item.strip():
                item = {"title": item}
            title = item.get("title") if isinstance(item, dict) and set(item) <= {"title", "url"} else None
            if isinstance(title, str) and title.strip():
                result.append({"title": {"sv": title.strip(), "en": title.strip()}, "url": str(item.get("url") or "")})
            elif isinstance(title, dict):
                result.append({"title": self.text(item, "title", yamlio.line_of(item, line)) or {},
                               "url": str(item.get("url") or "")})
            else:
                self.fail(yamlio.line_of(item, line), N_("en källa är en text eller {title, url}"))
        return tuple(result)

    def condition(self, tree: Any, line: int, parameters: set[str], ids: set[str]) -> Condition | None:
        try:
            return compile_condition(tree, source=self.source, line=line, parameters=parameters, findings=ids)
        except ConditionError as exc:
            self.errors.append(exc)
            return None

    def examples(self, node: Any, line: int, needs_negative: bool) -> tuple[Example, ...]:
        if not isinstance(node, dict) or set(node) - {"triggers", "not_triggers"}:
            self.fail(yamlio.line_of(node, line), N_("examples ska ha triggers och not_triggers"))
            return ()
        line = yamlio.line_of(node, line)
        result = []
        for key in ("triggers", "not_triggers"):
            items = node.get(key) or []
            if not isinstance(items, list) or (not items and (key == "triggers" or needs_negative)):
                self.fail(line, N_("minst ett exempel behövs under %(key)s"), key=key)
                continue
            for item in items:
                if not isinstance(item, dict):
                    self.fail(line, N_("ett exempel ska vara ett objekt med svar"))
                    continue
                result.append(Example(item, key == "triggers", yamlio.line_of(item, line)))
        return tuple(result)

    def fill(self, texts: dict[str, str], parameters: dict[str, Parameter], line: int,
             used: set[str] | None = None) -> dict[str, str]:
        """Replace `{parameter}` placeholders with the parameter's value in each language.

        The partner terms stay for the assessment; the names of the parameters filled in are
        added to `used`.
        """
        from ..conditions.words import amount

        unknown: list[str] = []

        def value(lang: str) -> Any:
            def replace(match: re.Match[str]) -> str:
                name = match.group(1)
                if name in TERM_NAMES:
                    return match.group(0)
                parameter = parameters.get(name)
                if parameter is None:
                    if name not in unknown:
                        unknown.append(name)
                    return match.group(0)
                if used is not None:
                    used.add(name)
                return amount(parameter.value, parameter.unit, lang)
            return replace

        filled = {lang: PLACEHOLDER.sub(value(lang), text) for lang, text in texts.items()}
        for name in unknown:
            self.fail(line, N_("okänd parameter '%(name)s' i texten"), name=name)
        return filled

    def checkpoint(self, node: Any, line: int, groups: dict, parameters: dict[str, Parameter],
                   ids: set[str]) -> Checkpoint | None:
        if not isinstance(node, dict) or not isinstance(node.get("id"), str):
            self.fail(yamlio.line_of(node, line), N_("en kontrollpunkt ska ha ett id"))
            return None
        line = yamlio.line_of(node, line)
        self.keys(node, CHECKPOINT_KEYS, line)
        severity, group = node.get("severity"), node.get("group")
        if severity not in SEVERITIES:
            self.fail(line, N_("okänd allvarlighetsgrad '%(value)s' (tillåtna: %(allowed)s)"),
                      value=severity, allowed=", ".join(SEVERITIES))
        if group not in groups:
            self.fail(line, N_("okänd grupp '%(value)s'"), value=group)
        text_parameters: set[str] = set()
        templates = {key: self.fill(self.text(node, key, line) or {}, parameters, line, text_parameters)
                     for key in TEXT_KEYS}
        texts = {key: {lang: fill_terms(text, lang, 1) for lang, text in template.items()}
                 for key, template in templates.items()}
        system = node.get("system")
        if system is not None and system not in SYSTEM_CHECKS:
            self.fail(line, N_("okänd systemkontroll '%(value)s'"), value=system)
        if system is not None and "when" in node:
            self.fail(line, N_("en systemkontroll har inget when"))
        if system is None and "when" not in node:
            self.fail(line, N_("when saknas"))
        when = None if system else self.condition(node.get("when"), line, parameters, ids)
        escalate = None
        if "escalate" in node:
            esc = node["escalate"]
            esc_line = yamlio.line_of(esc, line)
            if not isinstance(esc, dict) or set(esc) != {"to", "when"} or esc["to"] not in SEVERITIES:
                self.fail(esc_line, N_("escalate ska ha to (info, warning eller stop) och when"))
            elif severity in SEVERITIES and SEVERITIES.index(esc["to"]) <= SEVERITIES.index(severity):
                self.fail(esc_line, N_("escalate ska höja allvarlighetsgraden"))
            else:
                condition = self.condition(esc["when"], esc_line, parameters, ids)
                escalate = (esc["to"], condition) if condition else None
        recommends = node.get("recommends") or []
        if not isinstance(recommends, list) or not all(isinstance(r, str) for r in recommends):
            self.fail(line, N_("recommends ska vara en lista med klausul-id"))
            recommends = []
        for flag in ("show_value", "show_aid"):
            if not isinstance(node.get(flag, False), bool):
                self.fail(line, N_("%(key)s ska vara true eller false"), key=flag)
        examples = self.examples(node.get("examples"), line, needs_negative=node.get("when", "always") != "always")
        return Checkpoint(node["id"], severity, group, texts, self.text(node, "legal_basis", line, required="practice" not in node) or {},
                          self.sources(node, line), tuple(recommends), when, escalate, system,
                          node.get("show_value") is True, examples, line, templates, frozenset(text_parameters),
                          node.get("show_aid") is True, practice=self.text(node, "practice", line, required=False),
                          handled=self.handled(node.get("handled"), line, parameters, ids),
                          notes=self.notes(node.get("notes"), line, parameters, ids))

    def handled(self, node: Any, line: int, parameters: dict[str, Parameter], ids: set[str]) -> Handled | None:
        """Read `handled: {when, note, action?}`: what the finding says once the answers already deal with it."""
        if node is None:
            return None
        line = yamlio.line_of(node, line)
        if not isinstance(node, dict) or not {"when", "note"} <= set(node) or not set(node) <= {"when", "note", "action"}:
            self.fail(line, N_("handled ska ha when och note, och kan ha action"))
            return None
        condition = self.condition(node["when"], line, parameters, ids)
        note = self.fill(self.text(node, "note", line) or {}, parameters, line)
        action = self.fill(self.text(node, "action", line) or {}, parameters, line) if "action" in node else None
        return Handled(condition, note, action) if condition is not None else None

    def notes(self, node: Any, line: int, parameters: dict[str, Parameter],
              ids: set[str]) -> tuple[tuple[Condition, dict[str, str]], ...]:
        """Read `notes: [{when, text}]`: lines the finding adds when their condition holds."""
        if node is None:
            return ()
        if not isinstance(node, list):
            self.fail(yamlio.line_of(node, line), N_("notes ska vara en lista med when och text"))
            return ()
        result = []
        for item in node:
            item_line = yamlio.line_of(item, line)
            if not isinstance(item, dict) or set(item) != {"when", "text"}:
                self.fail(item_line, N_("notes ska vara en lista med when och text"))
                continue
            condition = self.condition(item["when"], item_line, parameters, ids)
            text = self.fill(self.text(item, "text", item_line) or {}, parameters, item_line)
            if condition is not None:
                result.append((condition, text))
        return tuple(result)


def _check_group_order(checkpoints: list[Checkpoint], groups: list[str], reader: RulesReader) -> None:
    """Findings are shown in file order, group by group: a checkpoint may not come after a later group's."""
    latest = 0
    for cp in checkpoints:
        if cp.group not in groups:
            continue
        position = groups.index(cp.group)
        if position < latest:
            reader.fail(cp.line, N_("%(id)s hör till gruppen '%(group)s' men står efter gruppen '%(later)s': "
                                    "ordna kontrollpunkterna efter grupperna"),
                        id=cp.id, group=cp.group, later=groups[latest])
        latest = max(latest, position)


def _evaluation_order(checkpoints: list[Checkpoint], reader: RulesReader) -> list[Checkpoint]:
    """Order checkpoints so that each comes after those it refers to; report cycles."""
    by_id = {cp.id: cp for cp in checkpoints}
    order: list[Checkpoint] = []
    state: dict[str, int] = {}  # 1 = visiting, 2 = done

    def visit(cp: Checkpoint, trail: list[str]) -> None:
        if state.get(cp.id) == 2:
            return
        if state.get(cp.id) == 1:
            cycle = trail[trail.index(cp.id):] + [cp.id]
            reader.fail(cp.when.line if cp.when else cp.line, N_("cirkulär hänvisning mellan kontrollpunkter: %(cycle)s"), cycle=" → ".join(cycle))
            return
        state[cp.id] = 1
        for ref in sorted(cp.finding_refs):
            if ref in by_id:
                visit(by_id[ref], trail + [cp.id])
        state[cp.id] = 2
        order.append(cp)

    for cp in checkpoints:
        visit(cp, [])
    return order


def parse_rules(text: str, source: str = "<rules>") -> Rules:
    """Validate the text of a rules file, raising RulesError listing every mistake found."""
    reader = RulesReader(source)
    try:
        data = yamlio.load(text)
    except yamlio.yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RulesError([ConditionError(source, mark.line + 1 if mark else 0,
                                         _sv(N_("ogiltig YAML: %(problem)s"), problem=getattr(exc, "problem", exc)))])
    if not isinstance(data, dict):
        raise RulesError([ConditionError(source, 1, _sv(N_("regelfilen ska vara ett objekt")))])
    reader.keys(data, TOP_KEYS, 1)
    groups = {}
    for name, title in (data.get("groups") or {}).items():
        groups[name] = reader.text({"group": title}, "group", yamlio.line_of(data.get("groups"), 1)) or {}
    raw_parameters = data.get("parameters") or {}
    parameters = {name: p for name, node in raw_parameters.items()
                  if (p := reader.parameter(name, node, yamlio.line_of(raw_parameters, 1))) is not None}
    for name in PARAMETERS_USED:
        if name not in parameters:
            reader.fail(yamlio.line_of(raw_parameters, 1), N_("parametern '%(name)s' saknas"), name=name)
    raw_checkpoints = data.get("checkpoints") or []
    ids = [node.get("id") for node in raw_checkpoints if isinstance(node, dict)]
    checkpoints = []
    for node in raw_checkpoints:
        cp = reader.checkpoint(node, 1, groups, parameters, set(ids))
        if cp is not None:
            if cp.id in {c.id for c in checkpoints}:
                reader.fail(cp.line, N_("id '%(id)s' finns redan"), id=cp.id)
            checkpoints.append(cp)
    _check_group_order(checkpoints, list(groups), reader)
    order = _evaluation_order(checkpoints, reader)
    example_date = data.get("example_date")
    if not isinstance(example_date, dt.date):
        reader.fail(1, N_("example_date ska vara ett datum (ÅÅÅÅ-MM-DD)"))
    if not isinstance(data.get("example_base"), dict):
        reader.fail(1, N_("example_base saknas"))
    if reader.errors:
        raise RulesError(reader.errors)
    used = set(PARAMETERS_USED).union(*(cp.parameter_refs | cp.text_parameters for cp in checkpoints))
    return Rules(source, parameters, groups, checkpoints, order, data["example_base"], example_date,
                 tuple(name for name in parameters if name in used), {cp.id: cp for cp in checkpoints})


def load_rules(path: str | Path) -> Rules:
    """Read and validate a rules file; errors name the file and the line."""
    path = Path(path)
    try:
        source = str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        source = str(path)
    return parse_rules(path.read_text(encoding="utf-8"), source)
