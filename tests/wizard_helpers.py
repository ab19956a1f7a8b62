"""Helpers for the wizard tests: the form data of a complete two-partner agreement."""
from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

STEP_DATA: dict[str, dict[str, Any]] = {
    "avtalet": {"title": "Samverkan om läxhjälp i Rannebergen", "intended_form": "partnership", "language": "sv"},
    "bostadsbolaget": {
        "name": "Exempelbo AB", "org_number": "556677-8899", "address": "Storgatan 1",
        "contact-name": "Karin Berg", "contact-role": "Områdeschef", "contact-email": "karin@exempelbo.se",
        "contact-phone": "010-123 45 67", "signatory-name": "Lars Holm", "signatory-title": "VD",
        "mandate_in_owner_directive": "yes",
    },
    "parter": {
        "partners-0-name": "Föreningen Mötesplats Öst", "partners-0-org_number": "802400-0005",
        "partners-0-org_form": "ideell_forening", "partners-0-contact-name": "Amina Yusuf",
        "partners-0-signatory-name": "Amina Yusuf", "partners-0-signatory-title": "Ordförande",
        "partners-0-payment_share_percent": "60", "partners-1-payment_share_percent": "40",
        "partners-1-name": "Läxhjälpen i Väst", "partners-1-org_number": "556000-0019",
        "partners-1-org_form": "stiftelse", "partners-1-registered_ideburen": "y",
        "partners-1-contact-name": "Per Ek", "partners-1-signatory-name": "Per Ek",
        "partners-1-signatory-title": "Ordförande",
    },
    "verksamheten": {
        "kinds": ["laxhjalp", "motesplats"], "area": "Rannebergen", "description": "Läxhjälp två kvällar i veckan.",
        "goal_areas": ["skolresultat"], "goals": "Fler elever klarar skolan.", "initiative": "partner",
        "partner_runs_own_activity": "y", "residents_involved": "y", "children_involved": "y",
    },
    "ekonomi": {
        "company_pays": "y", "amount_per_year_sek": "350000", "payment_model": "lump_sum_grant",
        "market_exists": "no", "repayment_of_unused_funds": "y", "partner_own_contribution": "y",
        "own_contribution_description": "Ideella läxhjälpare.", "annex2_service": "unknown",
        "related_agreements_12m_sek": "0", "de_minimis_received_3y_eur": "0",
    },
    "lokaler": {"rent": "market"},
    "personuppgifter": {"joint_decisions_on_data": "y"},
    "avtalstid": {"start_date": "2027-01-01", "end_date": "2028-12-31", "extension_months": "0",
                  "notice_months": "3"},
    "uppfoljning": {"meeting_frequency": "quarterly", "indicators": "Antal elever per vecka\r\n\r\nBetyg i svenska",
                    "process_leaders-0-name": "Karin Berg", "process_leaders-0-organisation": "Exempelbo AB",
                    "process_leaders-0-role": "Områdeschef"},
    "styrning": {"insurance_required": "y", "dispute_resolution": "mediation_then_court"},
}
SLUGS = list(STEP_DATA)


def version_of(html: str) -> str:
    """Return the draft version carried in a step page's hidden field."""
    match = re.search(r'name="version" type="hidden" value="(\d+)"', html) or \
        re.search(r'id="version" name="version" type="hidden" value="(\d+)"', html)
    assert match, "the step form carries no version"
    return match.group(1)


def base_of(html: str) -> str:
    """Return the step's saved answers as the page carried them (the hidden base field)."""
    match = re.search(r'id="base" name="base" type="hidden" value="([^"]*)"', html)
    return match.group(1) if match else ""


def new_draft(client: FlaskClient) -> str:
    """Create a draft through the drafts page and return its public id."""
    response = client.post("/utkast/nytt", data={"title": STEP_DATA["avtalet"]["title"]})
    assert response.status_code == 302
    match = re.search(r"/utkast/([0-9a-f-]{36})/steg/avtalet", response.headers["Location"])
    assert match
    return match.group(1)


def post_step(client: FlaskClient, public_id: str, slug: str, data: dict[str, Any] | None = None,
              action: str = "next", version: str | None = None, **extra: Any) -> Any:
    """Open a step (to learn the version, as a browser would) and post it."""
    url = f"/utkast/{public_id}/steg/{slug}"
    if version is None:
        page = client.get(url).get_data(as_text=True)
        version = version_of(page)
        extra.setdefault("base", base_of(page))
    payload = {**(STEP_DATA[slug] if data is None else data), "version": version, **extra}
    if action:
        payload["action"] = action
    return client.post(url, data=payload)


def complete_draft(client: FlaskClient) -> str:
    """Walk every step with valid data; return the draft id."""
    public_id = new_draft(client)
    for slug in SLUGS:
        response = post_step(client, public_id, slug)
        assert response.status_code == 302, (slug, response.get_data(as_text=True)[-3000:])
    return public_id
