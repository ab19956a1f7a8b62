"""What lawyers marked on re-reading the rendered agreements: several partners act each for itself,
English obligations say "shall", two parties are "both", and a few phrases say exactly what they mean.

Each test renders whole agreements through the real rules, library and sandbox (the helpers of
tests/test_clause_texts.py) and reads the sections as a lawyer does.
"""
from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from app.services.examples import load_examples
from test_clause_texts import agreement, integration, municipal_partner, text_of, two_partners

EXAMPLES = {e.id: e for e in load_examples()}


def example(example_id: str) -> dict[str, Any]:
    return copy.deepcopy(EXAMPLES[example_id].raw_answers)


def with_children_and_premises(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["activity"]["children_involved"] = True
    data["exchange"]["partner_own_contribution"] = True
    data["premises"] = {"provided": True, "address": "Rannebergsgatan 5", "area_m2": 80, "rent": "reduced",
                        "market_rent_sek_per_year": 120000, "rent_sek_per_year": 60000}
    return data


def whole(clauses: dict[str, Any]) -> str:
    return "\n".join(text_of(clauses, c) for c in clauses)


# --- 1. Several partners: each acts for itself ----------------------------------------------------

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_of_several_partners_runs_and_answers_for_its_own_part(answers_data: dict[str, Any], lang: str) -> None:
    many = agreement(with_children_and_premises(two_partners(answers_data)), lang)
    one = agreement(with_children_and_premises(answers_data), lang)
    duties, checks, activity = (text_of(many, c) for c in ("atagande-partner", "registerkontroll", "verksamhet"))
    public, premises, report = (text_of(many, c) for c in ("offentlighet", "lokaler", "uppfoljning"))
    if lang == "sv":
        assert "planera, leda och bedriva sin del av verksamheten" in duties
        assert "Var och en av Partnerna ansvarar för sin egen del av verksamheten och för sina egna anställda" in duties
        assert "Partnern ansvarar för sin egen verksamhet" in text_of(one, "atagande-partner")
        assert "Var och en av Partnerna ska ha en skriftlig rutin för barnsäkerhet i sin del av verksamheten" in checks
        assert "Får en Partner kännedom om" in checks and "ska denna Partner omedelbart" in checks
        assert not re.search(r"(?<!av )Partnerna ska", checks) and "Får Partnerna" not in checks
        assert "ska Partnerna" not in checks
        assert "Partnernas rutiner" not in activity and "introduktion i dess rutiner" in activity
        assert "Partnernas ekonomiska" not in public and "som Partnerna anser" not in public
        assert "Lämnar en Partner uppgifter som den anser" in public and "den Partner som har lämnat uppgifterna" in public
        assert "Var och en av Partnerna ska föra en förteckning" in premises
        assert "Partnerna svarar för att lokalen" not in premises and "Partnerna för en förteckning" not in premises
        # One activity report, said to be joint, in which each reports its own part.
        assert "Partnerna lämnar gemensamt en kort skriftlig verksamhetsrapport" in report
        assert "Var och en av Partnerna ansvarar för att rapporten redovisar dess del av verksamheten" in report
    else:
        assert "plan, lead and run its part of the activity" in duties
        assert ("Each Partner shall be responsible for its own part of the activity and its own employees and "
                "volunteers") in duties
        assert "The Partners shall be responsible for the activity" not in duties
        assert ("The Partner shall be responsible for its own activity and its own employees and volunteers"
                in text_of(one, "atagande-partner"))
        assert "If a Partner becomes aware" in checks and "that Partner shall immediately ensure" in checks
        assert "Each Partner shall have a written child-safety routine for its part of the activity" in checks
        assert "Partners' view" not in public and "marked by the Partners" not in public
        assert "that Partner shall mark the information" in public
        assert "Each Partner shall keep a list of the keys" in premises
        assert "The Partners shall jointly submit a short written activity report" in report


# --- 2. English obligations say "shall" -----------------------------------------------------------

def test_english_obligations_are_written_with_shall(answers_data: dict[str, Any]) -> None:
    one = agreement(with_children_and_premises(answers_data), "en")
    many = agreement(with_children_and_premises(two_partners(answers_data)), "en")
    premises, follow_up, data, forms = (text_of(one, c) for c in ("lokaler", "uppfoljning", "personuppgifter",
                                                                  "samverkansformer"))
    assert "keeps a list" not in premises and "shall keep a list of the keys" in premises
    assert "The Partners keep" not in text_of(many, "lokaler") and "notify the Housing Company" in premises
    assert "The Parties shall carry out a joint evaluation" in follow_up and "Parties carry out" not in follow_up
    assert "Each Party shall inform the data subjects" in data and "Each Party informs" not in data
    assert "shall be notified to the other Party in writing" in forms and "is notified to" not in forms
    assert "The working group shall meet" in forms and "Each Party shall bear its own costs" in forms


# --- 3–8. Single phrases ----------------------------------------------------------------------------

def test_the_english_phrases_the_lawyers_marked(answers_data: dict[str, Any]) -> None:
    clauses = agreement(with_children_and_premises(answers_data), "en")
    assert ("Notice of termination, including termination with immediate effect, shall also be sent by letter."
            in text_of(clauses, "meddelanden"))
    assert "unless the examination shows that" in text_of(clauses, "insyn")
    assert "unless it shows" not in text_of(clauses, "insyn")
    force = text_of(clauses, "force-majeure")
    assert "released from liability and other remedies for failure" in force and "exempt from liability" not in force
    background = text_of(clauses, "bakgrund")
    assert "offer tenants the opportunity to influence their housing and to have a say in the company" in background
    assert ("erbjuda hyresgästerna möjlighet till boendeinflytande och inflytande i bolaget"
            in text_of(agreement(answers_data, "sv"), "bakgrund"))
    neutral = text_of(agreement(integration(), "en"), "neutralitet")
    assert "to carry on other religious or ideological activities is not affected" in neutral
    assert "activity otherwise" not in neutral


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_activity_report_lists_the_own_contribution_in_good_grammar(answers_data: dict[str, Any],
                                                                         lang: str) -> None:
    report = text_of(agreement(with_children_and_premises(answers_data), lang), "uppfoljning")
    if lang == "sv":
        assert "som Bostadsbolaget har och som är relevanta" in report and "som bolaget har" not in report
        assert "utfallet för indikatorerna, Partnerns egeninsats samt erfarenheter" in report
    else:
        assert ("the results for the indicators, the Partner's own contribution, and experience gained and "
                "suggestions for improvement") in report
        assert "the own contribution" not in report
        plain = copy.deepcopy(answers_data)
        plain["exchange"]["partner_own_contribution"] = False
        assert ("the results for the indicators, and experience gained"
                in text_of(agreement(plain, lang), "uppfoljning"))


# --- 9. The child's best interests: the Partner runs the activity -----------------------------------

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_rights_of_the_child_do_not_make_the_activity_joint(answers_data: dict[str, Any], lang: str) -> None:
    child = text_of(agreement(with_children_and_premises(answers_data), lang), "barnets-basta")
    many = text_of(agreement(with_children_and_premises(two_partners(answers_data)), lang), "barnets-basta")
    if lang == "sv":
        assert "Parterna ska planera och bedriva verksamheten" not in child
        assert "Partnern ansvarar för detta i verksamheten" in child
        assert "som gäller som svensk lag genom lag (2018:1197)" in child
        assert "Var och en av Partnerna ansvarar för detta i sin del av verksamheten" in many
    else:
        assert "The Parties shall plan and carry out" not in child and "which is Swedish law" not in child
        assert "which has been incorporated into Swedish law by lag (2018:1197)" in child
        assert "Each Partner shall be responsible for this in its part of the activity" in many


# --- 10. "Partnership" in English ---------------------------------------------------------------

def test_the_english_purpose_does_not_call_the_cooperation_a_legal_partnership() -> None:
    purpose = text_of(agreement(example("motesplats-boende"), "en"), "syfte")
    assert "The Agreement establishes cooperation between equal parties" in purpose
    assert ("It does not mean that the Parties form a company, a simple partnership (enkelt bolag) or any other "
            "association.") in purpose
    assert "is a partnership" not in purpose
    swedish = text_of(agreement(example("motesplats-boende"), "sv"), "syfte")
    assert "mellan jämbördiga parter" in swedish and "bildar ett bolag, ett enkelt bolag" in swedish


# --- 11. Termination with several partners; notice in words ---------------------------------------

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_termination_for_a_partners_breach_ends_the_agreement_for_that_partner(answers_data: dict[str, Any],
                                                                                lang: str) -> None:
    ending = text_of(agreement(with_children_and_premises(two_partners(answers_data)), lang), "uppsagning")
    if lang == "sv":
        assert ("Säger en Part upp eller häver Avtalet på grund av en omständighet som avser en viss Partner, till "
                "exempel att denna Partner väsentligt har brutit mot Avtalet eller har försatts i konkurs, upphör "
                "Avtalet att gälla endast för den Partner som omständigheten avser.") in ending
        assert ("Säger en Partner i annat fall upp eller häver Avtalet, upphör Avtalet att gälla endast för den "
                "Partner som har sagt upp eller hävt det.") in ending
        assert "uppsägningen eller hävningen avser" not in ending
        # The lease is never said to end with the agreement.
        assert "rätt att använda lokalen" not in ending and "upphör samtidigt" not in ending
        assert "verka för att avtalet om lokalen ändras eller sägs upp i motsvarande del" in ending
    else:
        assert "on grounds relating to a particular Partner" in ending
        assert "because that Partner is in material breach of the Agreement" in ending
        assert "If a Partner otherwise terminates the Agreement" in ending
        assert "right to use the premises" not in ending and "ends at the same time" not in ending
        assert "amended or terminated to the corresponding extent" in ending


@pytest.mark.parametrize("months, sv, en", [(1, "en månad", "one month"), (3, "tre månader", "three months"),
                                            (6, "sex månader", "six months")])
def test_the_notice_period_is_written_in_words(answers_data: dict[str, Any], months: int, sv: str, en: str) -> None:
    data = copy.deepcopy(answers_data)
    data["term"]["notice_months"] = months
    swedish = text_of(agreement(data, "sv"), "uppsagning").split("\n")[0]
    english = text_of(agreement(data, "en"), "uppsagning").split("\n")[0]
    assert f"att upphöra {sv} efter uppsägningen" in swedish and not re.search(r"\d+ månad", swedish)
    assert f"with effect {en} after notice of termination" in english and not re.search(r"\d+ month", english)


# --- 12. Repayment and withholding per partner ------------------------------------------------------

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_partner_repays_its_own_unused_and_misused_money(answers_data: dict[str, Any], lang: str) -> None:
    own = text_of(agreement(two_partners(answers_data), lang), "aterbetalning")
    joint = text_of(agreement(two_partners(answers_data, joint=True), lang), "aterbetalning")
    single = text_of(agreement(answers_data, lang), "aterbetalning")
    if lang == "sv":
        assert "ska Partnerna betala tillbaka" not in own and "ska betalas tillbaka till Bostadsbolaget inom 30" in own
        assert ("de medel av sin egen andel som inte har använts eller som har använts i strid med Avtalet"
                in own)
        assert "avvakta med kommande utbetalningar till denna Partner" in own
        assert "Utbetalningarna till den andra Partnern påverkas inte." in own
        assert "ska Partnerna betala tillbaka" in joint and "solidariskt" in joint
        assert "ska Partnern betala tillbaka till Bostadsbolaget inom 30 dagar" in single
    else:
        assert "repaid by the Partners" not in own and "shall be repaid to the Housing Company within 30" in own
        assert "that have not been used or that have been used in breach of the Agreement" in own
        assert "withhold further payments to that Partner" in own
        assert "repaid by the Partners to the Housing Company" in joint and "jointly and severally" in joint
        assert "repaid by the Partner to the Housing Company within 30 days" in single


# --- 13. Amendments --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_no_party_is_obliged_to_amend_or_extend(answers_data: dict[str, Any], lang: str) -> None:
    changes = text_of(agreement(answers_data, lang), "andringar")
    open_ended = copy.deepcopy(answers_data)
    open_ended["term"].update(open_ended=True, end_date=None, extension_months=0, auto_renewal=False)
    renewing = copy.deepcopy(answers_data)
    renewing["term"].update(auto_renewal=True, extension_months=0)
    if lang == "sv":
        assert "Ingen Part är skyldig att medverka till en ändring eller förlängning av Avtalet." in changes
        assert "avstå" not in changes and "upphandling" not in changes
        assert "medverka till en ändring av Avtalet." in text_of(agreement(open_ended, lang), "andringar")
        assert "utöver den förlängning som följer av avsnitt" in text_of(agreement(renewing, lang), "andringar")
    else:
        assert "Neither Party is obliged to agree to an amendment or extension of the Agreement." in changes
        assert "No Party is obliged to agree to an amendment or extension of the Agreement." in text_of(
            agreement(two_partners(answers_data), lang), "andringar")
        assert "decline" not in changes and "procurement" not in changes
        assert "agree to an amendment of the Agreement." in text_of(agreement(open_ended, lang), "andringar")
        assert "other than the extension that follows from section" in text_of(agreement(renewing, lang), "andringar")


# --- 14. Two parties are "both" ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_two_parties_sign_appoint_and_agree_as_both(answers_data: dict[str, Any], lang: str) -> None:
    data = copy.deepcopy(answers_data)
    data["governance"]["dispute_resolution"] = "mediation_then_court"
    one = agreement(data, lang)
    many = agreement(two_partners(data), lang)
    signing, disputes, personal = (text_of(one, c) for c in ("underskrifter", "tvist", "personuppgifter"))
    if lang == "sv":
        assert "undertecknats av båda Parterna" in signing and "samtliga" not in signing
        assert "som Parterna utser gemensamt" in disputes and "delas lika mellan Parterna" in disputes
        assert "berörda" not in disputes and "berörs av tvisten" not in disputes
        assert "ska båda Parterna innan behandlingen börjar" in personal and "berörda" not in personal
        assert "undertecknats av samtliga Parter" in text_of(many, "underskrifter")
        assert "de berörda Parterna utser gemensamt" in text_of(many, "tvist")
        assert "upprättats i tre likalydande exemplar" in text_of(many, "underskrifter")
    else:
        assert "signed by both Parties" in signing and "all Parties" not in signing
        assert "appointed jointly by both Parties" in disputes and "shared equally by both Parties" in disputes
        assert "concerned" not in disputes
        assert "both Parties shall, before the processing begins" in personal and "Parties concerned" not in personal
        assert "signed by all Parties" in text_of(many, "underskrifter")
        assert "executed in two identical copies" in signing


# --- 15–16. Independence only as far as the answers allow; "open to all" once ---------------------

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_partner_decides_its_working_methods_only_without_detailed_control(answers_data: dict[str, Any],
                                                                                lang: str) -> None:
    free = example("motesplats-boende")
    controlled = copy.deepcopy(free)
    controlled["exchange"]["detailed_control"] = True
    values_free = text_of(agreement(free, lang), "vardegrund")
    values_controlled = text_of(agreement(controlled, lang), "vardegrund")
    methods, full = ("sina arbetssätt", "sitt fulla oberoende") if lang == "sv" else ("working methods",
                                                                                      "full independence")
    assert methods in values_free and full in values_free
    assert methods not in values_controlled and full not in values_controlled
    assert ("oberoende som organisation" if lang == "sv" else "independence as an organisation") in values_controlled


@pytest.mark.parametrize("data", ["partnership", "grant", "integration"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_open_to_all_is_said_once(answers_data: dict[str, Any], data: str, lang: str) -> None:
    answers = {"partnership": lambda: example("motesplats-boende"), "grant": lambda: example("laxhjalp"),
               "integration": integration}[data]()
    text = whole(agreement(answers, lang))
    phrase = "öppen för alla" if lang == "sv" else "open to all"
    assert text.count(phrase) == 1, text.count(phrase)


# --- 17. A public partner may carry its own risk ----------------------------------------------------

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_public_partner_may_have_equivalent_protection_instead_of_insurance(answers_data: dict[str, Any],
                                                                              lang: str) -> None:
    single = copy.deepcopy(municipal_partner(answers_data))
    single["governance"]["insurance_required"] = True
    liability = text_of(agreement(single, lang), "ansvar")
    mixed = text_of(agreement(integration(), lang), "ansvar")
    plain = text_of(agreement(answers_data, lang), "ansvar")
    if lang == "sv":
        assert "Partnern får i stället för försäkring ha motsvarande skydd på annat sätt" in liability
        assert "en skriftlig bekräftelse av skyddet" in liability
        assert "Exempelstads kommun får i stället för försäkring ha motsvarande skydd på annat sätt" in mixed
        assert "motsvarande skydd" not in plain and "bekräftelse" not in plain
    else:
        assert "The Partner may instead of insurance have equivalent protection in another way" in liability
        assert "written confirmation of that protection" in liability
        assert "Exempelstads kommun may instead of insurance have equivalent protection" in mixed
        assert "equivalent protection" not in plain


# --- 18. The legal form is not repeated after a name that says it ---------------------------------

def test_the_legal_form_is_left_out_when_the_name_already_says_it(answers_data: dict[str, Any]) -> None:
    parties = text_of(agreement(integration(), "sv"), "parter")
    assert "Exempelstads kommun, organisationsnummer 212000-1231, Stadshuset, 123\u00a030 Exempelstad, nedan" in parties
    assert "(kommun)" not in parties and "(registrerat trossamfund)" in parties and "(ideell förening)" in parties
    stad = municipal_partner(answers_data)
    stad["partners"][0]["name"] = "Exempelstads stad"
    assert "Exempelstads stad, organisationsnummer 212000-1231 (kommun)" in text_of(agreement(stad, "sv"), "parter")


# --- 19. Second reading: what each clause says when the company buys, and when several partners act --

def paid_per_unit(data: dict[str, Any], model: str = "per_unit") -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["exchange"]["payment_model"] = model
    return data


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_with_detailed_control_the_company_decides_after_consultation(answers_data: dict[str, Any],
                                                                      lang: str) -> None:
    controlled = copy.deepcopy(answers_data)
    controlled["exchange"]["detailed_control"] = True
    activity = text_of(agreement(controlled, lang), "verksamhet")
    free = text_of(agreement(answers_data, lang), "verksamhet")
    if lang == "sv":
        assert "Parterna planerar verksamheten gemensamt" not in activity
        assert "Bostadsbolaget beslutar, efter samråd i arbetsgruppen enligt avsnitt" in activity
        assert "Partnern ansvarar för att genomföra verksamheten så som den beskrivs i detta avsnitt" in activity
        assert "Bostadsbolaget beslutar" not in free and "Bostadsbolaget lämnar inga anvisningar" in free
    else:
        assert "The Parties plan the activity together" not in activity
        assert "The Housing Company decides, after consultation in the working group under section" in activity
        assert "The Partner is responsible for carrying out the activity as described in this section" in activity
        assert "The Housing Company decides" not in free


@pytest.mark.parametrize("model", ["per_unit", "outcome_based"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_purchase_speaks_of_invoiced_units_not_of_the_companys_funds(answers_data: dict[str, Any], lang: str,
                                                                      model: str) -> None:
    bought = agreement(paid_per_unit(two_partners(answers_data), model), lang)
    single = agreement(paid_per_unit(answers_data, model), lang)
    grant = agreement(answers_data, lang)
    audit, ending, force = (text_of(single, c) for c in ("insyn", "uppsagning", "force-majeure"))
    several = text_of(bought, "uppsagning")
    if lang == "sv":
        unit = "enheter som inte har utförts" if model == "per_unit" else "resultat som inte har uppnåtts"
        for text in (audit, ending, force, several, text_of(bought, "insyn")):
            assert "Bostadsbolagets medel" not in text and "medlen" not in text and "tillbaka medel" not in text
        assert "som Partnern fakturerar Bostadsbolaget för enligt avsnitt" in audit
        assert f"om inte granskningen visar att Partnern har fakturerat {unit}" in audit
        assert f"om Partnern fakturerar {unit}." in ending
        assert "som har fakturerats sker enligt avsnitt" in ending and f"återbetalning av ersättning för {unit}" in ending
        assert "skyldigheten att betala tillbaka ersättning enligt avsnitt" in force
        assert "Den utträdande Partnern har inte rätt till ersättning för" in several
        # A grant keeps the grant's words.
        assert "som Bostadsbolagets medel används till" in text_of(grant, "insyn")
        assert "använder Bostadsbolagets medel för något annat ändamål" in text_of(grant, "uppsagning")
        assert "Redovisning och återbetalning av Bostadsbolagets medel sker enligt" in text_of(grant, "uppsagning")
        assert "skyldigheten att betala tillbaka medel enligt" in text_of(grant, "force-majeure")
    else:
        unit = "units that have not been performed" if model == "per_unit" else "results that have not been achieved"
        for text in (audit, ending, force, several, text_of(bought, "insyn")):
            assert "the Housing Company's funds" not in text and "repay funds" not in text
        assert "for which the Partner invoices the Housing Company under section" in audit
        assert f"unless the examination shows that the Partner has invoiced {unit}" in audit
        assert f"if the Partner invoices {unit}." in ending
        assert f"the repayment of remuneration for {unit}" in ending
        assert "the obligation to repay remuneration in accordance with section" in force
        assert "The departing Partner is not entitled to remuneration for" in several
        assert "on which the Housing Company's funds are spent" in text_of(grant, "insyn")
        assert "uses the Housing Company's funds for any purpose" in text_of(grant, "uppsagning")
        assert "the obligation to repay funds in accordance with" in text_of(grant, "force-majeure")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_subcontractors_keep_to_childrens_safety_only_when_children_take_part(answers_data: dict[str, Any],
                                                                               lang: str) -> None:
    purchase = copy.deepcopy(answers_data)
    purchase["exchange"]["partner_delivers_to_company"] = True
    with_children = copy.deepcopy(purchase)
    with_children["activity"]["children_involved"] = True
    plain, children = (text_of(agreement(d, lang), "underleverantorer") for d in (purchase, with_children))
    words = "barns säkerhet" if lang == "sv" else "children's safety"
    assert words not in plain and words in children
    assert ("om personuppgifter och försäkring" if lang == "sv" else "on personal data and insurance") in plain


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_unused_funds_are_set_off_unless_the_parties_agree_to_use_them(answers_data: dict[str, Any],
                                                                       lang: str) -> None:
    single = text_of(agreement(answers_data, lang), "aterbetalning")
    several = text_of(agreement(two_partners(answers_data), lang), "aterbetalning")
    if lang == "sv":
        assert ("Medel som inte har använts när ett avtalsår, utom det sista, har gått ut avräknas från nästa "
                "utbetalning, om inte Parterna skriftligen kommer överens om att medlen får användas under nästa "
                "avtalsår.") in single
        assert "Medel som inte har använts när det sista avtalsåret har gått ut betalas tillbaka" in single
        assert "får föras över" not in single
        assert "avräknas från nästa utbetalning till denna Partner" in several
    else:
        assert ("Funds not used by the end of a contract year, other than the last, shall be deducted from the next "
                "payment, unless the Parties agree in writing that the funds may be used during the next contract "
                "year.") in single
        assert "Funds not used by the end of the last contract year shall be repaid" in single
        assert "may be carried over" not in single
        assert "deducted from the next payment to that Partner" in several


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_contract_year_is_defined_once_in_the_term(answers_data: dict[str, Any], lang: str) -> None:
    definition = {"sv": "Ett avtalsår är tolv månader räknat från den dag Avtalet börjar gälla",
                  "en": "A contract year is twelve months counted from the day the Agreement takes effect"}[lang]
    for data in (answers_data, paid_per_unit(answers_data), contrasting_without_payment(answers_data)):
        clauses = agreement(data, lang)
        assert definition in text_of(clauses, "avtalstid")
        assert whole(clauses).count(definition) == 1
    grant = text_of(agreement(answers_data, lang), "ekonomi-bidrag")
    several = text_of(agreement(two_partners(answers_data), lang), "ekonomi-bidrag")
    if lang == "sv":
        assert "Senast tre månader efter varje avtalsårs slut utom det sista ska Partnern lämna" in grant
        assert ("ska var och en av Partnerna lämna en egen ekonomisk redovisning som visar hur dess andel av bidraget "
                "har använts") in several
        assert "en slutlig ekonomisk redovisning av sin andel för hela avtalstiden" in several
        assert "Var och en av Partnerna ska redovisa sin egen andel." not in several
    else:
        assert "No later than three months after the end of each contract year except the last, the Partner" in grant
        assert ("each Partner shall submit a financial report of its own showing how its share of the contribution "
                "has been used") in several
        assert "a final financial report on its share for the whole term" in several
        assert "the Partners shall submit a financial report" not in several


def contrasting_without_payment(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none")
    return data


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_each_of_several_partners_insures_its_own_part(answers_data: dict[str, Any], lang: str) -> None:
    required = two_partners(answers_data)
    required["governance"]["insurance_required"] = True
    recommended = copy.deepcopy(required)
    recommended["governance"]["insurance_required"] = False
    insured, advised = (text_of(agreement(d, lang), "ansvar") for d in (required, recommended))
    if lang == "sv":
        own = "som omfattar dess del av verksamheten, dess ideella krafter och deltagarna i dess del av verksamheten"
        assert "Var och en av Partnerna ska under hela avtalstiden ha ansvarsförsäkring" in insured and own in insured
        assert "Parterna rekommenderar att var och en av Partnerna har" in advised and own in advised
        assert "omfattar verksamheten, de ideella krafterna" not in insured + advised
    else:
        own = "covering its part of the activity, its volunteers and the participants in its part of the activity"
        assert "each Partner shall hold liability insurance" in insured and own in insured
        assert "The Parties recommend that each Partner hold" in advised and own in advised
        assert "covering the activity, the volunteers" not in insured + advised


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_owner_municipality_and_a_municipality_are_named_as_the_law_does(answers_data: dict[str, Any],
                                                                             lang: str) -> None:
    clauses = agreement(answers_data, lang)
    background, public = text_of(clauses, "bakgrund"), text_of(clauses, "offentlighet")
    if lang == "sv":
        assert "främja bostadsförsörjningen i den kommun som äger bolaget och erbjuda" in background
        assert "ett aktiebolag där en kommun har ett rättsligt bestämmande inflytande" in public
        assert "där kommunen har" not in public
    else:
        assert "promote the housing supply in the municipality that owns the company and offer" in background
        assert "under the decisive legal influence of a municipality" in public


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_an_activity_for_a_target_group_is_not_discrimination(answers_data: dict[str, Any], lang: str) -> None:
    values = text_of(agreement(example("motesplats-boende"), lang), "vardegrund")
    activity = text_of(agreement(example("laxhjalp"), lang), "verksamhet")
    if lang == "sv":
        assert ("Att en aktivitet riktar sig till en viss målgrupp, till exempel barn i en viss ålder eller föräldrar, "
                "är inte en sådan särbehandling.") in values
        assert "till exempel barn i en viss ålder eller föräldrar, strider inte mot detta." in activity
    else:
        assert ("The fact that an activity is aimed at a particular target group, for example children of a certain "
                "age or parents, does not constitute such treatment.") in values
        assert "for example children of a certain age or parents, is not contrary to this." in activity


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_parties_concerned_appoint_and_agree_on_the_mediator(answers_data: dict[str, Any], lang: str) -> None:
    data = copy.deepcopy(answers_data)
    data["governance"]["dispute_resolution"] = "mediation_then_court"
    many, one = text_of(agreement(two_partners(data), lang), "tvist"), text_of(agreement(data, lang), "tvist")
    if lang == "sv":
        assert "kan de berörda Parterna inte enas om en medlare" in many
        assert "kan Parterna inte enas om en medlare" in one
    else:
        assert "or if the Parties concerned cannot agree on a mediator" in many
        assert "or if the Parties cannot agree on a mediator" in one


def test_the_english_number_of_parties_exceptions_and_organisation_numbers(answers_data: dict[str, Any]) -> None:
    one = agreement(answers_data, "en")
    many = agreement(two_partners(answers_data), "en")
    assert text_of(one, "jav").startswith("Neither Party may, directly or indirectly")
    assert text_of(many, "jav").startswith("No Party may, directly or indirectly")
    assert "organisation number" in text_of(one, "parter") and "corporate identity number" not in text_of(one, "parter")
    lease = with_children_and_premises(answers_data)
    listing = text_of(agreement(lease, "en"), "avtalshandlingar")
    assert "with the following exception: Annex" in listing and "exceptions" not in listing
    swedish = text_of(agreement(lease, "sv"), "avtalshandlingar")
    assert "med följande undantag: bilaga" in swedish
