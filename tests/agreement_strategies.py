"""Hypothesis strategy for agreements a housing company could really write: valid answers of every shape.

Where `answer_strategies` throws junk at validation, this draws the choices a handläggare
makes (the form of agreement, one to three partners of any legal form, how and how much the
company pays, premises, personal data, children, the term, the follow-up, disputes), with
amounts on both sides of every limit, so that every clause and every finding is reached.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

NAMES = ["Föreningen Mötesplats Öst", "Röda Korset Östra kretsen", "Svenska kyrkan Rannebergen",
         "Stiftelsen Gården", "Läxhjälpen i Väst ek. för.", "Hyresgästföreningen Region Väst",
         "Exempelstads kommun", "Idrottsklubben Ängen", "Språkcafé Älvsborg AB"]
AREAS = ["Rannebergen", "Exempeldal", "Södra Hagen", ""]
# Yearly amounts around every limit for a two-year term: 100 000 kr, 700 000 kr, the EU thresholds.
AMOUNTS = [1_000, 49_999, 50_000, 50_001, 120_000, 349_999, 350_000, 400_000, 1_200_000, 4_100_000]
LEADERS = [("Karin Berg", "Områdeschef"), ("Ali Hassan", "Samordnare"), ("Maria Öberg", "Ordförande")]


def org_number(body: int) -> str:
    """Return a valid organisation number (Luhn check digit) from nine digits."""
    digits = f"{body:09d}"
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return f"{digits[:6]}-{digits[6:]}{(10 - total % 10) % 10}"


@st.composite
def partner(draw: st.DrawFn, index: int) -> dict[str, Any]:
    form = draw(st.sampled_from(["ideell_forening", "ideell_forening", "registrerat_trossamfund", "stiftelse",
                                 "ekonomisk_forening", "aktiebolag", "hyresgastforeningen", "kommun",
                                 "annan_myndighet", "annan"]))
    with_people = draw(st.booleans())
    return {
        "name": draw(st.sampled_from(NAMES)) + ("" if index == 0 else f" {index + 1}"),
        "org_number": org_number(draw(st.integers(100_000_000, 999_999_999))),
        "org_form": form,
        "registered_ideburen": draw(st.booleans()) if form in ("ideell_forening", "stiftelse",
                                                              "registrerat_trossamfund") else False,
        "sells_on_market": draw(st.booleans()),
        "address": draw(st.sampled_from(["", "Storgatan 2, 123 45 Exempelstad"])),
        "contact": {"name": "Ali Hassan", "role": "Samordnare", "email": "ali@example.se", "phone": ""}
        if with_people else {},
        "signatory": {"name": "Maria Öberg", "title": "Ordförande"} if with_people else {},
    }


@st.composite
def agreements(draw: st.DrawFn) -> dict[str, Any]:
    """A complete, valid answers object (format v1)."""
    count = draw(st.sampled_from([1, 1, 1, 2, 3]))
    partners = [draw(partner(i)) for i in range(count)]
    pays = draw(st.booleans())
    model = draw(st.sampled_from(["lump_sum_grant", "cost_reimbursement", "per_unit", "outcome_based"]))
    amount = draw(st.sampled_from(AMOUNTS)) if pays else 0
    contribution = draw(st.booleans())
    premises = draw(st.sampled_from(["none", "market", "reduced", "free"]))
    premises_data: dict[str, Any] = {"provided": False}
    if premises != "none":
        market = draw(st.sampled_from([60_000, 120_000, 900_000]))
        premises_data = {
            "provided": True, "address": "Rannebergsgatan 5", "area_m2": draw(st.sampled_from([0, 80, 120.5])),
            "rent": premises, "market_rent_sek_per_year": market if premises != "market" else 0,
            "rent_sek_per_year": {"market": market, "reduced": market // 2, "free": 0}[premises],
            "business_rationale": draw(st.sampled_from(["", "Ökad trygghet och lägre skadegörelse."])),
        }
    start = draw(st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 1)))
    ending = draw(st.sampled_from(["fixed", "fixed", "fixed", "open", "renewing"]))
    months = draw(st.sampled_from([1, 12, 24, 36, 60]))
    end = start + dt.timedelta(days=int(months * 30.4) - 1)
    term = {"start_date": start.isoformat(), "end_date": None if ending == "open" else end.isoformat(),
            "open_ended": ending == "open", "auto_renewal": ending == "renewing",
            "extension_months": draw(st.sampled_from([0, 0, 12, 24])) if ending != "open" else 0,
            "notice_months": draw(st.sampled_from([1, 3, 6, 12])),
            "renewal_after_evaluation": draw(st.booleans())}
    leaders = draw(st.lists(st.sampled_from(LEADERS), max_size=2, unique=True))
    organisations = ["Exempelbo AB"] + [p["name"] for p in partners]
    if pays and count > 1:  # each partner's share, in per cent or in kronor, adding up to the whole
        weights = draw(st.lists(st.integers(0, 4), min_size=count, max_size=count).filter(any))
        if draw(st.booleans()):
            shares = [100 * w / sum(weights) for w in weights]
            shares[-1] = 100 - sum(shares[:-1])
            for partner_, share in zip(partners, shares):
                partner_["payment_share_percent"] = share
        else:
            shares = [amount * w // sum(weights) for w in weights]
            shares[-1] = amount - sum(shares[:-1])
            for partner_, share in zip(partners, shares):
                partner_["payment_share_sek_per_year"] = share
    for partner_ in partners:
        if count > 1 and draw(st.booleans()):
            partner_["de_minimis_received_3y_eur"] = draw(st.sampled_from([0, 120_000, 290_000]))
    return {
        "schema_version": 1,
        "language": draw(st.sampled_from(["sv", "en"])),
        "intended_form": draw(st.sampled_from(["partnership", "partnership", "iop", "grant", "sponsorship",
                                               "procurement"])),
        "title": "Samverkansavtal om mötesplats i Rannebergen",
        "housing_company": {
            "name": "Exempelbo AB", "org_number": "556677-8899", "address": "Storgatan 1, 123 45 Exempelstad",
            "contact": draw(st.sampled_from([{}, {"name": "Karin Berg", "role": "Områdeschef",
                                                  "email": "karin@exempelbo.se", "phone": "010-123 45 67"}])),
            "signatory": {"name": "Lars Holm", "title": "VD"},
            "mandate_in_owner_directive": draw(st.sampled_from(["yes", "no", "unknown"])),
            "company_form": draw(st.sampled_from(["aktiebolag", "aktiebolag", "stiftelse"])),
        },
        "partners": partners,
        "activity": {
            "kinds": draw(st.lists(st.sampled_from(["motesplats", "mentorskap", "laxhjalp", "arbetsmarknad",
                                                    "trygghet", "fritid_barn_unga", "sprakcafe",
                                                    "boendeinflytande", "odling", "annat"]),
                                   max_size=3, unique=True)),
            "area": draw(st.sampled_from(AREAS)),
            "description": draw(st.sampled_from(["", "Öppen mötesplats två kvällar i veckan för alla boende."])),
            "goal_areas": draw(st.lists(st.sampled_from(["langtidsarbetsloshet", "skolresultat", "samhallsservice",
                                                         "brottslighet", "annat"]), max_size=3, unique=True)),
            "goals": draw(st.sampled_from(["", "Fler boende deltar i föreningslivet."])),
            "initiative": draw(st.sampled_from(["partner", "housing_company", "joint"])),
            "partner_runs_own_activity": draw(st.booleans()),
            "residents_involved": draw(st.booleans()),
            "children_involved": draw(st.booleans()),
            "religious_or_political_content": draw(st.booleans()),
        },
        "exchange": {
            "company_pays": pays, "amount_per_year_sek": amount, "payment_model": model if pays else "none",
            "partner_delivers_to_company": draw(st.booleans()),
            "company_would_otherwise_buy": draw(st.booleans()),
            "market_exists": draw(st.sampled_from(["yes", "no", "unknown"])),
            "detailed_control": draw(st.booleans()),
            "penalties": draw(st.booleans()),
            "repayment_of_unused_funds": draw(st.booleans()),
            "partner_own_contribution": contribution,
            "own_contribution_description": draw(st.sampled_from(["", "Ideella timmar och föreningens nätverk."]))
            if contribution else "",
            "logo_or_marketing_for_company": draw(st.booleans()),
            "exclusivity": draw(st.booleans()),
            "annex2_service": draw(st.sampled_from(["yes", "no", "unknown"])),
            "related_agreements_12m_sek": draw(st.sampled_from([0, 0, 200_000, 3_000_000])),
            "de_minimis_received_3y_eur": draw(st.sampled_from([0, 0, 150_000, 299_000])),
            "repayment_liability": draw(st.sampled_from(["each_own_share", "joint"])),
        },
        "premises": premises_data,
        "personal_data": {
            "company_shares_tenant_data": draw(st.booleans()),
            "partner_processes_for_company": draw(st.booleans()),
            "joint_decisions_on_data": draw(st.booleans()),
            "special_categories": draw(st.booleans()),
        },
        "term": term,
        "follow_up": {
            "meeting_frequency": draw(st.sampled_from(["monthly", "quarterly", "semiannual", "annual"])),
            "indicators": draw(st.lists(st.sampled_from(["Antal besökare per månad",
                                                         "Andel boende som känner sig trygga"]),
                                        max_size=2, unique=True)),
            "process_leaders": [{"name": name, "role": role, "organisation": draw(st.sampled_from(organisations))}
                                for name, role in leaders],
        },
        "governance": {
            "conflict_of_interest": draw(st.booleans()),
            "insurance_required": draw(st.booleans()),
            "dispute_resolution": draw(st.sampled_from(["court", "mediation_then_court", "joint_review"])),
        },
    }
