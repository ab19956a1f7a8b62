"""The wizard as a staff member uses it: every step, back and forward, leaving and coming back."""
from __future__ import annotations

import json
import re

import flask_babel

from sqlalchemy import select

from app.extensions import db
from app.models import Draft
from tests.conftest import PASSWORD
from tests.wizard_helpers import STEP_DATA, SLUGS, complete_draft, new_draft, post_step, version_of


def saved_answers(client, public_id):
    return json.loads(client.post(f"/utkast/{public_id}/svar.json").get_data(as_text=True))


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    return match.group(1) if match else ""


def test_two_partner_walk_is_kept_after_logging_in_again(app, client, auth, staff_a):
    auth.login(staff_a)
    public_id = complete_draft(client)

    other = app.test_client()
    other.post("/logga-in", data={"email": staff_a.email, "password": PASSWORD})
    parties = other.get(f"/utkast/{public_id}/steg/parter").get_data(as_text=True)
    assert 'value="Föreningen Mötesplats Öst"' in parties
    assert 'value="Läxhjälpen i Väst"' in parties
    review = other.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    for text in ("Samverkan om läxhjälp i Rannebergen", "Läxhjälpen i Väst", "350\xa0000",
                 "Bidrag med ett fast belopp", "1\xa0januari 2027", "Betyg i svenska", "Alla frågor är besvarade"):
        assert text in review
    assert review.count(">Ändra<") == len(SLUGS)
    answers = saved_answers(other, public_id)
    assert [p["name"] for p in answers["partners"]] == ["Föreningen Mötesplats Öst", "Läxhjälpen i Väst"]
    assert answers["follow_up"]["indicators"] == ["Antal elever per vecka", "Betyg i svenska"]
    assert answers["term"]["end_date"] == "2028-12-31"
    listing = other.get("/utkast/").get_data(as_text=True)
    assert "Föreningen Mötesplats Öst, Läxhjälpen i Väst" in listing and "Komplett" in listing


def test_resume_goes_to_the_first_unanswered_step(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    post_step(client, public_id, "avtalet")
    response = client.get(f"/utkast/{public_id}/")
    assert response.headers["Location"].endswith("/steg/bostadsbolaget")


def test_progress_marks_the_current_and_completed_steps(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    post_step(client, public_id, "avtalet")
    html = client.get(f"/utkast/{public_id}/steg/bostadsbolaget").get_data(as_text=True)
    nav = html[html.index('<nav class="progress"'):html.index("</nav>", html.index('<nav class="progress"'))]
    assert re.search(r'<li aria-current="step">\s*<a [^>]*steg/bostadsbolaget', nav)
    assert re.search(r'<li class="done">\s*<a [^>]*steg/avtalet', nav)
    # the company step starts with the user's organisation filled in
    assert 'value="556677-8899"' in html


def test_back_saves_and_invalid_back_keeps_the_input(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    response = post_step(client, public_id, "verksamheten", action="back")
    assert response.headers["Location"].endswith("/steg/parter")
    assert saved_answers(client, public_id)["activity"]["area"] == "Rannebergen"

    bad = {**STEP_DATA["bostadsbolaget"], "org_number": "556677-8898", "address": "Nygatan 2"}
    response = post_step(client, public_id, "bostadsbolaget", bad, action="back")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Nygatan 2"' in html and "Ogiltigt organisationsnummer" in html
    assert "housing_company" not in saved_answers(client, public_id)


def test_field_errors_sit_next_to_the_field_with_a_summary(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    bad = {**STEP_DATA["bostadsbolaget"], "org_number": "123", "contact-email": "karin"}
    html = post_step(client, public_id, "bostadsbolaget", bad).get_data(as_text=True)
    assert field_error(html, "org_number") == "Ogiltigt organisationsnummer"
    assert field_error(html, "contact-email") == "Ogiltig e-postadress"
    assert 'aria-describedby="org_number-help org_number-error"' in html
    summary = html[html.index('class="error-summary" role="alert"'):]
    assert '<a href="#org_number">Organisationsnummer: Ogiltigt organisationsnummer</a>' in summary
    assert "Kontaktperson hos bostadsbolaget: E-post: Ogiltig e-postadress" in summary

    partners = {**STEP_DATA["parter"], "partners-1-org_number": "556000-0018"}
    html = post_step(client, public_id, "parter", partners).get_data(as_text=True)
    assert field_error(html, "partners-1-org_number") == "Ogiltigt organisationsnummer"
    assert field_error(html, "partners-0-org_number") == ""
    assert "Partner 2: Organisationsnummer: Ogiltigt organisationsnummer" in html


def test_too_long_text_is_a_field_error_and_a_huge_paste_a_clear_page(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    long = {**STEP_DATA["verksamheten"], "description": "a" * 6000}
    response = post_step(client, public_id, "verksamheten", long)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "description") == "För lång text (högst 5000 tecken)"

    # a 10 MB paste is refused on its field and dropped; the other fields come back as typed
    huge = {**STEP_DATA["verksamheten"], "description": "a" * 10 * 1024 * 1024, "goals": "Fler elever klarar skolan."}
    response = post_step(client, public_id, "verksamheten", huge)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and len(page) < 200_000
    assert field_error(page, "description").startswith("Texten var för lång (10\xa0485\xa0760 tecken, högst 5\xa0000)")
    assert "Fler elever klarar skolan.</textarea>" in page and 'value="Rannebergen"' in page
    assert "activity" not in saved_answers(client, public_id)
    # beyond what a step may carry at all, the server still says "too much data"
    response = client.post(f"/utkast/{public_id}/steg/verksamheten", data={"description": "a" * 17 * 1024 * 1024})
    assert response.status_code == 413 and "För mycket data" in response.get_data(as_text=True)


def test_economy_fields_apply_only_when_the_company_pays(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    html = client.get(f"/utkast/{public_id}/steg/ekonomi").get_data(as_text=True)
    assert 'data-show-when="company_pays=y"' in html
    assert 'data-show-when="partner_own_contribution=y"' in html
    assert 'name="amount_per_year_sek"' in html  # visible without JavaScript
    for help_text in ("Egeninsats är det partnern själv tillför", "Finns det företag eller andra som säljer samma sak?",
                      "En motprestation", "bilaga 2", "de minimis", "bestämmer parterna tillsammans"):
        assert help_text in html

    not_paying = {**STEP_DATA["ekonomi"], "amount_per_year_sek": "5000", "partner_own_contribution": ""}
    del not_paying["company_pays"]
    assert post_step(client, public_id, "ekonomi", not_paying).status_code == 302
    exchange = saved_answers(client, public_id)["exchange"]
    assert exchange["company_pays"] is False and exchange["amount_per_year_sek"] == 0
    assert exchange["payment_model"] == "none" and exchange["own_contribution_description"] == ""

    paying = {**STEP_DATA["ekonomi"], "amount_per_year_sek": ""}
    html = post_step(client, public_id, "ekonomi", paying).get_data(as_text=True)
    assert field_error(html, "amount_per_year_sek") == "Ange ett belopp per år när bolaget betalar"
    paying = {**STEP_DATA["ekonomi"], "amount_per_year_sek": "-5"}
    html = post_step(client, public_id, "ekonomi", paying).get_data(as_text=True)
    assert field_error(html, "amount_per_year_sek") == "Får inte vara mindre än 0"


def test_premises_details_apply_only_when_a_premises_is_provided(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    html = client.get(f"/utkast/{public_id}/steg/lokaler").get_data(as_text=True)
    assert 'data-show-when="provided=y"' in html and 'data-show-when="rent=reduced"' in html

    assert post_step(client, public_id, "lokaler", {"address": "Torget 3", "rent": "reduced",
                                                    "rent_sek_per_year": "1000"}).status_code == 302
    assert saved_answers(client, public_id)["premises"]["address"] == ""

    html = post_step(client, public_id, "lokaler", {"provided": "y", "rent": "market"}).get_data(as_text=True)
    assert field_error(html, "address") == "Ange lokalens adress"
    html = post_step(client, public_id, "lokaler", {
        "provided": "y", "address": "Torget 3", "rent": "reduced", "market_rent_sek_per_year": "60000",
        "rent_sek_per_year": "60000"}).get_data(as_text=True)
    assert field_error(html, "rent_sek_per_year") == "En nedsatt hyra ska vara lägre än marknadshyran"
    assert post_step(client, public_id, "lokaler", {
        "provided": "y", "address": "Torget 3", "area_m2": "85.5", "rent": "free",
        "market_rent_sek_per_year": "60000", "rent_sek_per_year": "5000"}).status_code == 302
    premises = saved_answers(client, public_id)["premises"]
    assert premises["area_m2"] == 85.5 and premises["rent_sek_per_year"] == 0


def test_term_end_date_applies_only_to_a_fixed_term(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    html = client.get(f"/utkast/{public_id}/steg/avtalstid").get_data(as_text=True)
    assert 'data-show-when="!open_ended=y"' in html
    assert 'type="date"' in html and 'name="extension_months" step="1" type="number"' in html

    html = post_step(client, public_id, "avtalstid", {**STEP_DATA["avtalstid"], "end_date": "2026-12-31"}
                     ).get_data(as_text=True)
    assert field_error(html, "end_date") == "Slutdatum ligger före startdatum"
    html = post_step(client, public_id, "avtalstid", {**STEP_DATA["avtalstid"], "start_date": "2027-13-45"}
                     ).get_data(as_text=True)
    assert field_error(html, "start_date") == "Ogiltigt datum (ÅÅÅÅ-MM-DD)"
    html = post_step(client, public_id, "avtalstid", {"start_date": "2027-01-01"}).get_data(as_text=True)
    assert "Ange slutdatum eller välj att avtalet gäller tills vidare" in field_error(html, "end_date")

    open_ended = {**STEP_DATA["avtalstid"], "open_ended": "y"}
    assert post_step(client, public_id, "avtalstid", open_ended).status_code == 302
    term = saved_answers(client, public_id)["term"]
    assert term["open_ended"] is True and term["end_date"] is None


def test_partners_can_be_added_and_removed_without_javascript(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    url = f"/utkast/{public_id}/steg/parter"
    version = version_of(client.get(url).get_data(as_text=True))
    html = client.post(url, data={**STEP_DATA["parter"], "version": version, "add": "partners"}
                       ).get_data(as_text=True)
    assert 'name="partners-2-name"' in html and 'value="Läxhjälpen i Väst"' in html
    assert "Lägg till partner" in html and html.count(">Ta bort<") == 3
    assert "partners" not in saved_answers(client, public_id)

    html = client.post(url, data={**STEP_DATA["parter"], "version": version, "remove": "partners-0"}
                       ).get_data(as_text=True)
    assert "Föreningen Mötesplats Öst" not in html
    assert 'id="partners-0-name" name="partners-0-name" type="text" value="Läxhjälpen i Väst"' in html
    assert ">Ta bort<" not in html  # one partner is the least an agreement has

    one = {k.replace("partners-1", "partners-0"): v for k, v in STEP_DATA["parter"].items() if "partners-1" in k}
    assert post_step(client, public_id, "parter", one).status_code == 302
    assert [p["name"] for p in saved_answers(client, public_id)["partners"]] == ["Läxhjälpen i Väst"]


def test_at_most_twenty_partners(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    data = {f"partners-{i}-name": f"Förening {i}" for i in range(25)}
    version = version_of(client.get(f"/utkast/{public_id}/steg/parter").get_data(as_text=True))
    html = client.post(f"/utkast/{public_id}/steg/parter", data={**data, "version": version, "add": "partners"}
                       ).get_data(as_text=True)
    assert 'name="partners-19-name"' in html and 'name="partners-20-name"' not in html
    assert "Lägg till partner" not in html


def test_follow_up_process_leaders_repeat_and_blank_rows_are_dropped(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    data = {**STEP_DATA["uppfoljning"], "process_leaders-1-name": "", "process_leaders-1-role": " "}
    assert post_step(client, public_id, "uppfoljning", data).status_code == 302
    assert len(saved_answers(client, public_id)["follow_up"]["process_leaders"]) == 1
    html = post_step(client, public_id, "uppfoljning", add="process_leaders").get_data(as_text=True)
    assert 'name="process_leaders-1-name"' in html


def test_a_save_based_on_an_old_version_is_refused_and_nothing_is_lost(app, client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    url = f"/utkast/{public_id}/steg/verksamheten"
    second = app.test_client()
    second.post("/logga-in", data={"email": staff_a.email, "password": PASSWORD})
    old_version = version_of(second.get(url).get_data(as_text=True))

    assert post_step(client, public_id, "verksamheten").status_code == 302
    mine = {**STEP_DATA["verksamheten"], "area": "Gårdsten"}
    response = post_step(second, public_id, "verksamheten", mine, version=old_version)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Utkastet har ändrats i en annan flik eller av en kollega" in html
    assert 'value="Gårdsten"' in html  # the second user's input is kept
    assert "<dd>Rannebergen</dd>" in html  # beside what is stored now
    assert saved_answers(client, public_id)["activity"]["area"] == "Rannebergen"

    # saving again, knowing what is stored, replaces it
    new_version = version_of(html)
    assert new_version != old_version
    assert post_step(second, public_id, "verksamheten", mine, version=new_version).status_code == 302
    assert saved_answers(client, public_id)["activity"]["area"] == "Gårdsten"


def test_a_save_that_loses_the_race_when_written_is_refused_too(client, auth, staff_a, monkeypatch):
    """The version check runs in the UPDATE itself: a colleague's save that got in first makes it match no row."""
    from sqlalchemy.orm.exc import StaleDataError

    from app.extensions import db

    auth.login(staff_a)
    public_id = new_draft(client)
    real_flush = db.session.flush

    def lose_the_race(*args, **kwargs) -> None:
        monkeypatch.setattr(db.session, "flush", real_flush)
        raise StaleDataError("UPDATE statement on table 'draft' expected to update 1 row(s); 0 were matched.")

    version = version_of(client.get(f"/utkast/{public_id}/steg/verksamheten").get_data(as_text=True))
    monkeypatch.setattr(db.session, "flush", lose_the_race)
    response = post_step(client, public_id, "verksamheten", version=version)
    assert response.status_code == 409
    assert 'value="Rannebergen"' in response.get_data(as_text=True)
    assert "activity" not in saved_answers(client, public_id)


def test_every_step_opens_in_english_too(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    client.post("/sprak", data={"language": "en"})
    flask_babel.refresh()  # the test app context outlives requests and would keep the cached locale
    for slug in SLUGS:
        response = client.get(f"/utkast/{public_id}/steg/{slug}")
        assert response.status_code == 200 and '<html lang="en">' in response.get_data(as_text=True)
    assert client.get(f"/utkast/{public_id}/granska").status_code == 200


def test_review_lists_what_is_missing_with_links_to_the_steps(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    post_step(client, public_id, "avtalet")
    html = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    assert "Det här saknas eller behöver rättas" in html
    assert re.search(r'steg/bostadsbolaget">Bostadsbolaget</a> – Uppgiften saknas', html)
    assert re.search(r'steg/avtalstid">Avtalstid</a> – Uppgiften saknas', html)
    assert "Ladda ner Word-dokument" not in html
    assert "{% block findings %}" not in html
    response = client.post(f"/utkast/{public_id}/export", data={"language": "sv", "kind": "utkast"})
    assert response.status_code == 302
    assert "Utkastet är inte komplett" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_forms_carry_a_csrf_token(make_app, staff_a):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()

    def token(url):
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"',
                         client.get(url).get_data(as_text=True)).group(1, 2)

    def first(pair):
        return pair[0] or pair[1]

    client.post("/logga-in", data={"email": staff_a.email, "password": PASSWORD,
                                   "csrf_token": first(token("/logga-in"))})
    assert client.post("/utkast/nytt").status_code == 400  # no token, refused
    response = client.post("/utkast/nytt", data={"csrf_token": first(token("/utkast/")), "title": "Läxhjälp"})
    public_id = response.headers["Location"].split("/")[-3]
    url = f"/utkast/{public_id}/steg/parter"
    page = client.get(url).get_data(as_text=True)
    data = {**STEP_DATA["parter"], "version": version_of(page), "action": "next",
            "csrf_token": re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)}
    assert client.post(url, data=data).status_code == 302


def test_several_partners_share_the_payment_and_the_shares_must_add_up(app, client, auth, staff_a):
    auth.login(staff_a)
    public_id = complete_draft(client)
    wrong = {**STEP_DATA["parter"], "partners-1-payment_share_percent": "30"}
    response = post_step(client, public_id, "parter", wrong)
    assert response.status_code == 422
    assert "Andelarna ska vara 100 procent tillsammans, men är 90 procent" in response.get_data(as_text=True)
    amounts = {k: v for k, v in STEP_DATA["parter"].items() if "share_percent" not in k}
    amounts.update({"partners-0-payment_share_sek_per_year": "200000", "partners-1-payment_share_sek_per_year": "150000"})
    assert post_step(client, public_id, "parter", amounts).status_code == 302
    draft = db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one()
    assert [p["payment_share_sek_per_year"] for p in draft.answers["partners"]] == [200000, 150000]
    assert [p["payment_share_percent"] for p in draft.answers["partners"]] == [None, None]
    assert draft.status == "complete"
    # A later change of the yearly amount leaves the shares short: the review page says where.
    post_step(client, public_id, "ekonomi", {**STEP_DATA["ekonomi"], "amount_per_year_sek": "400000"})
    page = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    assert "Andelarna ska vara 400" in page and f"/utkast/{public_id}/steg/parter" in page


def test_every_error_of_a_step_comes_in_one_round_trip_with_a_capital_letter(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    term = {"start_date": "2027-01-01", "end_date": "2026-01-01", "extension_months": "0", "notice_months": "0"}
    page = post_step(client, public_id, "avtalstid", term).get_data(as_text=True)
    assert "Slutdatum ligger före startdatum" in page and "Ange minst en månads uppsägningstid" in page
    economy = {**STEP_DATA["ekonomi"], "amount_per_year_sek": "0", "payment_model": "",
               "own_contribution_description": "x" * 6000}
    response = post_step(client, public_id, "ekonomi", economy)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    # a field error (too long) and the section's own checks (amount, payment model) together
    assert "För lång text (högst 5000 tecken)" in page
    assert "Ange ett belopp per år när bolaget betalar" in page
    summary = page[page.index("Något behöver rättas"):page.index("</div>", page.index("Något behöver rättas"))]
    assert summary.count("<li>") >= 3


def test_unticking_the_payment_and_ticking_it_again_brings_the_amount_back(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    for slug in SLUGS[:4]:
        post_step(client, public_id, slug)
    assert post_step(client, public_id, "ekonomi").status_code == 302
    unticked = {k: v for k, v in STEP_DATA["ekonomi"].items() if k != "company_pays"}
    assert post_step(client, public_id, "ekonomi", unticked).status_code == 302
    draft = db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one()
    db.session.refresh(draft)
    assert draft.answers["exchange"]["amount_per_year_sek"] == 0  # the answers say: nothing is paid
    assert draft.answers["exchange"]["payment_model"] == "none"
    page = client.get(f"/utkast/{public_id}/steg/ekonomi").get_data(as_text=True)
    assert re.search(r'name="amount_per_year_sek"[^>]*value="350000"', page)
    assert re.search(r'<option selected value="lump_sum_grant"|value="lump_sum_grant"[^>]*checked|checked[^>]*value="lump_sum_grant"', page)
    # ticked again, the same page saves the amount and the model as they were
    assert post_step(client, public_id, "ekonomi").status_code == 302
    db.session.refresh(draft)
    assert draft.answers["exchange"]["amount_per_year_sek"] == 350000
    assert draft.answers["exchange"]["payment_model"] == "lump_sum_grant"
    assert not (draft.set_aside or {}).get("ekonomi")


def test_a_term_in_the_past_or_of_one_day_is_saved_with_a_warning(client, auth, staff_a):
    auth.login(staff_a)
    public_id = new_draft(client)
    past = {**STEP_DATA["avtalstid"], "start_date": "2020-01-01", "end_date": "2020-12-31"}
    response = post_step(client, public_id, "avtalstid", past)
    assert response.status_code == 302  # a warning, not an error
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Hela avtalstiden ligger före i dag" in page
    assert "Hela avtalstiden ligger före i dag" in client.get(f"/utkast/{public_id}/steg/avtalstid").get_data(
        as_text=True)
    one_day = {**STEP_DATA["avtalstid"], "start_date": "2030-05-01", "end_date": "2030-05-01"}
    post_step(client, public_id, "avtalstid", one_day)
    page = client.get(f"/utkast/{public_id}/steg/avtalstid").get_data(as_text=True)
    assert "Avtalet börjar och slutar samma dag" in page and "Hela avtalstiden ligger före i dag" not in page
    post_step(client, public_id, "avtalstid")
    assert 'class="notice warning"' not in client.get(f"/utkast/{public_id}/steg/avtalstid").get_data(as_text=True)


def test_two_tabs_conflict_only_on_the_same_step_and_never_blank_the_other_tabs_fields(app, client, auth, staff_a):
    from tests.wizard_helpers import base_of
    auth.login(staff_a)
    public_id = new_draft(client)
    for slug in SLUGS:
        post_step(client, public_id, slug)
    url = f"/utkast/{public_id}/steg/verksamheten"
    second = app.test_client()
    second.post("/logga-in", data={"email": staff_a.email, "password": PASSWORD})
    opened = second.get(url).get_data(as_text=True)
    old_version, old_base = version_of(opened), base_of(opened)

    # the first tab saves another step: the second tab's save goes through without a conflict
    post_step(client, public_id, "lokaler")
    mine = {**STEP_DATA["verksamheten"], "area": "Gårdsten"}
    assert post_step(second, public_id, "verksamheten", mine, version=old_version, base=old_base).status_code == 302
    assert saved_answers(client, public_id)["activity"]["area"] == "Gårdsten"

    # the first tab changes the goals on this step; the second changes only the area: both are kept
    opened = second.get(url).get_data(as_text=True)
    old_version, old_base = version_of(opened), base_of(opened)
    post_step(client, public_id, "verksamheten", {**STEP_DATA["verksamheten"], "area": "Gårdsten",
                                                  "goals": "Fler vuxna i läxhjälpen."})
    response = post_step(second, public_id, "verksamheten", {**STEP_DATA["verksamheten"], "area": "Hjällbo"},
                         version=old_version, base=old_base)
    assert response.status_code == 302
    activity = saved_answers(client, public_id)["activity"]
    assert (activity["area"], activity["goals"]) == ("Hjällbo", "Fler vuxna i läxhjälpen.")

    # both change the area: a conflict that names the field; the goals the other tab wrote stay
    opened = second.get(url).get_data(as_text=True)
    old_version, old_base = version_of(opened), base_of(opened)
    post_step(client, public_id, "verksamheten", {**STEP_DATA["verksamheten"], "area": "Angered",
                                                  "goals": "Fler elever klarar skolan och fler vuxna deltar."})
    response = post_step(second, public_id, "verksamheten", {**STEP_DATA["verksamheten"], "area": "Lövgärdet",
                                                             "goals": "Fler vuxna i läxhjälpen."},
                         version=old_version, base=old_base)
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "Fält som båda har ändrat" in html
    assert re.search(r'<a href="#area">Bostadsområde</a>: sparat nu Angered', html)
    assert 'value="Lövgärdet"' in html  # this tab's own answer stays in the form
    assert "Fler elever klarar skolan och fler vuxna deltar.</textarea>" in html  # not blanked
    again = post_step(second, public_id, "verksamheten", {**STEP_DATA["verksamheten"], "area": "Lövgärdet",
                                                          "goals": "Fler elever klarar skolan och fler vuxna deltar."},
                      version=version_of(html), base=base_of(html))
    assert again.status_code == 302
    activity = saved_answers(client, public_id)["activity"]
    assert (activity["area"], activity["goals"]) == ("Lövgärdet", "Fler elever klarar skolan och fler vuxna deltar.")
