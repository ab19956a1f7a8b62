"""Start a draft from what worked before: a good example, or a draft of one's own organisation.

A copy keeps the organisations, the roles and the substance (activity, exchange, premises,
term, follow-up) and nothing that identifies the people of the original: signatories,
contact persons and process leaders lose their names, e-mail addresses and phone numbers.
Clause pins and exports stay with the original.
"""
from __future__ import annotations

import copy
from typing import Any

from flask_babel import gettext as _

from ..agreement.answers import SHORT_TEXT, dump, is_signable
from ..extensions import db
from ..models import Draft
from ..models.audit import record
from ..models.user import Organisation, User
from .assessment import get_rules
from .examples import Example

PERSONAL_CONTACT_FIELDS = ("name", "email", "phone")


def _blank_contact(party: dict[str, Any]) -> None:
    contact = party.get("contact")
    if isinstance(contact, dict):
        party["contact"] = {**contact, **{key: "" for key in PERSONAL_CONTACT_FIELDS if key in contact}}


def _blank_signatory(party: dict[str, Any]) -> None:
    # The title goes too: "the chair of this association" points at one person.
    if "signatory" in party:
        party["signatory"] = {"name": "", "title": ""}


def anonymise(answers: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of the answers without the names and contact details of any person."""
    result = copy.deepcopy(answers) if isinstance(answers, dict) else {}
    parties = [result.get("housing_company")] + list(result.get("partners") or [])
    for party in parties:
        if isinstance(party, dict):
            _blank_contact(party)
            _blank_signatory(party)
    follow_up = result.get("follow_up")
    if isinstance(follow_up, dict) and isinstance(follow_up.get("process_leaders"), list):
        follow_up["process_leaders"] = [{**leader, "name": ""} if isinstance(leader, dict) else leader
                                        for leader in follow_up["process_leaders"]]
    return result


def adopt(answers: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    """Return the answers with the housing company replaced by `organisation` (address left to fill in)."""
    result = copy.deepcopy(answers)
    company = result.get("housing_company")
    old_name = company.get("name") if isinstance(company, dict) else None
    result["housing_company"] = {**(company if isinstance(company, dict) else {}), "name": organisation.name,
                                 "org_number": organisation.org_number, "address": ""}
    follow_up = result.get("follow_up")
    if old_name and isinstance(follow_up, dict):
        follow_up["process_leaders"] = [
            {**leader, "organisation": organisation.name}
            if isinstance(leader, dict) and leader.get("organisation") == old_name else leader
            for leader in follow_up.get("process_leaders") or []]
    return result


def copy_title(title: str) -> str:
    """Return the title of a copy of a draft called `title`."""
    return _("Kopia av %(title)s", title=title)[:SHORT_TEXT]


def example_title(example: Example, lang: str) -> str:
    """Return the title of a draft started from `example`."""
    return _("Kopia av exemplet %(title)s", title=example.text("title", lang))[:SHORT_TEXT]




def _new_draft(answers: dict[str, Any], title: str, user: User) -> Draft:
    if "title" in answers:
        answers = {**answers, "title": title}
    draft = Draft(title=title, organisation_id=user.organisation_id, owner_id=user.id, answers=answers,
                  status="complete" if is_signable(answers) else "in_progress", clause_pins={})
    db.session.add(draft)
    db.session.flush()
    return draft


def draft_from_example(example: Example, user: User, lang: str = "sv") -> Draft:
    """Add a draft for the user's organisation built from an example; flush, do not commit."""
    organisation = db.session.get(Organisation, user.organisation_id)
    answers = anonymise(adopt(dump(example.answers), organisation)) if organisation else {}
    draft = _new_draft(answers, example_title(example, lang), user)
    record("draft_copy", actor=user, target_type="draft", target_id=draft.public_id,
           source_type="example", source=example.id)
    return draft


def copy_draft(source: Draft, user: User) -> Draft:
    """Add an anonymised copy of a draft of the user's own organisation; flush, do not commit."""
    if source.organisation_id != user.organisation_id:
        raise PermissionError("a draft can only be copied within its organisation")
    draft = _new_draft(anonymise(source.answers), copy_title(source.title), user)
    record("draft_copy", actor=user, target_type="draft", target_id=draft.public_id,
           source_type="draft", source=source.public_id)
    return draft


def finding_titles(ids: list[str], lang: str = "sv") -> list[str]:
    """Return the checkpoints' titles for these ids (an unknown id stays as it is)."""
    by_id = get_rules().by_id
    return [by_id[i].texts["title"].get(lang) or by_id[i].texts["title"]["sv"] if i in by_id else i for i in ids]


def example_summary(example: Example, lang: str = "sv") -> dict[str, Any]:
    """Return what the examples page shows of one example, as plain values."""
    return {"id": example.id, "title": example.text("title", lang), "model": example.text("model", lang),
            "watch": example.text("watch", lang), "findings": finding_titles(example.expected_findings, lang),
            "cautionary": example.cautionary}
