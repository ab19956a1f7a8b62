"""The shipped clause texts: well-formed files that render for very different agreements.

These tests read the clause files directly and render them with a minimal sandbox of
their own (the filters stubbed), so they check the texts, not the clause engine.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.agreement import answers as answers_module
from app.agreement import facts as facts_module
from app.agreement import yamlio

CLAUSE_DIR = Path(__file__).resolve().parent.parent / "clauses"

# The clauses these tests cover, with their catalogue number.
CLAUSES = {
    "bakgrund": 2, "vardegrund": 4, "neutralitet": 5, "atagande-bolaget": 7, "atagande-partner": 8,
    "egeninsats": 9, "ersattning": 11, "aterbetalning": 12, "de-minimis": 13, "samverkansformer": 15,
    "uppfoljning": 16, "personuppgifter": 17, "pub": 18, "gemensamt-ansvar": 19, "registerkontroll": 20,
    "kommunikation": 21, "offentlighet": 22, "ansvar": 23, "jav": 24, "andringar": 26, "tvist": 28,
}

# The checkpoint catalogue's ids (stable: saved findings and outside tools refer to them).
CHECKPOINT_IDS = frozenset({
    "lou.contracting-authority", "lou.contract-likely", "lou.detailed-control", "lou.market-exists",
    "lou.market-unknown", "lou.unit-payment", "lou.penalties", "lou.cost-reimbursement-not-safe",
    "lou.iop-label-on-purchase", "lou.over-direct-award-limit", "lou.over-eu-threshold",
    "lou.annex2-direct-award", "lou.annex2-unknown", "lou.post-award-notice", "lou.value-full-term",
    "lou.splitting", "lou.direct-award-documentation", "lou.reserved-procurement-option",
    "iop.no-own-contribution", "iop.company-initiative", "iop.no-repayment-clause",
    "stateaid.economic-activity", "stateaid.de-minimis-exceeded", "allbolagen.premises-below-market",
    "kl.mandate", "kl.support-to-business", "gdpr.processor-agreement", "gdpr.joint-controllers",
    "gdpr.special-categories", "children.record-check", "osl.public-documents", "vat.consideration",
    "marketing.logo-counterperformance", "competition.exclusivity", "ethics.conflict-of-interest",
    "neutrality.religious-political", "liability.insurance", "partner.tenants-union",
    "partner.public-body", "term.open-ended", "system.stale-parameters",
})

REQUIRED_KEYS = ("id", "order", "title", "include_when", "addresses", "notes", "text")
from conftest import RULE_PARAMETERS as PARAMETERS


def _label(value: Any, kind: str) -> Any:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)


# A line holding only block tags ({% if %}, {% else %}, {% endfor %}, {% set %} …) leaves no
# trace in the rendered text, as in the clause engine.
TAG_ONLY_LINE = re.compile(r"^[ \t]*(?:\{%(?:[^%]|%(?!\}))*%\}[ \t]*)+$")


def make_env() -> ImmutableSandboxedEnvironment:
    """A sandbox with the clause filters stubbed and nothing else."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False, lstrip_blocks=True)
    env.globals.clear()
    builtin = env.filters
    env.filters = {name: builtin[name] for name in (
        "lower", "upper", "capitalize", "default", "length", "first", "last", "round", "int", "trim")}
    env.filters.update({
        "sek": lambda v: f"{v} kr", "eur": lambda v: f"{v} euro", "number": str, "date": str,
        "join_and": lambda v: ", ".join(str(x) for x in v), "label": _label, "join": lambda v, s="": s.join(map(str, v)),
    })
    return env


ENV = make_env()


def load(clause_id: str) -> dict[str, Any]:
    return yamlio.load((CLAUSE_DIR / f"{clause_id}.yaml").read_text(encoding="utf-8"))


def context_for(data: dict[str, Any], lang: str) -> dict[str, Any]:
    answers = answers_module.validate(data)
    context = answers.model_dump(mode="python")
    dumped = answers.model_dump(mode="python")
    parties = [{**dumped["housing_company"], "role_label": "Bostadsbolaget", "is_company": True}]
    single = len(dumped["partners"]) == 1
    for n, partner in enumerate(dumped["partners"], start=1):
        parties.append({**partner, "role_label": "Partnern" if single else f"Partner {n}", "is_company": False})
    context.update(facts=facts_module.derive(answers, PARAMETERS).as_dict(), parties=parties, findings=[], lang=lang)
    return context


def drop_tag_lines(source: str) -> str:
    """Keep the tags of a tag-only line but not its line break."""
    return "".join(line.rstrip("\n") if TAG_ONLY_LINE.match(line.rstrip("\n")) else line
                   for line in source.splitlines(keepends=True))


def render(source: str, context: dict[str, Any]) -> str:
    return ENV.from_string(drop_tag_lines(source)).render(context)


def contrasting(data: dict[str, Any]) -> dict[str, Any]:
    """No payment, two partners, free premises, children, open-ended, logo for the company."""
    data = copy.deepcopy(data)
    data["exchange"].update(company_pays=False, amount_per_year_sek=0, payment_model="none",
                            partner_own_contribution=False, own_contribution_description="",
                            repayment_of_unused_funds=False, logo_or_marketing_for_company=True)
    second = copy.deepcopy(data["partners"][0])
    second.update(name="Röda Korset Östra kretsen", org_number="802012-3454", org_form="annan",
                  sells_on_market=True, contact={}, signatory={}, payment_share_percent=0)
    data["partners"].append(second)
    data["premises"] = {"provided": True, "address": "Rannebergsgatan 5", "area_m2": 80, "rent": "free",
                        "market_rent_sek_per_year": 120000, "rent_sek_per_year": 0,
                        "business_rationale": "Ökad trygghet och lägre skadegörelse."}
    data["activity"].update(children_involved=True, initiative="housing_company", residents_involved=False,
                            goal_areas=[], area="", religious_or_political_content=True)
    data["term"].update(end_date=None, open_ended=True)
    data["follow_up"].update(indicators=[], process_leaders=[], meeting_frequency="monthly")
    data["governance"].update(insurance_required=False, dispute_resolution="court", conflict_of_interest=True)
    data["housing_company"].update(mandate_in_owner_directive="unknown", contact={})
    data["personal_data"] = {"company_shares_tenant_data": True, "partner_processes_for_company": False,
                             "joint_decisions_on_data": True, "special_categories": True}
    data["intended_form"] = "iop"
    return data


def per_unit(data: dict[str, Any]) -> dict[str, Any]:
    """The procurement path: payment per hour, detailed control, penalties, three partners."""
    data = copy.deepcopy(data)
    data["partners"][0]["payment_share_percent"] = 50
    data["exchange"].update(payment_model="per_unit", detailed_control=True, penalties=True,
                            partner_own_contribution=True, own_contribution_description="")
    data["personal_data"] = {"partner_processes_for_company": True}
    for name, number in (("Trygghetsföreningen", "817600-0001"), ("Stiftelsen Gården", "556000-0001")):
        extra = copy.deepcopy(data["partners"][0])
        extra.update(name=name, org_number=number, sells_on_market=True, payment_share_percent=25)
        data["partners"].append(extra)
    data["activity"].update(goal_areas=["brottslighet", "annat"], initiative="joint")
    data["term"].update(auto_renewal=True, extension_months=12)
    data["intended_form"] = "procurement"
    return data


def outcome_based(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["exchange"].update(payment_model="outcome_based")
    data["follow_up"]["process_leaders"].append({"name": "", "organisation": "Föreningen Mötesplats Öst", "role": ""})
    return data


VARIANTS = {
    "example": lambda d: d,
    "contrasting": contrasting,
    "per_unit": per_unit,
    "outcome_based": outcome_based,
}


@pytest.mark.parametrize("clause_id", sorted(CLAUSES))
def test_clause_file_is_complete(clause_id: str) -> None:
    clause = load(clause_id)
    assert isinstance(clause, dict)
    assert set(REQUIRED_KEYS) <= set(clause), f"{clause_id}: missing {set(REQUIRED_KEYS) - set(clause)}"
    assert clause["id"] == clause_id
    assert clause["order"] == CLAUSES[clause_id]
    for lang in ("sv", "en"):
        assert clause["title"][lang].strip()
        assert clause["text"][lang].strip()
    assert clause["notes"].strip()
    assert clause["include_when"] == "always" or isinstance(clause["include_when"], dict)
    assert isinstance(clause["addresses"], list)
    assert set(clause["addresses"]) <= CHECKPOINT_IDS, set(clause["addresses"]) - CHECKPOINT_IDS


@pytest.mark.parametrize("clause_id", sorted(CLAUSES))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_clause_text_parses_in_the_sandbox(clause_id: str, lang: str) -> None:
    ENV.parse(load(clause_id)["text"][lang])


@pytest.mark.parametrize("clause_id", sorted(CLAUSES))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_line_that_starts_and_ends_with_a_tag_holds_only_tags(clause_id: str, lang: str) -> None:
    """Text between a leading and a trailing tag is easily taken for a tag-only line."""
    for number, line in enumerate(load(clause_id)["text"][lang].splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("{%") and stripped.endswith("%}"):
            assert TAG_ONLY_LINE.match(stripped), f"{clause_id} {lang} line {number}: start the line with text"
        assert "{%-" not in line and "-%}" not in line, f"{clause_id} {lang} line {number}: tags on their own line"


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("clause_id", sorted(CLAUSES))
def test_clause_text_renders_cleanly(clause_id: str, lang: str, variant: str, answers_data: dict[str, Any]) -> None:
    text = render(load(clause_id)["text"][lang], context_for(VARIANTS[variant](answers_data), lang)).strip()
    assert text
    assert "{{" not in text and "{%" not in text
    assert "\n\n\n" not in text, "an empty paragraph"
    for line in text.split("\n"):
        assert line == line.strip(), f"stray whitespace: {line!r}"
        assert "  " not in line, f"double space: {line!r}"
        assert not re.search(r" [,.;:]", line), f"space before punctuation: {line!r}"
        assert not re.search(r"\(\s*\)", line), f"empty parentheses: {line!r}"


def test_the_contrasting_agreement_gets_its_stricter_texts(answers_data: dict[str, Any]) -> None:
    plain = context_for(answers_data, "sv")
    strict = context_for(contrasting(answers_data), "sv")

    kommunikation = load("kommunikation")["text"]["sv"]
    assert "får inte utformas som reklam" in render(kommunikation, strict)
    assert "får inte utformas som reklam" not in render(kommunikation, plain)

    ansvar = load("ansvar")["text"]["sv"]
    assert "försäkringsbevis" in render(ansvar, plain)
    assert "försäkringsbevis" not in render(ansvar, strict)

    tvist = load("tvist")["text"]["sv"]
    assert "medling" in render(tvist, plain)
    assert "medling" not in render(tvist, strict)

    registerkontroll = render(load("registerkontroll")["text"]["sv"], strict)
    assert "lag (2013:852)" in registerkontroll and "begränsat registerutdrag" in registerkontroll
    assert "tar inga kopior" in registerkontroll

    assert "2 kap. 3 § offentlighets- och sekretesslagen" in render(load("offentlighet")["text"]["sv"], plain)


def test_names_and_amounts_from_the_answers_appear(answers_data: dict[str, Any]) -> None:
    context = context_for(answers_data, "sv")
    assert "Exempelbo AB" in render(load("bakgrund")["text"]["sv"], context)
    assert "Föreningen Mötesplats Öst" in render(load("bakgrund")["text"]["sv"], context)
    assert "- Antal besökare per månad" in render(load("uppfoljning")["text"]["sv"], context)
    assert "- Karin Berg, områdeschef, Exempelbo AB" in render(load("samverkansformer")["text"]["sv"], context)
    unit = context_for(per_unit(answers_data), "sv")
    assert "350000 kr" in render(load("ersattning")["text"]["sv"], unit)
