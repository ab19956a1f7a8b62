"""Plain-language lines saying which facts triggered a finding ('triggered_by')."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..conditions import Compare, Context, FindingRef, Param, Reason
from ..formatting import eur, join_and, long_date, number, sek, uncapitalize
from ..i18n import N_, gettext_for
from ..labels import label, proper_noun_labels
from .model import Parameter, Rules

PATH_LABELS = {
    "intended_form": N_("Avsedd avtalsform"),
    "housing_company.mandate_in_owner_directive": N_("Stöd i ägardirektiv eller bolagsordning"),
    "partners": N_("Partner"),
    "org_form": N_("organisationsform"),
    "registered_ideburen": N_("registrerad idéburen organisation"),
    "sells_on_market": N_("säljer varor eller tjänster på en marknad"),
    "activity.initiative": N_("Initiativet kom från"),
    "activity.kinds": N_("Verksamhet"),
    "activity.goal_areas": N_("Målområden"),
    "activity.partner_runs_own_activity": N_("Partnern driver sin egen verksamhet"),
    "activity.children_involved": N_("Barn deltar"),
    "activity.religious_or_political_content": N_("Religiöst eller politiskt innehåll"),
    "exchange.company_pays": N_("Bolaget betalar"),
    "exchange.amount_per_year_sek": N_("Belopp per år"),
    "exchange.payment_model": N_("Betalningsmodell"),
    "exchange.partner_delivers_to_company": N_("Partnern utför uppgifter som bolaget behöver"),
    "exchange.company_would_otherwise_buy": N_("Bolaget skulle annars köpa det"),
    "exchange.market_exists": N_("Det finns en marknad"),
    "exchange.detailed_control": N_("Bolaget styr verksamheten i detalj"),
    "exchange.penalties": N_("Vite, avdrag eller hävning vid brister"),
    "exchange.repayment_of_unused_funds": N_("Outnyttjade medel betalas tillbaka"),
    "exchange.partner_own_contribution": N_("Partnern bidrar med egeninsats"),
    "exchange.logo_or_marketing_for_company": N_("Logotyp eller marknadsföring för bolaget"),
    "exchange.exclusivity": N_("Exklusivitet"),
    "exchange.annex2_service": N_("Social tjänst enligt bilaga 2 till LOU"),
    "exchange.related_agreements_12m_sek": N_("Andra avtal om samma tjänst de senaste 12 månaderna"),
    "exchange.de_minimis_received_3y_eur": N_("De minimis-stöd de senaste tre åren"),
    "premises.provided": N_("Bolaget upplåter en lokal"),
    "premises.rent": N_("Hyra för lokalen"),
    "personal_data.company_shares_tenant_data": N_("Bolaget lämnar ut uppgifter om hyresgäster"),
    "personal_data.partner_processes_for_company": N_("Partnern behandlar personuppgifter åt bolaget"),
    "personal_data.joint_decisions_on_data": N_("Parterna bestämmer gemensamt över personuppgifter"),
    "personal_data.special_categories": N_("Känsliga personuppgifter (art. 9)"),
    "term.open_ended": N_("Avtalet gäller tills vidare"),
    "term.auto_renewal": N_("Avtalet förlängs automatiskt"),
    "term.extension_months": N_("Förlängningsoption"),
    "governance.conflict_of_interest": N_("Jäv eller koppling till partnern"),
    "governance.insurance_required": N_("Partnern ska ha försäkring"),
    "governance.dispute_resolution": N_("Tvistlösning"),
    "exchange.repayment_liability": N_("Återbetalningsansvar"),
    "housing_company.company_form": N_("Bostadsbolagets form"),
    "facts.share_of_direct_award_limit_pct": N_("Värdet i förhållande till direktupphandlingsgränsen"),
    "facts.estimated_value_sek": N_("uppskattat värde"),
    "facts.aggregated_value_sek": N_("sammanlagt värde"),
}
ENUM_KINDS = {
    "intended_form": "intended_form", "payment_model": "payment_model", "rent": "rent", "org_form": "org_form",
    "initiative": "initiative", "market_exists": "yes_no_unknown", "annex2_service": "yes_no_unknown",
    "mandate_in_owner_directive": "yes_no_unknown", "meeting_frequency": "meeting_frequency",
    "dispute_resolution": "dispute_resolution", "kinds": "activity_kind", "goal_areas": "goal_area",
    "repayment_liability": "repayment_liability", "company_form": "company_form",
}
VALUE_FACTS = ("estimated_value_sek", "aggregated_value_sek", "aggregated_value_eur", "aid_value_eur",
               "aid_total_3y_eur")
RATE_OF = {"aggregated_value_eur": "threshold_eur_sek_rate", "aid_value_eur": "aid_eur_sek_rate",
           "aid_total_3y_eur": "aid_eur_sek_rate"}
SYMBOLS = {"eq": "=", "ne": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}
NEGATED = {"eq": "ne", "ne": "eq", "gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt"}
NEAR = 0.05


def amount(value: Any, unit: str, lang: str) -> str:
    """Format a value by unit: kronor, euro, months or a plain number."""
    if value is None:
        return "–"
    if unit == "sek":
        return sek(value, lang)
    if unit == "eur":
        return eur(value, lang)
    _ = gettext_for(lang)
    if unit == "months":
        return _("%(n)s månader", n=number(value, lang))
    if unit == "percent":
        return _("%(n)s procent", n=number(value, lang))
    return number(value, lang)


def unit_of(name: str) -> str:
    """Guess the unit of a field from its name."""
    for part, unit in (("_sek", "sek"), ("_eur", "eur"), ("months", "months"), ("_pct", "percent")):
        if part in name:
            return unit
    return ""


def show(value: Any, key: str, lang: str) -> str:
    """Format an answer value for a person: ja/nej, labels of enumerations, amounts, dates."""
    _ = gettext_for(lang)
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if key in ENUM_KINDS and isinstance(value, str):
        return uncapitalize(label(ENUM_KINDS[key], value, lang), proper_noun_labels(lang))
    if isinstance(value, (list, tuple)):
        shown = [show(item, key, lang) for item in value]
        return join_and(shown, lang) if shown else _("inget angivet")
    if isinstance(value, dt.date):
        return long_date(value, lang)
    if isinstance(value, (int, float)):
        return amount(value, unit_of(key), lang)
    return str(value)


def value_chain(ctx: Context, rules: Rules, upto: str, lang: str, short: bool = False) -> str:
    """Say how a value was computed: 'bolaget betalar 350 000 kr/år i 24 månader → uppskattat värde …'."""
    _ = gettext_for(lang)
    facts, answers = ctx.facts, ctx.answers
    paid = answers["exchange"]["amount_per_year_sek"] if answers["exchange"]["company_pays"] else 0
    discount = facts["rent_discount_sek_per_year"]
    if paid and discount:
        given = _("bolaget betalar %(paid)s/år och ger %(discount)s/år i hyresrabatt",
                  paid=sek(paid, lang), discount=sek(discount, lang))
    elif discount:
        given = _("bolaget ger %(discount)s/år i hyresrabatt", discount=sek(discount, lang))
    else:
        given = _("bolaget betalar %(paid)s/år", paid=sek(paid, lang))
    term = answers["term"]
    months = facts["value_months"]
    if term["open_ended"]:
        period = _("i %(months)s månader (tills vidare-avtal)", months=months)
    elif term["auto_renewal"] and months != (facts["term_months"] or 0) + term["extension_months"]:
        period = _("i %(months)s månader (förlängs automatiskt)", months=months)
    elif term["extension_months"]:
        period = _("i %(term)s månader + %(ext)s månaders förlängning", term=facts["term_months"],
                   ext=term["extension_months"])
    else:
        period = _("i %(months)s månader", months=months)
    steps = [f"{given} {period}", _("uppskattat värde %(value)s", value=sek(facts["estimated_value_sek"], lang))]
    related = answers["exchange"]["related_agreements_12m_sek"]
    if upto in ("aggregated_value_sek", "aggregated_value_eur") and related:
        steps.append(_("med andra avtal de senaste 12 månaderna (%(related)s) sammanlagt %(total)s",
                       related=sek(related, lang), total=sek(facts["aggregated_value_sek"], lang)))
    if upto in RATE_OF:
        rate = rules.parameters[RATE_OF[upto]]
        fact = "aggregated_value_eur" if upto == "aggregated_value_eur" else "aid_value_eur"
        text = _("≈ %(value)s (preliminär kurs %(rate)s)") if rate.provisional else _("≈ %(value)s (kurs %(rate)s)")
        steps[-1] += " " + text % {"value": eur(facts[fact], lang), "rate": number(rate.value, lang)}
    if upto == "aid_total_3y_eur" and answers["exchange"]["de_minimis_received_3y_eur"]:
        steps.append(_("med tidigare de minimis-stöd (%(before)s) sammanlagt %(total)s",
                       before=eur(answers["exchange"]["de_minimis_received_3y_eur"], lang),
                       total=eur(facts["aid_total_3y_eur"], lang)))
    return " → ".join(steps[-1:] if short else steps)


def near_note(ctx: Context, rules: Rules, fact: str, parameter: Parameter, lang: str) -> str:
    """Return ' – nära gränsen – kontrollera' when a provisionally converted value is within 5 %."""
    rate = rules.parameters.get(RATE_OF.get(fact, ""))
    value = ctx.facts.get(fact)
    if rate is None or not rate.provisional or parameter.unit != "eur" or value is None:
        return ""
    if abs(value - parameter.value) <= NEAR * parameter.value:
        _ = gettext_for(lang)
        return " – " + _("nära gränsen – kontrollera")
    return ""


def compare_line(ctx: Context, rules: Rules, fact: str, op: str, parameter: Parameter, lang: str,
                 short: bool = False) -> str:
    """Return '<how the value was computed> ≥ <parameter title> <parameter value>'."""
    rhs = f"{parameter.title[lang]} {amount(parameter.value, parameter.unit, lang)}"
    line = f"{value_chain(ctx, rules, fact, lang, short)} {SYMBOLS[op]} {rhs}"
    return line + near_note(ctx, rules, fact, parameter, lang)


def partner_aid_line(ctx: Context, rules: Rules, index: int, op: str, parameter: Parameter, lang: str) -> str:
    """Say how one partner's de minimis total was computed: its share, the aid, its earlier aid.

    The earlier aid is shown also when it is nothing: the total is the test, and a reader
    should see that the earlier aid the partner declared was counted.
    """
    _ = gettext_for(lang)
    partner = ctx.answers["partners"][index]
    own = partner["facts"]
    several = len(ctx.answers["partners"]) > 1
    parts = []
    if own["paid_per_year_sek"]:
        parts.append(_("%(paid)s/år (%(share)s av bidraget)", paid=sek(own["paid_per_year_sek"], lang),
                       share=amount(round(own["share_percent"], 2), "percent", lang)) if several
                     else _("%(paid)s/år", paid=sek(own["paid_per_year_sek"], lang)))
    if own["rent_discount_sek_per_year"]:
        discount = sek(own["rent_discount_sek_per_year"], lang)
        # Several partners share the premises: each counts the whole discount (facts.derive_partners).
        parts.append(_("%(discount)s/år i hyresrabatt (hela rabatten)", discount=discount) if several
                     else _("%(discount)s/år i hyresrabatt", discount=discount))
    if len(parts) == 2:
        given = _("%(first)s och %(second)s", first=parts[0], second=parts[1])
    else:
        given = parts[0] if parts else _("%(paid)s/år", paid=sek(0, lang))
    rate = rules.parameters["aid_eur_sek_rate"]
    text = _("≈ %(value)s (preliminär kurs %(rate)s)") if rate.provisional else _("≈ %(value)s (kurs %(rate)s)")
    steps = [f"{partner['name']}: {given} " + _("i %(months)s månader", months=ctx.facts["value_months"]) + " "
             + text % {"value": eur(own["aid_value_eur"], lang), "rate": number(rate.value, lang)}]
    steps.append(_("med tidigare de minimis-stöd (%(before)s) sammanlagt %(total)s",
                   before=eur(own["de_minimis_received_3y_eur"], lang), total=eur(own["aid_total_3y_eur"], lang)))
    rhs = f"{parameter.title[lang]} {amount(parameter.value, parameter.unit, lang)}"
    return f"{' → '.join(steps)} {SYMBOLS[op]} {rhs}"


def finding_line(title: str, negated: bool, lang: str) -> str:
    """Say that another checkpoint has, or has not, been triggered: it is a reason too."""
    _ = gettext_for(lang)
    if negated:
        return _("Kontrollpunkten ”%(title)s” har inte utlösts", title=title)
    return _("Kontrollpunkten ”%(title)s” har utlösts", title=title)


def describer(rules: Rules, lang: str) -> Callable[[Reason, Context, str], str | None]:
    """Return a describe function for Condition.explain that knows the rules' titles and parameters."""
    _ = gettext_for(lang)

    def describe(reason: Reason, ctx: Context, lang_: str) -> str | None:
        leaf = reason.leaf
        if isinstance(leaf, FindingRef):
            title = rules.by_id[leaf.finding].text("title", lang, len(ctx.answers["partners"]))
            return finding_line(title, reason.negated, lang)
        assert isinstance(leaf, Compare)
        op = NEGATED.get(leaf.op, leaf.op) if reason.negated else leaf.op
        if isinstance(leaf.value, Param):
            parameter = rules.parameters[leaf.value.name]
            if reason.partner_index is not None and leaf.keys[0] == "facts":
                return partner_aid_line(ctx, rules, reason.partner_index, op, parameter, lang)
            if leaf.root == "facts" and leaf.keys[0] in VALUE_FACTS:
                return compare_line(ctx, rules, leaf.keys[0], op, parameter, lang)
            lhs = f"{_(PATH_LABELS.get(leaf.path, leaf.path))} {show(leaf.actual(ctx, None), leaf.keys[-1], lang)}"
            return f"{lhs} {SYMBOLS[op]} {parameter.title[lang]} {amount(parameter.value, parameter.unit, lang)}"
        if leaf.root == "facts" and leaf.keys[0] in VALUE_FACTS:
            return value_chain(ctx, rules, leaf.keys[0], lang)
        partner = None
        if reason.partner_index is not None:
            partner = ctx.answers["partners"][reason.partner_index]
        text = f"{_(PATH_LABELS.get(leaf.path, leaf.path))}: {show(leaf.actual(ctx, partner), leaf.keys[-1], lang)}"
        return f"{partner['name']} – {text}" if partner else text

    return describe


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
    lines = [compare_line(ctx, rules, "aggregated_value_sek", "gte" if value >= limit.value else "lt", limit, lang)]
    social = ctx.answers["exchange"]["annex2_service"] == "yes"
    threshold = rules.parameters["eu_threshold_social_eur" if social else "eu_threshold_services_eur"]
    value_eur = ctx.facts["aggregated_value_eur"]
    lines.append(compare_line(ctx, rules, "aggregated_value_eur", "gte" if value_eur >= threshold.value else "lt",
                              threshold, lang, short=True))
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
    lines = []
    for index in aid_partners(ctx):
        total = ctx.answers["partners"][index]["facts"]["aid_total_3y_eur"]
        lines.append(partner_aid_line(ctx, rules, index, "gt" if total > ceiling.value else "lte", ceiling, lang))
    return lines


def stale_lines(stale: list[Parameter], on: dt.date, lang: str) -> list[str]:
    """Say which parameters are outside their validity period on the assessment date."""
    _ = gettext_for(lang)
    return [_("%(title)s (%(name)s) gäller %(start)s–%(end)s, inte %(on)s",
              title=p.title[lang], name=p.name, start=long_date(p.valid_from, lang) if p.valid_from else "",
              end=long_date(p.valid_to, lang) if p.valid_to else "", on=long_date(on, lang)) for p in stale]
