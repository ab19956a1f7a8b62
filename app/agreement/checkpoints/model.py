"""The parsed rules: dated parameters, checkpoints and their examples."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..conditions import Condition

#: Words for the agreement's defined terms that depend on the answers, filled in when the
#: answers are assessed: `{partner}` is "partnern" with one partner and "partnerna" with
#: several. `{Partner}` (capitalised) starts a sentence; `{partner_gen}` is the genitive.
#: Each value is (one partner, several partners) per language.
PARTNER_TERMS: dict[str, dict[str, tuple[str, str]]] = {
    "partner": {"sv": ("partnern", "partnerna"), "en": ("the partner", "the partners")},
    "partner_gen": {"sv": ("partnerns", "partnernas"), "en": ("the partner's", "the partners'")},
}
TERM_NAMES = frozenset(PARTNER_TERMS) | frozenset(name[:1].upper() + name[1:] for name in PARTNER_TERMS)
TERM = re.compile(r"\{(" + "|".join(sorted(TERM_NAMES)) + r")\}")


def fill_terms(text: str, lang: str, partner_count: int) -> str:
    """Replace the `{partner}` terms of a text with the words for this number of partners."""
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        words = PARTNER_TERMS[name[:1].lower() + name[1:]]
        word = words.get(lang, words["sv"])[0 if partner_count <= 1 else 1]
        return word[:1].upper() + word[1:] if name[:1].isupper() else word
    return TERM.sub(replace, text)


@dataclass(frozen=True)
class Parameter:
    """A dated value with its source (a limit, a threshold, an exchange rate)."""

    name: str
    value: int | float
    unit: str
    title: dict[str, str]
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: dict[str, str]  # sv and en (a citation reads the same in both)
    provisional: bool = False
    note: dict[str, str] | None = None

    def valid_on(self, day: dt.date) -> bool:
        """Return whether `day` lies within the validity period."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Example:
    """An answers fragment that must (or must not) trigger its checkpoint."""

    fragment: dict
    triggers: bool
    line: int


@dataclass(frozen=True)
class Handled:
    """What a finding says when the answers already deal with it: a note, and the action that is left."""

    when: Condition
    note: dict[str, str]
    action: dict[str, str] | None = None


@dataclass(frozen=True)
class Checkpoint:
    """One risk checkpoint of the catalogue."""

    id: str
    severity: str
    group: str
    texts: dict[str, dict[str, str]]  # title/explanation/action -> {sv, en}
    legal_basis: dict[str, str]
    sources: tuple[dict[str, Any], ...]  # {title: {sv, en}, url}
    recommends: tuple[str, ...]
    when: Condition | None
    escalate: tuple[str, Condition] | None
    system: str | None
    show_value: bool
    examples: tuple[Example, ...]
    line: int
    # The texts as written, with the `{partner}` terms left in (`texts` has them for one partner).
    templates: dict[str, dict[str, str]] = field(default_factory=dict)
    text_parameters: frozenset[str] = frozenset()  # the parameters the texts name
    # Show each partner that sells on a market: its estimated aid and earlier de minimis aid
    # against the ceiling, whatever made the checkpoint fire (as show_value does for the value).
    show_aid: bool = False
    # Practice, criteria and guidance the finding rests on, apart from the law (`legal_basis`).
    practice: dict[str, str] | None = None
    handled: Handled | None = None
    # Lines the finding adds when their condition holds (a value shown for information, say).
    notes: tuple[tuple[Condition, dict[str, str]], ...] = ()

    def text(self, key: str, lang: str, partner_count: int = 1) -> str:
        """Return a text (title, explanation, action) in `lang` for this number of partners."""
        template = (self.templates.get(key) or self.texts[key])[lang]
        return fill_terms(template, lang, partner_count)

    @property
    def finding_refs(self) -> frozenset[str]:
        refs = self.when.finding_refs if self.when else frozenset()
        return refs | (self.escalate[1].finding_refs if self.escalate else frozenset())

    @property
    def conditions(self) -> list[Condition]:
        """Return every condition of the checkpoint: when, escalate, handled and notes."""
        found = [self.when] if self.when else []
        found += [self.escalate[1]] if self.escalate else []
        found += [self.handled.when] if self.handled else []
        return found + [condition for condition, _text in self.notes]

    @property
    def parameter_refs(self) -> frozenset[str]:
        return frozenset().union(*(c.parameter_refs for c in self.conditions))


@dataclass
class Rules:
    """A validated rules file; checkpoints in catalogue order, `evaluation_order` by dependency."""

    source: str
    parameters: dict[str, Parameter]
    groups: dict[str, dict[str, str]]
    checkpoints: list[Checkpoint]
    evaluation_order: list[Checkpoint]
    example_base: dict
    example_date: dt.date
    used_parameters: tuple[str, ...] = ()
    by_id: dict[str, Checkpoint] = field(default_factory=dict)

    @property
    def path_uses(self) -> dict[str, int]:
        """Return how many checkpoints look at each answer or fact: the fewer, the more telling an answer is."""
        cached = self.__dict__.get("_path_uses")
        if cached is None:
            cached = {}
            for cp in self.checkpoints:
                for path in frozenset().union(*(c.paths for c in cp.conditions)):
                    cached[path] = cached.get(path, 0) + 1
            self.__dict__["_path_uses"] = cached
        return cached

    def parameter_values(self, on: dt.date | None = None) -> dict[str, Any]:
        """Return parameter name -> value (one value per parameter; `on` is for future periods)."""
        return {name: p.value for name, p in self.parameters.items()}

    @property
    def recommended_clause_ids(self) -> set[str]:
        """Return every clause id some checkpoint recommends (checked against the library elsewhere)."""
        return {clause for cp in self.checkpoints for clause in cp.recommends}

    def expiring(self, on: dt.date, days: int = 90) -> list[Parameter]:
        """Return the parameters whose validity ends within `days` after `on` (or has ended)."""
        limit = on + dt.timedelta(days=days)
        return [p for p in self.parameters.values() if p.valid_to is not None and p.valid_to <= limit]
