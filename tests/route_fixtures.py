"""Real objects for every URL variable in the URL map, for the tests that walk all routes.

A route whose variable has no value here makes those tests fail with a message naming it:
add the variable to `url_value_sources` (a real object's id, created in `create_objects`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from flask import Flask, url_for
from sqlalchemy import select
from werkzeug.routing import Rule

from app.extensions import db
from app.agreement.answers import Answers
from app.models import Clause, Draft, DraftReview, Export, IndicatorSetting, Organisation
from app.services import accounts, deadlines, library, lifecycle, partners
from app.services.examples import load_examples
from app.wizard import steps
from conftest import EXAMPLE_ANSWERS, make_user

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")


class MissingUrlValue(AssertionError):
    """A route has a URL variable this module cannot fill."""


@dataclass(frozen=True)
class Objects:
    """Ids of one object of each kind a URL can point at, all visible to organisation A's staff.

    Plain values, so tests can use them outside the app context they were created in (requests
    must not share an app context: Flask-Login and Flask-WTF keep per-request state in `g`).
    """

    org_id: int
    staff_id: int
    staff_email: str
    admin_email: str
    reviewer_email: str
    draft_id: str
    clause_key: str
    version_number: int
    export_id: str
    example_id: str
    reset_token: str = ""
    agreement_id: str = ""
    copy_id: str = ""
    indicator_id: int = 0
    feed_token: str = ""
    partner_token: str = ""  # a valid partner's link to the draft
    revoked_token: str = ""  # a revoked one to the same draft
    other_token: str = ""  # a valid link to another organisation's draft
    invitation_id: str = ""
    proposal_id: str = ""


def create_objects(app: Flask) -> Objects:
    """Create organisation A with staff, admin and reviewer, a complete draft, a clause and an export."""
    with app.app_context():
        org = Organisation(name="Exempelbo AB", org_number="556677-8899")
        db.session.add(org)
        db.session.commit()
        staff = make_user("anna@exempelbo.se", "staff", org)
        admin = make_user("admin@exempelbo.se", "admin", org)
        reviewer = make_user("jurist1@exempel.se", "reviewer", org)  # the organisation's lawyer
        draft = Draft(title=EXAMPLE_ANSWERS["title"], organisation_id=org.id, owner_id=staff.id,
                      answers=dict(EXAMPLE_ANSWERS), status="complete")
        clause = Clause(key="parter")
        db.session.add_all([draft, clause])
        content = {"id": "parter", "order": 1, "title": {"sv": "Parter", "en": "Parties"}, "include_when": "always",
                   "addresses": [], "notes": "", "text": {"sv": "Parterna är {{ housing_company.name }}.",
                                                         "en": "The parties are {{ housing_company.name }}."}}
        version = library.add_version(clause, content, status="approved", reason="Importerad")
        library.approve(version)
        db.session.flush()
        # The draft is pinned to this version and a newer one is approved, so the pages that
        # offer a clause update have something to show.
        draft.clause_pins = {"parter": version.id}
        newer = library.add_version(clause, {**content, "title": {"sv": "Parterna", "en": "The parties"}},
                                    status="approved", reason="Ny rubrik")
        library.approve(newer)
        export = Export(draft_id=draft.id, organisation_id=org.id, created_by_id=staff.id, language="sv",
                        final=False, with_comments=True, assessed_on=dt.date(2026, 11, 1),
                        answers=dict(EXAMPLE_ANSWERS), assessment={},
                        clause_versions=[{"clause": "parter", "version_id": version.id,
                                          "content_hash": version.content_hash}])
        db.session.add(export)
        # The draft has been sent for legal review, so the reviewer's pages have something to show.
        db.session.add(DraftReview(draft_id=draft.id, organisation_id=org.id, status="in_review",
                                   changed_by_id=staff.id, sent_at=dt.datetime(2026, 11, 2), message=""))
        token = accounts.issue_reset_link(staff, admin)  # a live one-time link for the public reset page
        # A signed agreement with a copy and an indicator, and the organisation's calendar link.
        signed = Draft(title="Undertecknat avtal", organisation_id=org.id, owner_id=staff.id,
                       answers={**EXAMPLE_ANSWERS, "title": "Undertecknat avtal"}, status="complete")
        db.session.add(signed)
        db.session.flush()
        typed = Answers.model_validate(signed.answers)
        agreement = lifecycle.record_signing(signed, staff, dt.date(2026, 11, 1), lifecycle.parties(typed), typed)
        copy = lifecycle.add_copy(agreement, "avtal.pdf", b"%PDF-1.4\n%%EOF\n", staff)
        indicator = db.session.execute(select(IndicatorSetting).filter_by(agreement_id=agreement.id)).scalars().first()
        feed_token = deadlines.new_feed(org.id, staff)
        # The partner's links: a valid one with a proposal and a message, a revoked one, and one to a
        # draft of another organisation.
        invitation, _draft_token = partners.invite(draft, 0, "Kim Ek", "kim@forening.se", "", staff)
        proposal = partners.propose(invitation, {"partner.address": "Storgatan 9, 123 45 Exempelby"}, "sv")[0]
        partners.add_message(invitation, "Vem skriver under?", name="Kim Ek")
        # The link the partner's pages are walked with is to the signed agreement, whose pages (reports,
        # indicator values) need it signed; the proposal pages answer it too (a signed draft takes none).
        _signed_link, partner_token = partners.invite(signed, 0, "Kim Ek", "", "", staff)
        revoked, revoked_token = partners.invite(draft, 0, "", "", "", staff)
        partners.revoke(revoked, staff)
        other_org = Organisation(name="Tredje bostäder AB", org_number="556012-5790")
        db.session.add(other_org)
        db.session.flush()
        other_staff = make_user("tove@tredje.se", "staff", other_org)
        other_draft = Draft(title="Annat utkast", organisation_id=other_org.id, owner_id=other_staff.id,
                            answers={**EXAMPLE_ANSWERS, "title": "Annat utkast"}, status="complete")
        db.session.add(other_draft)
        db.session.flush()
        other_typed = Answers.model_validate(other_draft.answers)
        lifecycle.record_signing(other_draft, other_staff, dt.date(2026, 11, 1), lifecycle.parties(other_typed),
                                 other_typed)
        _other, other_token = partners.invite(other_draft, 0, "", "", "", other_staff)
        db.session.commit()
        return Objects(org.id, staff.id, staff.email, admin.email, reviewer.email, draft.public_id, clause.key,
                       version.number, export.public_id, load_examples()[0].id, token, agreement.public_id,
                       copy.public_id, indicator.id, feed_token, partner_token, revoked_token, other_token,
                       invitation.public_id, proposal.public_id)


def url_value_sources(objects: Objects) -> dict[str, Callable[[], list[Any]]]:
    """Return, per URL variable name, the values to try (several where pages differ, e.g. every step)."""
    return {
        "public_id": lambda: [objects.draft_id],
        "slug": lambda: [step.slug for step in steps.STEPS],
        "key": lambda: [objects.clause_key],
        "number": lambda: [objects.version_number],
        "example_id": lambda: [objects.example_id],
        "org_id": lambda: [objects.org_id],
        "user_id": lambda: [objects.staff_id],
        "export_id": lambda: [objects.export_id],
        "export_public_id": lambda: [objects.export_id],
        "filename": lambda: ["app.css"],
        "token": lambda: [objects.reset_token],
        "agreement_id": lambda: [objects.agreement_id],
        "copy_id": lambda: [objects.copy_id],
        "deadline_key": lambda: ["notice"],
        "indicator_id": lambda: [objects.indicator_id],
        "feed_token": lambda: [objects.feed_token],
        "partner_token": lambda: [objects.partner_token],
        "invitation_id": lambda: [objects.invitation_id],
        "proposal_id": lambda: [objects.proposal_id],
        "file_format": lambda: ["docx"],
    }


def urls_for(app: Flask, rule: Rule, objects: Objects) -> list[str]:
    """Build every URL of a rule from real objects; fail naming the route when a variable is unknown."""
    sources = url_value_sources(objects)
    missing = sorted(set(rule.arguments) - set(sources))
    if missing:
        raise MissingUrlValue(
            f"route {rule.endpoint} ({rule.rule}) has URL variable(s) {', '.join(missing)} with no value in "
            f"tests/route_fixtures.py: add a real object's id to url_value_sources() so the CSRF and header "
            f"tests cover the route")
    combos: list[dict[str, Any]] = [{}]
    for name in sorted(rule.arguments):
        combos = [{**combo, name: value} for combo in combos for value in sources[name]()]
    with app.test_request_context():
        return [url_for(rule.endpoint, **combo) for combo in combos]


def csrf_token(html: str) -> str:
    """Return the CSRF token a page carries (in a form or in the header's logout form)."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


def rules_with(app: Flask, methods: tuple[str, ...]) -> Iterator[Rule]:
    """Yield the rules that accept any of `methods`, in a stable order."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if set(rule.methods or ()) & set(methods):
            yield rule


def snapshot(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of every table, to prove that a refused request changed nothing."""
    with app.app_context():
        return {table.name: sorted((tuple(row) for row in db.session.execute(select(table)).all()), key=repr)
                for table in db.metadata.sorted_tables}
