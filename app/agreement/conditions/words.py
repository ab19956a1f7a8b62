"""A condition in words: the one place that says why a condition holds, or what it asks.

Every reader of a condition goes through here: the risk findings' "Varför" lines, the
Word comments on why a clause is in the agreement, and the clause page of the library.
`Vocabulary` holds what the words need beyond the answers: the titles of checkpoints and
the dated parameters, taken from the rules file or from a stored assessment.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from babel.lists import format_list

from ..formatting import eur, join_and, long_date, number, sek, uncapitalize
from ..i18n import N_, gettext_for
from ..labels import label, proper_noun_labels
from .nodes import Compare, Context, Describe, FindingRef, Param, Reason

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
    if unit == "days":
        return _("%(n)s dagar", n=number(value, lang))
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


@dataclass(frozen=True)
class Term:
    """A dated parameter as a line shows it, in one language."""

    title: str
    value: int | float
    unit: str
    provisional: bool = False


@dataclass(frozen=True)
class Vocabulary:
    """Checkpoint titles and parameters, for one language."""

    lang: str
    terms: Mapping[str, Term] = field(default_factory=dict)
    titles: Callable[[str, int], str | None] = lambda finding, partners: None

    @classmethod
    def from_rules(cls, rules: Any, lang: str) -> Vocabulary:
        """Take titles and parameters from a loaded rules file."""
        terms = {name: Term(p.title[lang], p.value, p.unit, p.provisional) for name, p in rules.parameters.items()}

        def titles(finding: str, partners: int) -> str | None:
            checkpoint = rules.by_id.get(finding)
            return checkpoint.text("title", lang, partners) if checkpoint else None

        return cls(lang, terms, titles)

    @classmethod
    def from_assessment(cls, findings: Mapping[str, Mapping[str, Any]], parameters: Mapping[str, Mapping[str, Any]],
                        lang: str) -> Vocabulary:
        """Take titles and parameters from a stored assessment (its JSON), when the rules file is not at hand."""
        terms = {name: Term(p.get("title") or name, p["value"], p.get("unit") or "", bool(p.get("provisional")))
                 for name, p in parameters.items() if "value" in p}
        return cls(lang, terms, lambda finding, partners: (findings.get(finding) or {}).get("title"))

    def term(self, name: str) -> Term | None:
        """Return a parameter, or None when this vocabulary does not know it."""
        return self.terms.get(name)

    def term_text(self, name: str) -> str:
        """Say a parameter: 'direktupphandlingsgränsen 700 000 kr', or its name when unknown."""
        term = self.term(name)
        return f"{term.title} {amount(term.value, term.unit, self.lang)}" if term else name

    def title(self, finding: str, partners: int = 1) -> str:
        """Return a checkpoint's title, or its id when unknown."""
        return self.titles(finding, partners) or finding


def _rate_text(vocab: Vocabulary, fact: str, value: Any) -> str:
    """Return ' ≈ 60 000 euro (preliminär kurs 11,5)', or '' when the rate is not known."""
    rate = vocab.term(RATE_OF[fact])
    if rate is None or value is None:
        return ""
    _ = gettext_for(vocab.lang)
    text = _("≈ %(value)s (preliminär kurs %(rate)s)") if rate.provisional else _("≈ %(value)s (kurs %(rate)s)")
    return " " + text % {"value": eur(value, vocab.lang), "rate": number(rate.value, vocab.lang)}


def value_chain(ctx: Context, vocab: Vocabulary, upto: str, short: bool = False) -> str:
    """Say how a value was computed: 'bolaget betalar 350 000 kr/år i 24 månader → uppskattat värde …'."""
    lang = vocab.lang
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
        fact = "aggregated_value_eur" if upto == "aggregated_value_eur" else "aid_value_eur"
        steps[-1] += _rate_text(vocab, upto, facts[fact])
    if upto == "aid_total_3y_eur" and answers["exchange"]["de_minimis_received_3y_eur"]:
        steps.append(_("med tidigare de minimis-stöd (%(before)s) sammanlagt %(total)s",
                       before=eur(answers["exchange"]["de_minimis_received_3y_eur"], lang),
                       total=eur(facts["aid_total_3y_eur"], lang)))
    return " → ".join(steps[-1:] if short else steps)


def near_note(ctx: Context, vocab: Vocabulary, fact: str, parameter: Term) -> str:
    """Return ' – nära gränsen – kontrollera' when a provisionally converted value is within 5 %."""
    rate = vocab.term(RATE_OF.get(fact, ""))
    value = ctx.facts.get(fact)
    if rate is None or not rate.provisional or parameter.unit != "eur" or value is None:
        return ""
    if abs(value - parameter.value) <= NEAR * parameter.value:
        _ = gettext_for(vocab.lang)
        return " – " + _("nära gränsen – kontrollera")
    return ""


def compare_line(ctx: Context, vocab: Vocabulary, fact: str, op: str, name: str, short: bool = False) -> str:
    """Return '<how the value was computed> ≥ <parameter title> <parameter value>'."""
    line = f"{value_chain(ctx, vocab, fact, short)} {SYMBOLS[op]} {vocab.term_text(name)}"
    parameter = vocab.term(name)
    return line + (near_note(ctx, vocab, fact, parameter) if parameter else "")


def partner_aid_line(ctx: Context, vocab: Vocabulary, index: int, op: str, name: str) -> str:
    """Say how one partner's de minimis total was computed: its share, the aid, its earlier aid.

    The earlier aid is shown also when it is nothing: the total is the test, and a reader
    should see that the earlier aid the partner declared was counted.
    """
    lang = vocab.lang
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
    steps = [f"{partner['name']}: {given} " + _("i %(months)s månader", months=ctx.facts["value_months"])
             + _rate_text(vocab, "aid_value_eur", own["aid_value_eur"])]
    steps.append(_("med tidigare de minimis-stöd (%(before)s) sammanlagt %(total)s",
                   before=eur(own["de_minimis_received_3y_eur"], lang), total=eur(own["aid_total_3y_eur"], lang)))
    return f"{' → '.join(steps)} {SYMBOLS[op]} {vocab.term_text(name)}"


def finding_line(title: str, negated: bool, lang: str) -> str:
    """Say that another checkpoint has, or has not, been triggered: it is a reason too."""
    _ = gettext_for(lang)
    if negated:
        return _("Kontrollpunkten ”%(title)s” har inte utlösts", title=title)
    return _("Kontrollpunkten ”%(title)s” har utlösts", title=title)


def path_label(path: str, lang: str) -> str:
    """Return the question a path stands for ('Bolaget betalar'), or the path when it has no label."""
    return gettext_for(lang)(PATH_LABELS[path]) if path in PATH_LABELS else path


def reason_line(reason: Reason, ctx: Context, vocab: Vocabulary) -> str:
    """Say one reason: the answer or computed value, and the limit it was compared with."""
    lang = vocab.lang
    leaf = reason.leaf
    if isinstance(leaf, FindingRef):
        return finding_line(vocab.title(leaf.finding, len(ctx.answers["partners"])), reason.negated, lang)
    assert isinstance(leaf, Compare)
    op = NEGATED.get(leaf.op, leaf.op) if reason.negated else leaf.op
    partner = ctx.answers["partners"][reason.partner_index] if reason.partner_index is not None else None
    if isinstance(leaf.value, Param):
        if partner is not None and leaf.keys[0] == "facts":
            return partner_aid_line(ctx, vocab, reason.partner_index, op, leaf.value.name)
        if leaf.root == "facts" and leaf.keys[0] in VALUE_FACTS:
            return compare_line(ctx, vocab, leaf.keys[0], op, leaf.value.name)
        lhs = f"{path_label(leaf.path, lang)} {show(leaf.actual(ctx, partner), leaf.keys[-1], lang)}"
        text = f"{lhs} {SYMBOLS.get(op, op)} {vocab.term_text(leaf.value.name)}"
    elif leaf.root == "facts" and leaf.keys[0] in VALUE_FACTS:
        return value_chain(ctx, vocab, leaf.keys[0])
    else:
        text = f"{path_label(leaf.path, lang)}: {show(leaf.actual(ctx, partner), leaf.keys[-1], lang)}"
    return f"{partner['name']} – {text}" if partner else text


def describer(vocab: Vocabulary) -> Describe:
    """Return a describe function for Condition.explain and describe_reasons."""
    return lambda reason, ctx, lang: reason_line(reason, ctx, vocab)


OPERATOR_WORDS = {
    "eq": N_("är"), "ne": N_("är inte"), "in": N_("är något av"), "gt": N_("är större än"),
    "gte": N_("är minst"), "lt": N_("är mindre än"), "lte": N_("är högst"),
}


@dataclass
class Line:
    """One line of a condition's description and the lines under it."""

    text: str
    children: list[Line] = field(default_factory=list)


def _stated(value: Any, key: str, vocab: Vocabulary) -> str:
    if isinstance(value, dict) and "param" in value:
        return vocab.term_text(str(value["param"]))
    if isinstance(value, (list, tuple)):
        return format_list([_stated(item, key, vocab) for item in value], style="or", locale=vocab.lang)
    return show(value, key, vocab.lang)


def _asked(tree: Mapping[str, Any], vocab: Vocabulary) -> str:
    _ = gettext_for(vocab.lang)
    path = str(tree.get("fact"))
    key = path.rsplit(".", 1)[-1]
    name = path_label(path, vocab.lang)
    op = next((k for k in tree if k != "fact"), "")
    value = tree.get(op)
    if op == "is":
        return _("%(path)s: ja", path=name) if value else _("%(path)s: nej", path=name)
    if op == "present":
        return _("%(path)s är ifyllt", path=name) if value else _("%(path)s är inte ifyllt", path=name)
    if op in OPERATOR_WORDS:
        return f"{name} {_(OPERATOR_WORDS[op])} {_stated(value, key, vocab)}"
    return f"{name} {op} {value}"


def condition_lines(tree: Any, vocab: Vocabulary) -> Line:
    """Say what a condition asks (as stored, before it is evaluated), as a tree of lines."""
    _ = gettext_for(vocab.lang)
    if tree is None or tree == "always":
        return Line(_("Tas alltid med."))
    if not isinstance(tree, dict):
        return Line(str(tree))
    if "all" in tree:
        return Line(_("Alla dessa gäller:"), [condition_lines(item, vocab) for item in tree["all"] or []])
    if "any" in tree:
        return Line(_("Minst ett av dessa gäller:"), [condition_lines(item, vocab) for item in tree["any"] or []])
    if "not" in tree:
        return Line(_("Detta gäller inte:"), [condition_lines(tree["not"], vocab)])
    if "any_partner" in tree:
        return Line(_("För minst en partner gäller:"), [condition_lines(tree["any_partner"], vocab)])
    if "finding" in tree:
        return Line(_("Kontrollpunkten ”%(title)s” har utlösts", title=vocab.title(str(tree["finding"]))))
    if "fact" in tree:
        return Line(_asked(tree, vocab))
    return Line(str(tree))
