"""What the clause editor offers a lawyer: the facts a clause may name, and conditions built from choices.

The facts come from the wizard's own questions (their Swedish labels), so a lawyer picks
"Bostadsområde" and gets `{{ activity.area }}`, with an example value beside it; the condition
builder writes `include_when` from a question, a choice and a value, never from typed syntax.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from ..agreement import yamlio
from ..agreement.checkpoints.engine import answer_at
from ..services.examples import load_examples
from ..wizard import review, steps
from ..wizard.formtools import walk

SKIPPED = {"language", "payment_share_percent", "payment_share_sek_per_year", "de_minimis_received_3y_eur"}
CHOICE_TYPES = ("RadioField", "SelectField", "MultiCheckboxField")
NUMBER_TYPES = ("IntegerField", "FloatField", "BlankableIntegerField", "DecimalField")


@dataclass(frozen=True)
class Fact:
    path: str
    label: str
    example: str
    kind: str  # text | bool | choice | number | date
    choices: tuple[tuple[str, str], ...] = ()


def _kind(field: Any) -> str:
    if field.type == "BooleanField":
        return "bool"
    if field.type in CHOICE_TYPES:
        return "choice"
    if field.type in NUMBER_TYPES or "Integer" in field.type or "Float" in field.type:
        return "number"
    if "Date" in field.type:
        return "date"
    return "text"


def example_title(lang: str = "sv") -> str:
    """Return the title of the example the panel's values come from."""
    examples = load_examples()
    return examples[0].text("title", lang) if examples else ""


def facts_by_step() -> list[tuple[str, list[Fact]]]:
    """Return, step by step, every answer a clause text can name, with its label and an example value."""
    examples = load_examples()
    example = examples[0].raw_answers if examples else {}
    groups = []
    for step in steps.STEPS:
        if step.section == "partners":
            continue
        form = review.step_form(step, example)
        facts = []
        for field, prefix in walk(form):
            if field.short_name in SKIPPED or field.type in ("SubmitField",):
                continue
            name = field.name.replace("-", ".")
            if "." in name and name.split(".")[0] in ("process_leaders",):  # a repeating group: not by name
                continue
            path = name if step.section is None else f"{step.section}.{name}"
            value = answer_at(example, path) if example else None
            choices = tuple((str(c.data if hasattr(c, "data") else c[0]), str(c.label if hasattr(c, "label") else c[1]))
                            for c in (field.iter_choices() if field.type in CHOICE_TYPES else ()))
            facts.append(Fact(path, f"{prefix}{field.label.text}", _shown(value), _kind(field), choices))
        if facts:
            groups.append((str(step.title), facts))
    return groups


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)[:80]


def special_names() -> list[tuple[str, str]]:
    """Return the names a clause uses that are not answers: the defined terms and the number of partners."""
    return [("{{ terms.partner }}", _("”Partnern” eller ”Partnerna”, efter antalet partner")),
            ("{{ terms.partner_gen }}", _("”Partnerns” eller ”Partnernas”")),
            ("{% if many %}…{% else %}…{% endif %}", _("Olika text med en och med flera partner")),
            ("{% for p in parties %}{{ p.name }}{% endfor %}", _("Varje part, bostadsbolaget först")),
            ("{{ 'parter' | section }}", _("Hänvisning till ett annat avsnitt, med dess nummer"))]


def condition_options(facts: list[tuple[str, list[Fact]]]) -> list[tuple[str, str]]:
    """Return the builder's choices: a question that is yes/no, one value of a choice, or a number."""
    options = []
    for _title, group in facts:
        for fact in group:
            if fact.kind == "bool":
                options.append((fact.path, fact.label))
            elif fact.kind == "choice":
                options += [(f"{fact.path}={code}", f"{fact.label}: {label}") for code, label in fact.choices if code]
            elif fact.kind == "number":
                options.append((f"{fact.path}#", fact.label))
    return options


def condition_for(choice: str, holds: bool, number: str = "") -> dict[str, Any] | None:
    """Return the condition a builder row means: `holds` False turns it around; None when incomplete."""
    if not choice:
        return None
    if choice.endswith("#"):
        try:
            amount = int(str(number).replace(" ", "").replace("\u00a0", ""))
        except ValueError:
            return None
        return {"fact": choice[:-1], "gte" if holds else "lt": amount}
    if "=" in choice:
        path, _sep, value = choice.partition("=")
        kind = "in" if path.endswith((".kinds", ".goal_areas")) else "eq"
        leaf: dict[str, Any] = {"fact": path, kind: [value] if kind == "in" else value}
        return leaf if holds else {"not": leaf}
    return {"fact": choice, "is": holds}


def add_condition(existing: str, leaf: dict[str, Any]) -> str:
    """Add a condition to the YAML of `include_when`: alone, or all of the existing ones and it."""
    text = (existing or "").strip()
    try:
        current = yamlio.load(text) if text else None
    except yamlio.yaml.YAMLError:
        current = None
        if text:
            raise ValueError(_("Villkoret som står i rutan går inte att läsa; rätta det innan du lägger till ett nytt."))
    current = json.loads(json.dumps(current))  # plain dicts and lists (the loader's carry line numbers)
    if current in (None, "always"):
        tree: Any = leaf
    elif isinstance(current, dict) and list(current) == ["all"] and isinstance(current["all"], list):
        tree = {"all": [*current["all"], leaf]}
    else:
        tree = {"all": [current, leaf]}
    return yamlio.yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, default_flow_style=False).strip()
