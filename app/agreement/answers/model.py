"""The answers format v1 as typed models: the public interchange format.

Field names are a contract (DESIGN.md): add fields, rename none. Amounts are whole SEK
excluding VAT, dates ISO 8601, enumerations lowercase ASCII words.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..formatting import number
from ..i18n import N_

SCHEMA_VERSION = 1
MAX_PARTNERS = 20
MAX_AMOUNT_SEK = 10_000_000_000  # ten billion kronor: far beyond any partnership
SHORT_TEXT = 200
LONG_TEXT = 5_000

# Characters XML 1.0 cannot carry (and so a .docx cannot): C0 controls except tab and
# newline, lone surrogates, U+FFFE/U+FFFF. Pasted text from other programs carries them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: Any) -> Any:
    """Normalise line endings and drop characters that no document can hold."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = _XML_ILLEGAL.sub("", value)
        return value.strip()
    return value


def _text(max_length: int) -> Any:
    return Annotated[str, BeforeValidator(clean_text), Field(max_length=max_length)]


ShortText = _text(SHORT_TEXT)
LongText = _text(LONG_TEXT)
Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT_SEK)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Months = Annotated[int, Field(ge=0, le=1200)]


def luhn_ok(digits: str) -> bool:
    """Return True when the last digit is the Luhn check digit of the others."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def normalise_org_number(value: Any) -> str:
    """Check a Swedish organisationsnummer (or personnummer) and return it as NNNNNN-NNNN."""
    if not isinstance(value, (str, int)):
        raise PydanticCustomError("org_number", N_("ogiltigt organisationsnummer"))
    text = re.sub(r"[\s\-\u2010-\u2015\u2212]", "", str(value))
    # Digits typed in another script (full-width, Arabic-Indic …) become ASCII digits.
    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() and unicodedata.digit(c, None) is not None else c
                     for c in text)
    if len(digits) == 12 and digits[:2] in ("16", "19", "20"):
        digits = digits[2:]
    if not (len(digits) == 10 and digits.isascii() and digits.isdigit() and luhn_ok(digits)):
        raise PydanticCustomError("org_number", N_("ogiltigt organisationsnummer"))
    if set(digits) == {"0"}:
        raise PydanticCustomError("org_number", N_("organisationsnumret kan inte bestå av bara nollor"))
    return f"{digits[:6]}-{digits[6:]}"


OrgNumber = Annotated[str, BeforeValidator(normalise_org_number)]


def normalise_optional_org_number(value: Any) -> str:
    """Like normalise_org_number, but an empty value stays empty (an association not yet registered)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return normalise_org_number(value)


#: A partner's number: a newly formed association may not have one yet; it is then missing before signing.
OptionalOrgNumber = Annotated[str, BeforeValidator(normalise_optional_org_number)]


def _check_email(value: str) -> str:
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise PydanticCustomError("email", N_("ogiltig e-postadress"))
    return value


Email = Annotated[str, BeforeValidator(clean_text), Field(max_length=SHORT_TEXT), AfterValidator(_check_email)]

YesNoUnknown = Literal["yes", "no", "unknown"]
OrgForm = Literal[
    "ideell_forening", "registrerat_trossamfund", "stiftelse", "ekonomisk_forening",
    "aktiebolag", "hyresgastforeningen", "kommun", "annan_myndighet", "annan",
]
ActivityKind = Literal[
    "motesplats", "mentorskap", "laxhjalp", "arbetsmarknad", "trygghet", "fritid_barn_unga",
    "sprakcafe", "boendeinflytande", "odling", "annat",
]
GoalArea = Literal["langtidsarbetsloshet", "skolresultat", "samhallsservice", "brottslighet", "integration", "annat"]
IDEBUREN_FORMS = ("ideell_forening", "registrerat_trossamfund", "stiftelse")


Problem = tuple[str, str, dict[str, Any]]  # (error type, message template, placeholders with "field")


def raise_problems(problems: list[Problem]) -> None:
    """Raise every cross-field problem of a section at once, so that a form shows them in one round trip."""
    if len(problems) == 1:
        kind, template, ctx = problems[0]
        raise PydanticCustomError(kind, template, ctx)
    if problems:
        raise PydanticCustomError("several", "several problems", {"problems": problems})


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Contact(Section):
    name: ShortText = ""
    role: ShortText = ""
    email: Email = ""
    phone: Annotated[str, BeforeValidator(clean_text), Field(max_length=40)] = ""


class Signatory(Section):
    name: ShortText = ""
    title: ShortText = ""


class HousingCompany(Section):
    name: Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=SHORT_TEXT)]
    org_number: OrgNumber
    address: ShortText = ""
    contact: Contact = Field(default_factory=Contact)
    signatory: Signatory = Field(default_factory=Signatory)
    mandate_in_owner_directive: YesNoUnknown = "unknown"
    # Most allmännyttiga companies are aktiebolag (lag 2010:879); some are foundations.
    company_form: Literal["aktiebolag", "stiftelse"] = "aktiebolag"


class Partner(Section):
    name: Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=SHORT_TEXT)]
    org_number: OptionalOrgNumber = ""
    org_form: OrgForm = "ideell_forening"
    registered_ideburen: bool = False
    sells_on_market: bool = False
    address: ShortText = ""
    contact: Contact = Field(default_factory=Contact)
    signatory: Signatory = Field(default_factory=Signatory)
    # With several partners, each one's share of the company's payment: a percentage or an amount per
    # year, the same kind for every partner, adding up to the whole. One partner gets the whole.
    payment_share_percent: Percent | None = None
    payment_share_sek_per_year: Amount | None = None
    # De minimis aid this partner received in the past three years; when not given, the figure of
    # exchange.de_minimis_received_3y_eur counts for every partner (the safe side).
    de_minimis_received_3y_eur: Amount | None = None


class Activity(Section):
    kinds: Annotated[list[ActivityKind], Field(max_length=10)] = Field(default_factory=list)
    area: ShortText = ""
    description: LongText = ""
    goal_areas: Annotated[list[GoalArea], Field(max_length=5)] = Field(default_factory=list)
    goals: LongText = ""
    initiative: Literal["partner", "housing_company", "joint"] = "partner"
    partner_runs_own_activity: bool = True
    residents_involved: bool = False
    children_involved: bool = False
    religious_or_political_content: bool = False


class Exchange(Section):
    company_pays: bool = False
    amount_per_year_sek: Amount = 0
    payment_model: Literal["none", "lump_sum_grant", "cost_reimbursement", "per_unit", "outcome_based"] = "none"
    partner_delivers_to_company: bool = False
    company_would_otherwise_buy: bool = False
    market_exists: YesNoUnknown = "unknown"
    detailed_control: bool = False
    penalties: bool = False
    repayment_of_unused_funds: bool = False
    partner_own_contribution: bool = False
    own_contribution_description: LongText = ""
    logo_or_marketing_for_company: bool = False
    exclusivity: bool = False
    annex2_service: YesNoUnknown = "unknown"
    related_agreements_12m_sek: Amount = 0
    # Why the figure differs from the sum of the company's signed agreements the app offered.
    related_agreements_note: LongText = ""
    de_minimis_received_3y_eur: Amount = 0
    # With several partners: each repays its own share of unused funds, or all of them jointly.
    repayment_liability: Literal["each_own_share", "joint"] = "each_own_share"

    @model_validator(mode="after")
    def _payment_consistent(self) -> Exchange:
        problems: list[Problem] = []
        if self.company_pays and self.amount_per_year_sek == 0:
            problems.append(("amount_required", N_("ange ett belopp per år när bolaget betalar"),
                             {"field": "amount_per_year_sek"}))
        if self.company_pays and self.payment_model == "none":
            problems.append(("payment_model_required", N_("välj hur bolaget betalar"), {"field": "payment_model"}))
        if not self.company_pays and self.amount_per_year_sek:
            problems.append((
                "amount_without_payment",
                N_("ett belopp anges men bolaget betalar inget: kryssa i att bolaget betalar eller ta bort beloppet"),
                {"field": "amount_per_year_sek"}))
        raise_problems(problems)
        return self


class Premises(Section):
    provided: bool = False
    address: ShortText = ""
    area_m2: Annotated[float, Field(ge=0, le=1_000_000)] = 0
    rent: Literal["market", "reduced", "free"] = "market"
    market_rent_sek_per_year: Amount = 0
    rent_sek_per_year: Amount = 0
    business_rationale: LongText = ""

    @model_validator(mode="after")
    def _rent_consistent(self) -> Premises:
        if not self.provided:
            return self
        problems: list[Problem] = []
        if not self.address:
            problems.append(("required", N_("ange lokalens adress"), {"field": "address"}))
        if self.rent == "free" and self.rent_sek_per_year:
            problems.append(("free_rent", N_("hyran ska vara 0 kr när lokalen upplåts gratis"),
                             {"field": "rent_sek_per_year"}))
        if self.rent == "reduced" and self.rent_sek_per_year >= self.market_rent_sek_per_year:
            problems.append(("reduced_rent", N_("en nedsatt hyra ska vara lägre än marknadshyran"),
                             {"field": "rent_sek_per_year"}))
        raise_problems(problems)
        return self


class PersonalData(Section):
    # The most common set-up: each organisation keeps its own participant list and nothing passes
    # between the parties. It cannot go with sharing tenant data or a register decided together.
    own_lists_only: bool = False
    company_shares_tenant_data: bool = False
    partner_processes_for_company: bool = False
    joint_decisions_on_data: bool = False
    special_categories: bool = False

    @model_validator(mode="after")
    def _own_lists_consistent(self) -> PersonalData:
        if self.own_lists_only:
            raise_problems([(
                "own_lists_conflict", N_("går inte ihop med att varje organisation bara för sin egen lista: "
                                         "ta bort krysset här eller i första frågan"), {"field": name})
                for name in ("company_shares_tenant_data", "partner_processes_for_company",
                             "joint_decisions_on_data") if getattr(self, name)])
        return self


#: The dates an agreement can have: far enough back for an old agreement, far enough ahead for any term.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)


class Term(Section):
    start_date: dt.date
    end_date: dt.date | None = None
    open_ended: bool = False
    auto_renewal: bool = False
    extension_months: Months = 0
    notice_months: Months = 3
    renewal_after_evaluation: bool = False  # a stated plan to renew after evaluation

    @model_validator(mode="after")
    def _dates_consistent(self) -> Term:
        problems: list[Problem] = []
        out_of_range = set()
        for name in ("start_date", "end_date"):
            value = getattr(self, name)
            if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
                out_of_range.add(name)
                problems.append(("date_range", N_("ange ett datum mellan år %(first)s och %(last)s"),
                                 {"field": name, "first": EARLIEST_DATE.year, "last": LATEST_DATE.year}))
        if self.open_ended and self.end_date is not None:
            problems.append(("open_ended_with_end", N_("ett avtal som gäller tills vidare har inget slutdatum"),
                             {"field": "end_date"}))
        if not self.open_ended and self.end_date is None:
            problems.append(("end_required", N_("ange slutdatum eller välj att avtalet gäller tills vidare"),
                             {"field": "end_date"}))
        if self.end_date is not None and self.end_date < self.start_date and not out_of_range:
            problems.append(("end_before_start", N_("slutdatum ligger före startdatum"), {"field": "end_date"}))
        if self.notice_months < 1:
            problems.append(("notice_required", N_(
                "ange minst en månads uppsägningstid: en samverkan som parterna bygger upp tillsammans ska inte "
                "kunna avslutas med omedelbar verkan utan skäl"), {"field": "notice_months"}))
        raise_problems(problems)
        return self


class ProcessLeader(Section):
    name: ShortText = ""
    organisation: ShortText = ""
    role: ShortText = ""
    email: Email = ""  # where the reminders of the signed agreement's deadlines go


class FollowUp(Section):
    meeting_frequency: Literal["monthly", "quarterly", "semiannual", "annual"] = "quarterly"
    indicators: Annotated[list[Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=300)]],
                          Field(max_length=30)] = Field(default_factory=list)
    process_leaders: Annotated[list[ProcessLeader], Field(max_length=20)] = Field(default_factory=list)


class Governance(Section):
    conflict_of_interest: bool = False
    insurance_required: bool = True
    # joint_review: disagreement ends in the parties' joint review, and a party may terminate;
    # only claims for repayment and damage go to court.
    dispute_resolution: Literal["court", "mediation_then_court", "joint_review"] = "mediation_then_court"


class Answers(Section):
    """A complete answers file, format v1."""

    schema_version: Literal[1] = 1
    language: Literal["sv", "en"] = "sv"
    intended_form: Literal["partnership", "iop", "grant", "sponsorship", "procurement"] = "partnership"
    title: Annotated[str, BeforeValidator(clean_text), Field(min_length=1, max_length=SHORT_TEXT)]
    housing_company: HousingCompany
    partners: Annotated[list[Partner], Field(min_length=1, max_length=MAX_PARTNERS)]
    activity: Activity = Field(default_factory=Activity)
    exchange: Exchange = Field(default_factory=Exchange)
    premises: Premises = Field(default_factory=Premises)
    personal_data: PersonalData = Field(default_factory=PersonalData)
    term: Term
    follow_up: FollowUp = Field(default_factory=FollowUp)
    governance: Governance = Field(default_factory=Governance)

    @model_validator(mode="after")
    def _shares_add_up(self, info: ValidationInfo) -> Answers:
        """Check the partners' shares of the payment (an export recorded before shares existed is read
        back with context {"legacy": True})."""
        problem = None if (info.context or {}).get("legacy") else share_problem(self.exchange, self.partners)
        if problem is not None:
            field, msgid, params = problem
            raise PydanticCustomError("shares", msgid, {"field": field, **params})
        return self


def share_problem(exchange: Exchange, partners: list[Partner]) -> tuple[str, str, dict[str, Any]] | None:
    """Return (field, message, placeholders) when the partners' shares of the payment do not add up.

    One kind for every partner (a percentage or an amount per year), adding up to the whole; a single
    partner gets the whole. Nothing to check when the company pays nothing.
    """
    if not exchange.company_pays:
        return None
    amount = exchange.amount_per_year_sek
    percents = [p.payment_share_percent for p in partners]
    amounts = [p.payment_share_sek_per_year for p in partners]
    if len(partners) == 1:
        if percents[0] not in (None, 100) or amounts[0] not in (None, amount):
            return "partners[0].payment_share_percent", N_("en ensam partner får hela betalningen"), {}
        return None
    if all(v is not None for v in percents):
        total = sum(v or 0 for v in percents)
        if abs(total - 100) > 0.01:
            return ("partners[0].payment_share_percent",
                    N_("andelarna ska vara 100 procent tillsammans, men är %(total)s procent"), {"total": f"{total:g}"})
        return None
    if all(v is not None for v in amounts):
        total = sum(v or 0 for v in amounts)
        if total != amount:
            return ("partners[0].payment_share_sek_per_year",
                    N_("andelarna ska vara %(amount)s kr per år tillsammans, men är %(total)s kr"),
                    {"amount": number(amount), "total": number(total)})
        return None
    missing = next((i for i, p in enumerate(partners)
                    if p.payment_share_percent is None and p.payment_share_sek_per_year is None), 0)
    return (f"partners[{missing}].payment_share_percent",
            N_("ange varje partners andel av betalningen, i procent eller i kronor per år (samma sätt för alla "
               "partner)"), {})


# The sections of the format, in wizard order, with the model that validates each one.
SECTIONS: dict[str, type[BaseModel]] = {
    "housing_company": HousingCompany,
    "partners": Partner,
    "activity": Activity,
    "exchange": Exchange,
    "premises": Premises,
    "personal_data": PersonalData,
    "term": Term,
    "follow_up": FollowUp,
    "governance": Governance,
}


def dump(answers: Answers) -> dict[str, Any]:
    """Return the answers as plain JSON-compatible data."""
    return answers.model_dump(mode="json")


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the answers format."""
    schema = Answers.model_json_schema()
    schema["$id"] = "https://samverkansguiden.se/schema/answers-v1.json"
    schema["title"] = "Samverkansguiden answers v1"
    return schema


def is_complete(data: Any) -> bool:
    """Return True when the data make a valid, complete answers file."""
    try:
        Answers.model_validate(data)
    except ValidationError:
        return False
    return True
