"""Helpers for the wizard tests: the form data of a complete two-partner agreement."""
from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from bench.web import WALK

# The whole walk is the bench's (bench/web.py), with the company's short address and no note on related agreements.
STEP_DATA: dict[str, dict[str, Any]] = {
    **WALK,
    "bostadsbolaget": {**WALK["bostadsbolaget"], "address": "Storgatan 1"},
    "ekonomi": {k: v for k, v in WALK["ekonomi"].items() if k != "related_agreements_note"},
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
