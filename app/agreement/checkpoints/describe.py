"""The findings' summaries: the value computation, each partner's aid, stale parameters.

The lines saying why a condition holds come from `conditions.words`, the one module that
puts conditions into words; this module adds what a finding shows beyond its reasons.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from ..conditions import Compare, Context, Param, Reason
from ..conditions.words import RATE_OF, VALUE_FACTS, Vocabulary, compare_line, describer as words_describer, \
    partner_aid_line
from ..formatting import long_date
from ..i18n import gettext_for
from .model import Parameter, Rules


def describer(rules: Rules, lang: str) -> Callable[[Reason, Context, str], str | None]:
    """Return a describe function for Condition.explain that knows the rules' titles and parameters."""
    return words_describer(Vocabulary.from_rules(rules, lang))


def value_months_shown(ctx: Context) -> bool:
    """Return whether a value chain counts the open-ended months (value_chain says so)."""
    term, facts = ctx.answers["term"], ctx.facts
    return bool(term["open_ended"] or (term["auto_renewal"]
                                       and facts["value_months"] != (facts["term_months"] or 0) + term["extension_months"]))


def reason_parameters(reasons: list[Reason], ctx: Context) -> set[str]:
    """Return the parameters that the lines of these reasons show: limits, exchange rates, months."""
    names: set[str] = set()
    for reason in reasons:
        leaf = reason.leaf
        if not isinstance(leaf, Compare):
            continue
        if isinstance(leaf.value, Param):
            names.add(leaf.value.name)
        if reason.partner_index is not None and leaf.keys[0] == "facts":
            fact = "aid_total_3y_eur"  # partner_aid_line: one partner's aid
        elif leaf.root == "facts" and leaf.keys[0] in VALUE_FACTS:
            fact = leaf.keys[0]
        else:
            continue
        if fact in RATE_OF:
            names.add(RATE_OF[fact])
        if value_months_shown(ctx):
            names.add("value_months_open_ended")
    return names


def value_summary_parameters(ctx: Context) -> set[str]:
    """Return the parameters value_summary shows."""
    social = ctx.answers["exchange"]["annex2_service"] == "yes"
    names = {"direct_award_limit_sek", "threshold_eur_sek_rate",
             "eu_threshold_social_eur" if social else "eu_threshold_services_eur"}
    if value_months_shown(ctx):
        names.add("value_months_open_ended")
    return names


def value_summary(ctx: Context, rules: Rules, lang: str) -> list[str]:
    """Return the value computation against the direct-award limit and the relevant EU threshold."""
    limit = rules.parameters["direct_award_limit_sek"]
    value = ctx.facts["aggregated_value_sek"]
    vocab = Vocabulary.from_rules(rules, lang)
    lines = [compare_line(ctx, vocab, "aggregated_value_sek", "gte" if value >= limit.value else "lt",
                          "direct_award_limit_sek")]
    social = ctx.answers["exchange"]["annex2_service"] == "yes"
    name = "eu_threshold_social_eur" if social else "eu_threshold_services_eur"
    value_eur = ctx.facts["aggregated_value_eur"]
    lines.append(compare_line(ctx, vocab, "aggregated_value_eur",
                              "gte" if value_eur >= rules.parameters[name].value else "lt", name, short=True))
    return lines


def aid_partners(ctx: Context) -> list[int]:
    """Return the index of each partner that sells on a market: the undertakings that may receive aid."""
    return [i for i, partner in enumerate(ctx.answers["partners"]) if partner.get("sells_on_market")]


def aid_summary_parameters(ctx: Context) -> set[str]:
    """Return the parameters aid_summary shows."""
    names = {"aid_eur_sek_rate", "de_minimis_eur_3y"}
    if value_months_shown(ctx):
        names.add("value_months_open_ended")
    return names


def aid_summary(ctx: Context, rules: Rules, lang: str) -> list[str]:
    """Return, per partner that sells on a market, its aid and earlier de minimis aid against the ceiling."""
    ceiling = rules.parameters["de_minimis_eur_3y"]
    vocab = Vocabulary.from_rules(rules, lang)
    lines = []
    for index in aid_partners(ctx):
        total = ctx.answers["partners"][index]["facts"]["aid_total_3y_eur"]
        lines.append(partner_aid_line(ctx, vocab, index, "gt" if total > ceiling.value else "lte",
                                      "de_minimis_eur_3y"))
    return lines


def stale_lines(stale: list[Parameter], on: dt.date, lang: str) -> list[str]:
    """Say which parameters are outside their validity period on the assessment date."""
    _ = gettext_for(lang)
    return [_("%(title)s (%(name)s) gäller %(start)s–%(end)s, inte %(on)s",
              title=p.title[lang], name=p.name, start=long_date(p.valid_from, lang) if p.valid_from else "",
              end=long_date(p.valid_to, lang) if p.valid_to else "", on=long_date(on, lang)) for p in stale]
