"""The answers format v1: the public interchange format between wizard, rules, clauses and tools.

Field names are a contract (DESIGN.md): add fields, rename none. Amounts are whole SEK
excluding VAT, dates ISO 8601, enumerations lowercase ASCII words. `model` holds the typed
models, `validation` turns data and files into them with messages that name the field.
"""
from .model import (
    IDEBUREN_FORMS, LONG_TEXT, MAX_AMOUNT_SEK, MAX_PARTNERS, SCHEMA_VERSION, SECTIONS, SHORT_TEXT, Activity,
    ActivityKind, Amount, Answers, Contact, Email, Exchange, FollowUp, GoalArea, Governance, HousingCompany,
    LongText, Months, OrgForm, OrgNumber, Partner, PersonalData, Premises, ProcessLeader, Section, ShortText,
    Signatory, Term, YesNoUnknown, clean_text, dump, is_complete, json_schema, luhn_ok, normalise_org_number,
    share_problem,
)
from .readiness import is_signable, signing_gaps
from .validation import AnswersError, error_path, field_errors, load_file, parse_text, validate

__all__ = [
    "IDEBUREN_FORMS", "LONG_TEXT", "MAX_AMOUNT_SEK", "MAX_PARTNERS", "SCHEMA_VERSION", "SECTIONS", "SHORT_TEXT",
    "Activity", "ActivityKind", "Amount", "Answers", "AnswersError", "Contact", "Email", "Exchange", "FollowUp",
    "GoalArea", "Governance", "HousingCompany", "LongText", "Months", "OrgForm", "OrgNumber", "Partner",
    "PersonalData", "Premises", "ProcessLeader", "Section", "ShortText", "Signatory", "Term", "YesNoUnknown",
    "clean_text", "dump", "error_path", "field_errors", "is_complete", "is_signable", "json_schema", "load_file", "luhn_ok",
    "normalise_org_number", "parse_text", "share_problem", "signing_gaps", "validate",
]
