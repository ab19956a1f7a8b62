"""What a lawyer reading a whole agreement notices: payments that add up, options the text keeps,
one-item lists, the name of the agreement, the signature page and the follow-up plan."""
from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

import pytest

from app.agreement.answers import validate
from app.agreement.formatting import NBSP
from app.services.documents import render_answers
from app.services.examples import load_examples
from docx_helpers import body_text, open_doc
from test_clause_texts import agreement, text_of, two_partners

ISSUED = dt.date(2027, 1, 1)
EXAMPLES = {e.id: e for e in load_examples()}


def example(example_id: str) -> dict[str, Any]:
    return copy.deepcopy(EXAMPLES[example_id].raw_answers)


def kr(text: str) -> int:
    return int(text.replace(NBSP, "").replace(" ", ""))


def test_a_fixed_grant_paid_by_quarter_never_pays_more_than_the_total_for_the_term() -> None:
    """1 August 2027 – 30 June 2029 touches eight quarters; eight full quarters would pay 300 000 kr."""
    data = example("laxhjalp")
    assert data["exchange"]["payment_model"] == "lump_sum_grant"
    grant = text_of(agreement(data, "sv"), "ekonomi-bidrag")
    yearly, total = (kr(m) for m in re.search(r"om ([\d\u00a0]+)\u00a0kr per år, sammanlagt ([\d\u00a0]+)\u00a0kr",
                                              grant).groups())
    assert (yearly, total) == (150_000, 287_500)
    assert "högst" not in grant.split("\n")[0]  # a fixed amount, not a ceiling
    assert "en tolftedel av årsbeloppet för varje påbörjad månad av avtalstiden" in grant
    assert "Sammanlagt betalas aldrig mer än beloppet för avtalstiden." in grant
    # Paid per quarter as the text says: Aug–Sep 2027 is two months, then seven full quarters.
    assert 2 * yearly // 12 + 7 * yearly // 4 == total
    reimbursement = copy.deepcopy(data)
    reimbursement["exchange"]["payment_model"] = "cost_reimbursement"
    assert "om högst 150" in text_of(agreement(reimbursement, "sv"), "ekonomi-bidrag")


def test_vat_is_stated_once_and_budget_departures_are_cleared_in_advance() -> None:
    data = example("laxhjalp")
    grant_sv = text_of(agreement(data, "sv"), "ekonomi-bidrag")
    grant_en = text_of(agreement(data, "en"), "ekonomi-bidrag")
    assert "ingen mervärdesskatt ska därför betalas på bidraget" in grant_sv
    assert "exklusive mervärdesskatt" not in grant_sv and "exclusive of value added tax" not in grant_en
    assert "shall be cleared with the Housing Company in advance" in grant_en


@pytest.mark.parametrize("lang, words", [("sv", "efter avtalstiden och en eventuell förlängning"),
                                         ("en", "after the term and any extension")])
def test_an_agreed_extension_option_is_not_contradicted_by_a_new_agreement(lang: str, words: str) -> None:
    data = example("motesplats-boende")
    assert data["term"]["extension_months"] == 12
    term = text_of(agreement(data, lang), "avtalstid")
    assert words in term
    data["term"]["extension_months"] = 0
    assert words not in text_of(agreement(data, lang), "avtalstid")


def test_the_de_minimis_estimate_names_its_rate_its_months_and_what_each_partner_receives() -> None:
    data = example("motesplats-boende")
    aid = text_of(agreement(data, "sv"), "de-minimis")
    assert "med en växelkurs på 10,8126 kr per euro" in aid
    # What is granted at signing (the 24 months of the term) is told apart from what an extension would grant.
    assert "omfattar det åtagande som Avtalet innebär, det vill säga avtalstidens 24 månader" in aid
    assert "stöd under en förlängning enligt avsnitt 23 (Avtalstid) anses beviljat när förlängningen avtalas" in aid
    name = data["partners"][0]["name"]
    assert (f"Det stöd till {name} som beviljas när Avtalet undertecknas uppskattas till 360\u00a0000\u00a0kr "
            "(120\u00a0000\u00a0kr per år i bidrag och 60\u00a0000\u00a0kr per år i nedsatt hyra)") in aid
    assert f"Förlängs Avtalet beviljas {name} ytterligare stöd, uppskattat till 180\u00a0000\u00a0kr" in aid
    assert "ansvarar för att försäkran är riktig och fullständig" in aid
    assert "får inte användas för att finansiera försäljning" not in aid  # a café in the premises benefits anyway
    assert "vid sidan av" not in aid and "den partner det gäller" not in aid and "Partnern utan dröjsmål" in aid
    shared = text_of(agreement(two_partners(example("motesplats-boende")), "sv"), "de-minimis")
    # The whole rent reduction counts for each partner on a market: the lease, not this agreement, divides the premises.
    assert re.search(r"Det stöd till Läxhjälpen i Väst som beviljas när Avtalet undertecknas uppskattas till [\d\u00a0]+\u00a0kr \([\d\u00a0]+\u00a0kr per år "
                     r"i bidrag och 60\u00a0000\u00a0kr per år i nedsatt hyra, det vill säga hela hyresnedsättningen, "
                     r"eftersom Partnerna delar lokalen\)", shared)
    english = text_of(agreement(two_partners(example("motesplats-boende")), "en"), "de-minimis")
    assert "Föreningen Mötesplats Exempeldal and Läxhjälpen i Väst also carry on economic activity" in english
    one = two_partners(example("motesplats-boende"))
    one["partners"][0]["sells_on_market"] = False
    english = text_of(agreement(one, "en"), "de-minimis")
    assert english.startswith("Läxhjälpen i Väst also carries on economic activity")
    assert "Läxhjälpen i Väst shall account for the economic activity separately" in english


def test_a_single_goal_area_reads_as_a_sentence_not_a_list_of_one() -> None:
    data = example("laxhjalp")
    assert data["activity"]["goal_areas"] == ["skolresultat"]
    purpose = agreement(data, "sv")["syfte"]
    assert "inom området skolresultat." in text_of({"syfte": purpose}, "syfte")
    assert all(p.level == 2 for p in purpose.paragraphs)  # no lettered item


def test_a_managed_purchase_is_not_called_an_equal_partnership_run_on_the_partners_own_plan() -> None:
    data = example("trygghetsvandring-timpris")
    clauses = agreement(data, "sv")
    whole = "\n".join(text_of(clauses, c) for c in clauses)
    for claim in ("mellan jämbördiga parter", "enligt sin egen plan och med sina egna metoder",
                  "egna idéer, metoder och bedömningar", "beslutar om arbetssätt och bemanning"):
        assert claim not in whole, claim
    assert "leda och bedriva verksamheten så som verksamheten beskrivs i avsnitt" in text_of(clauses, "atagande-partner")
    own = agreement(example("motesplats-boende"), "sv")
    assert "mellan jämbördiga parter" in text_of(own, "syfte")


@pytest.mark.parametrize("example_id, kind", [("laxhjalp", "BIDRAGSAVTAL"), ("motesplats-boende", "SAMVERKANSAVTAL")])
def test_the_cover_names_the_kind_of_agreement_and_a_final_carries_no_production_date(example_id: str,
                                                                                       kind: str) -> None:
    answers = validate(example(example_id))

    def cover(document: Any, style: str) -> list[str]:
        return [p.text for p in document.paragraphs if p.style.style_id == style]

    draft = open_doc(render_answers(answers, on=ISSUED))
    final = open_doc(render_answers(answers, draft=False, on=ISSUED))
    assert cover(draft, "AvtalEtikett") == [kind] and cover(final, "AvtalEtikett") == [kind]
    assert cover(draft, "AvtalDatum") == ["Utkast daterat 1\u00a0januari 2027"]
    assert cover(final, "AvtalDatum") in ([], [""])  # the parties date it where they sign


def test_the_signature_blocks_of_all_parties_keep_together() -> None:
    answers = validate(example("integration-samverkan"))
    document = open_doc(render_answers(answers, draft=False, on=ISSUED))
    styles = ("UnderskriftRubrik", "UnderskriftText", "UnderskriftNamn")
    for name in styles:
        assert document.styles[name].paragraph_format.keep_with_next, name
    # A block ends with its captions: the page may break before the next party, never inside a block.
    assert not document.styles["UnderskriftSlut"].paragraph_format.keep_with_next
    # The last clause keeps with the first block, so that the signatures never stand on a page of their own.
    paragraphs = document.paragraphs
    headings = [i for i, p in enumerate(paragraphs) if p.style.style_id == "Klausul1"]
    last = [p for p in paragraphs[headings[-1] + 1:] if p.style.style_id.startswith("Klausul")]
    assert last and all(p.paragraph_format.keep_with_next for p in last[-4:])
    assert paragraphs[headings[0]].paragraph_format.page_break_before  # the agreement starts on the page after the cover
    # One table holds every party's block.
    [table] = [t for t in document.tables
               if any(p.style.style_id == "UnderskriftRubrik" for c in t._cells for p in c.paragraphs)]
    headings = {p.text for c in table._cells for p in c.paragraphs if p.style.style_id == "UnderskriftRubrik"}
    assert headings == {f"För {name}" for name in [answers.housing_company.name, *(p.name for p in answers.partners)]}


def test_a_paragraph_that_introduces_a_list_keeps_with_its_first_item() -> None:
    document = open_doc(render_answers(validate(example("trygghetsvandring-timpris")), on=ISSUED))
    lead_ins = [p for p in document.paragraphs if p.text.rstrip().endswith(":")]
    assert any(p.text.startswith("Utlöst av") for p in lead_ins)
    assert lead_ins and all(p.paragraph_format.keep_with_next for p in lead_ins)


def test_the_follow_up_plan_says_which_party_still_appoints_its_process_leader() -> None:
    data = two_partners(example("motesplats-boende"))
    document = open_doc(render_answers(validate(data), draft=False, on=ISSUED))
    text = body_text(document)
    plan = text[text.index("Bilaga 1: Uppföljningsplan"):]
    assert "Processledare som har utsetts:" in plan
    assert "Läxhjälpen i Väst utser sin processledare och meddelar övriga Parter skriftligen." in plan
    assert "Exempelbo AB utser" not in plan


def test_a_draft_with_open_stops_says_so_on_its_cover_and_puts_them_first_in_the_risk_annex() -> None:
    answers = validate(example("trygghetsvandring-timpris"))
    document = open_doc(render_answers(answers, on=ISSUED))
    notice = [p.text for p in document.paragraphs if p.style.style_id == "Stoppnotis"]
    assert notice and "bör inte skrivas under i sin nuvarande form" in notice[0]
    paragraphs = [p.text for p in document.paragraphs]
    risk = paragraphs[paragraphs.index("Riskbedömning – underlag som inte ingår i avtalet"):]
    severities = [t.split(":")[0] for t in risk if re.match(r"^(Stopp|Varning|Information): ", t)]
    assert severities[0] == "Stopp" and severities == sorted(severities, key=["Stopp", "Varning",
                                                                             "Information"].index)
    # Each finding keeps together on a page: all its paragraphs but the last keep with the next.
    start = next(i for i, t in enumerate(paragraphs) if t.startswith("Stopp: "))
    end = next(i for i in range(start + 1, len(paragraphs)) if re.match(r"^(Stopp|Varning|Information): ",
                                                                         paragraphs[i]))
    finding = document.paragraphs[start:end]
    assert all(p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next
               for p in finding[:-1]) and not finding[-1].style.paragraph_format.keep_with_next
    clean = validate(example("laxhjalp"))
    assert not [p for p in open_doc(render_answers(clean, on=ISSUED)).paragraphs if p.style.style_id == "Stoppnotis"]
