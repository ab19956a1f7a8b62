"""The partner's own part of the answers: the fields a partner organisation may propose for itself.

A partner invited by link proposes values for its organisation details, its contact person and
signatory, its own contribution, the activity's description and goals and the indicators. This
module names those fields, reads them from the answers and writes an accepted value back, as
plain data: it knows nothing of the web or the database.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from .answers import clean_text, normalise_org_number
from .i18n import N_


@dataclass(frozen=True)
class PartnerField:
    key: str  # stable name, stored with each proposal
    section: str  # the answers section the field is in ("partners" for the partner's own entry)
    path: tuple[str, ...]  # within the partner's entry, or within the section
    kind: str  # text | long | org_form | lines
    label: str  # msgid


FIELDS: tuple[PartnerField, ...] = (
    PartnerField("partner.name", "partners", ("name",), "text", N_("Organisationens namn")),
    PartnerField("partner.org_number", "partners", ("org_number",), "text", N_("Organisationsnummer")),
    PartnerField("partner.org_form", "partners", ("org_form",), "org_form", N_("Organisationsform")),
    PartnerField("partner.address", "partners", ("address",), "text", N_("Adress")),
    PartnerField("partner.contact.name", "partners", ("contact", "name"), "text", N_("Kontaktperson")),
    PartnerField("partner.contact.role", "partners", ("contact", "role"), "text", N_("Kontaktpersonens roll")),
    PartnerField("partner.contact.email", "partners", ("contact", "email"), "text", N_("Kontaktpersonens e-post")),
    PartnerField("partner.contact.phone", "partners", ("contact", "phone"), "text", N_("Kontaktpersonens telefon")),
    PartnerField("partner.signatory.name", "partners", ("signatory", "name"), "text", N_("Firmatecknare")),
    PartnerField("partner.signatory.title", "partners", ("signatory", "title"), "text",
                 N_("Firmatecknarens befattning")),
    PartnerField("exchange.own_contribution_description", "exchange", ("own_contribution_description",), "long",
                 N_("Organisationens egen insats")),
    PartnerField("activity.description", "activity", ("description",), "long", N_("Beskrivning av verksamheten")),
    PartnerField("activity.goals", "activity", ("goals",), "long", N_("Mål för verksamheten")),
    PartnerField("follow_up.indicators", "follow_up", ("indicators",), "lines", N_("Indikatorer för uppföljningen")),
)
BY_KEY: dict[str, PartnerField] = {f.key: f for f in FIELDS}


def _casefold(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def _digits(text: Any) -> str:
    return "".join(ch for ch in str(text or "") if ch.isdigit())


def locate_partner(partners: Any, index: int, name: str, org_number: str) -> int | None:
    """Return where the invited partner is in the draft's list now, or None when the draft no longer names it.

    The place it had, when the name or the number still match there; else the entry with its
    organisation number; else the one with its name. Partners added or removed before it do not
    move the link to another organisation.
    """
    if not isinstance(partners, list):
        return None
    entries = [p if isinstance(p, dict) else {} for p in partners]

    def same(entry: dict[str, Any]) -> bool:
        number = _digits(org_number)
        return bool(number and _digits(entry.get("org_number")) == number) or (
            bool(_casefold(name)) and _casefold(entry.get("name")) == _casefold(name))

    if 0 <= index < len(entries) and same(entries[index]):
        return index
    if _digits(org_number):
        for i, entry in enumerate(entries):
            if _digits(entry.get("org_number")) == _digits(org_number):
                return i
    for i, entry in enumerate(entries):
        if _casefold(name) and _casefold(entry.get("name")) == _casefold(name):
            return i
    return None


def follow(before: Any, after: Any, index: int, name: str, org_number: str) -> tuple[int, str, str] | None:
    """Return where an invited partner is after the partners' list was saved, with its name and number there.

    The partner is found in the new list as locate_partner finds it. When it is not, and the list
    kept its length, the entry in its place is taken as the same organisation renamed, unless both
    have an organisation number and the numbers differ (another organisation put in its place).
    None: the list no longer names it.
    """
    if not isinstance(before, list) or not isinstance(after, list):
        return None
    old = locate_partner(before, index, name, org_number)
    if old is None:
        return None
    new = locate_partner(after, old, name, org_number)
    if new is None and len(before) == len(after) and isinstance(after[old], dict):
        number_there = _digits(after[old].get("org_number"))
        if not (number_there and _digits(org_number) and number_there != _digits(org_number)):
            new = old
    if new is None:
        return None
    entry = after[new] if isinstance(after[new], dict) else {}
    return new, str(entry.get("name") or name), str(entry.get("org_number") or org_number)


def _dig(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def normalise(field: PartnerField, value: Any) -> Any:
    """Return a proposed value as it is compared and stored: trimmed text, or the list of non-empty lines.

    Characters no document can hold are dropped; an organisation number is written as the answers
    write it (NNNNNN-NNNN), so that 5560360793 and 556036-0793 are the same number.
    """
    if field.kind == "lines":
        items = value if isinstance(value, list) else str(value or "").splitlines()
        return [" ".join(clean_text(str(item)).split()) for item in items if clean_text(str(item))]
    if field.kind == "long":
        return "\n".join(line.rstrip() for line in clean_text(str(value or "")).splitlines())
    text = " ".join(clean_text(str(value or "")).split())
    if field.key == "partner.org_number" and text:
        try:
            return normalise_org_number(text)
        except ValueError:  # not a valid number: kept as typed, and the check says why
            return text
    return text


def current_value(answers: dict[str, Any], field: PartnerField, partner_index: int) -> Any:
    """Return the field's value in the answers (normalised; empty when it has none)."""
    if field.section == "partners":
        partners = answers.get("partners")
        entry = partners[partner_index] if isinstance(partners, list) and 0 <= partner_index < len(partners) else None
        raw = _dig(entry, field.path)
    else:
        raw = _dig(answers.get(field.section), field.path)
    if field.kind == "org_form" and raw in (None, ""):
        return ""
    return normalise(field, raw)


def changes(answers: dict[str, Any], partner_index: int, proposed: dict[str, Any]) -> dict[str, Any]:
    """Return the proposed values that differ from the answers, by field key (unknown keys are ignored)."""
    found = {}
    for key, value in proposed.items():
        field = BY_KEY.get(key)
        if field is None:
            continue
        value = normalise(field, value)
        if value != current_value(answers, field, partner_index):
            found[key] = value
    return found


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        inner = data.get(key)
        data[key] = inner = dict(inner) if isinstance(inner, dict) else {}
        data = inner
    data[path[-1]] = value


def section_with(answers: dict[str, Any], field: PartnerField, partner_index: int, value: Any) -> Any:
    """Return the field's section of the answers with the value in place (a copy; the answers are untouched).

    The partners' section is the whole list with this partner's entry changed. An own contribution
    described marks that the partner contributes; one removed unmarks it.
    """
    value = normalise(field, value)
    if field.section == "partners":
        partners = copy.deepcopy(answers.get("partners") or [])
        if not 0 <= partner_index < len(partners) or not isinstance(partners[partner_index], dict):
            raise IndexError(partner_index)
        _set(partners[partner_index], field.path, value)
        return partners
    section = copy.deepcopy(answers.get(field.section) or {})
    if not isinstance(section, dict):
        section = {}
    _set(section, field.path, value)
    if field.key == "exchange.own_contribution_description":
        section["partner_own_contribution"] = bool(value)
    return section
