"""Inputs that must not break a draft or a page: each gets a clear Swedish message or a 404, never a 500."""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from app.extensions import db
from app.models import Draft
from wizard_helpers import STEP_DATA, complete_draft, post_step

PAGES = (("get", "/utkast/"), ("get", "/utkast/{id}/granska"), ("get", "/utkast/{id}/steg/avtalstid"),
         ("post", "/utkast/{id}/svar.json"))


def test_a_date_in_year_9999_is_refused_with_a_message_and_breaks_no_page(client: Any, auth: Any,
                                                                          staff_a: Any) -> None:
    auth.login(staff_a)
    public_id = complete_draft(client)
    response = post_step(client, public_id, "avtalstid", {**STEP_DATA["avtalstid"], "end_date": "9999-12-31"})
    assert response.status_code == 422
    assert "ange ett datum mellan år 2000 och 2099".capitalize() in response.get_data(as_text=True) or \
        "ange ett datum mellan år 2000 och 2099" in response.get_data(as_text=True)
    # A draft that already holds such a date (saved before the bound, or restored) still opens everywhere.
    draft = db.session.query(Draft).filter_by(public_id=public_id).one()
    draft.answers = {**draft.answers, "term": {**draft.answers["term"], "end_date": "9999-12-31"}}
    db.session.commit()
    for method, page in PAGES:
        assert getattr(client, method)(page.format(id=public_id)).status_code in (200, 302), page


@pytest.mark.parametrize("typed, stored", [("５５６６７７-８８９９", "556677-8899"), ("٥٥٦٦٧٧-٨٨٩٩", "556677-8899")])
def test_org_numbers_in_other_digits_are_stored_as_ascii(client: Any, auth: Any, staff_a: Any, typed: str,
                                                         stored: str) -> None:
    auth.login(staff_a)
    public_id = complete_draft(client)
    data = {**STEP_DATA["bostadsbolaget"], "org_number": typed}
    assert post_step(client, public_id, "bostadsbolaget", data).status_code == 302
    db.session.expire_all()
    assert db.session.query(Draft).filter_by(public_id=public_id).one().answers["housing_company"]["org_number"] \
        == stored


def test_an_org_number_of_zeros_is_refused(client: Any, auth: Any, staff_a: Any) -> None:
    auth.login(staff_a)
    public_id = complete_draft(client)
    response = post_step(client, public_id, "bostadsbolaget", {**STEP_DATA["bostadsbolaget"],
                                                               "org_number": "000000-0000"})
    assert response.status_code == 422
    assert "bara nollor" in response.get_data(as_text=True)


def test_long_partner_names_do_not_break_the_export(client: Any, auth: Any, staff_a: Any) -> None:
    from app.services import library
    from app import PROJECT_ROOT

    library.import_library(PROJECT_ROOT / "clauses")
    db.session.commit()
    auth.login(staff_a)
    public_id = complete_draft(client)
    draft = db.session.query(Draft).filter_by(public_id=public_id).one()
    partners = draft.answers["partners"]
    long_name = "Föreningen för " + "mycket långa namn och " * 5 + "samverkan"  # ~140 characters each
    partners = [{**partners[0], "name": long_name + " Ett", "payment_share_percent": 50},
                {**partners[0], "name": long_name + " Två", "org_number": "802400-0005",
                 "payment_share_percent": 50}]
    draft.answers = {**draft.answers, "partners": partners}
    db.session.commit()
    response = client.post(f"/utkast/{public_id}/export", data={"language": "sv", "kind": "utkast",
                                                                   "with_comments": "y"})
    assert response.status_code == 200, client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)


def test_a_title_outside_latin1_downloads_as_json(client: Any, auth: Any, staff_a: Any) -> None:
    auth.login(staff_a)
    public_id = complete_draft(client)
    draft = db.session.query(Draft).filter_by(public_id=public_id).one()
    draft.title = "Samverkan ✓ – Ελληνικά 日本"
    db.session.commit()
    response = client.post(f"/utkast/{public_id}/svar.json")
    assert response.status_code == 200
    assert json.loads(response.data)["title"]
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]


@pytest.mark.parametrize("target", ["/utkast/\r\nSet-Cookie: x=1", "/utkast/%0d%0aLocation:%20//evil", "/\n/evil"])
def test_next_with_line_breaks_after_login_goes_home(client: Any, staff_a: Any, target: str) -> None:
    from conftest import PASSWORD

    response = client.post("/logga-in", query_string={"next": target},
                           data={"email": staff_a.email, "password": PASSWORD})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "\r" not in location and "\n" not in location
    assert urlsplit(location).netloc in ("", "localhost") and not location.startswith("//")


@pytest.mark.parametrize("query", ["fran=0001-01-01", "till=9999-12-31", "fran=0001-01-01&till=9999-12-31",
                                   "sida=99999999999999999999999"])
def test_audit_log_filters_with_extreme_values(client: Any, auth: Any, admin: Any, query: str) -> None:
    auth.login(admin)
    assert client.get(f"/admin/logg?{query}").status_code in (200, 400)


@pytest.mark.parametrize("url", ["/admin/anvandare/99999999999999999999", "/admin/organisationer/9223372036854775808",
                                 "/utkast/?sida=99999999999999999999999", "/admin/anvandare?sida=9223372036854775808"])
def test_ids_and_page_numbers_above_2_63(client: Any, auth: Any, admin: Any, staff_a: Any, url: str) -> None:
    auth.login(staff_a if url.startswith("/utkast") else admin)
    assert client.get(url).status_code in (200, 404)
