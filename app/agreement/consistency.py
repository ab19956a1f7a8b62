"""Checking a clause library as a whole: what its clauses claim, what they refer to, and over which answers.

Two kinds of check. The static ones read the clause files: every claim, annex and section a
text names must exist, and a text that mentions an annex (a lease, a budget …) must name it
through the registry. The search runs the library over a fixed, broad set of generated answers
(`scenarios`): the shipped examples, every example embedded in the rules file and seeded
random agreements of every shape. For each it asks what the included clauses claim; two
clauses that claim contradicting things, or a claim a fired finding contradicts, is reported
with the answers that show it. The search is a sample, not a proof; the property test over
generated agreements reads whole rendered documents on top of it.
"""
from __future__ import annotations

import copy
import datetime as dt
import random
import re
from typing import Any, Iterable

from .answers import Answers, AnswersError, validate
from .checkpoints import Rules, deep_merge, evaluate, example_answers
from .clauses import Clause, active_claims, select
from .conditions import Context
from .i18n import N_, gettext_for
from .registry import DocumentRules
from .sandbox import references_in

SCENARIOS = 1_500
SEED = 20261202
_PROSE_REFERENCE = re.compile(r"\b(avsnittet om|the section on)\b")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def _fail(clause: Clause, line: int, message: str, **variables: Any) -> str:
    return f"{clause.source}:{line}: " + gettext_for("sv")(message, **variables)


def static_problems(clauses: list[Clause], registry: DocumentRules) -> list[str]:
    """Return the problems the clause files show without any answers: unknown names, bare mentions."""
    ids = {c.id for c in clauses}
    problems = []
    for clause in clauses:
        for assertion in clause.asserts:
            if assertion.claim not in registry.claims:
                problems.append(_fail(clause, assertion.line, N_("okänt påstående '%(id)s' (finns inte i "
                                                                 "rules/document.yaml)"), id=assertion.claim))
        for lang, text in clause.text.items():
            offset = clause.text_lines.get(lang, 0)
            named = set()
            for line, kind, ident in references_in(text):
                if kind == "annex":
                    named.add(ident)
                    if ident not in registry.annexes:
                        problems.append(_fail(clause, offset + line, N_("[%(lang)s] okänd bilaga '%(id)s' (finns "
                                                                        "inte i rules/document.yaml)"), lang=lang,
                                              id=ident))
                elif ident not in ids:
                    problems.append(_fail(clause, offset + line, N_("[%(lang)s] hänvisning till ett avsnitt som inte "
                                                                    "finns: '%(id)s'"), lang=lang, id=ident))
            prose = _JINJA.sub(lambda m: " " + "\n" * m.group(0).count("\n"), text)  # keeps the lines
            for spec in registry.annexes.values():
                if spec.id not in named and any(p.search(prose) for p in spec.mentions.get(lang, ())):
                    problems.append(_fail(clause, offset + 1, N_("[%(lang)s] texten nämner %(title)s men hänvisar "
                                                                 "inte till bilagan: skriv {{ '%(id)s' | annex }}"),
                                          lang=lang, title=spec.title[lang], id=spec.id))
            for pattern in registry.drafter_notes.get(lang, ()):
                found = pattern.search(prose)
                if found:
                    line = offset + prose.count("\n", 0, found.start()) + 1
                    problems.append(_fail(clause, line, N_("[%(lang)s] ”%(words)s” är ett råd till den som tar fram "
                                                           "avtalet: det hör hemma i riskpunktens åtgärd, inte i "
                                                           "texten som Parterna skriver under"),
                                          lang=lang, words=found.group(0)))
            if _PROSE_REFERENCE.search(prose):
                problems.append(_fail(clause, offset + 1, N_("[%(lang)s] hänvisa till ett avsnitt med "
                                                             "{{ 'id' | section }}, inte med ord")))
    return problems


def scenarios(rules: Rules, examples: Iterable[Answers] = (), count: int = SCENARIOS,
              seed: int = SEED) -> list[Answers]:
    """Return a fixed, broad set of valid answers: the examples, the rules' own examples, random agreements."""
    result = list(examples)
    for checkpoint in rules.checkpoints:
        for example in checkpoint.examples:
            try:
                result.append(validate(example_answers(rules, example)[0]))
            except AnswersError:
                continue
    rng = random.Random(seed)
    base = rules.example_base
    limits = [p.value for p in rules.parameters.values() if p.unit == "sek"]
    limits += [p.value * rules.parameters["threshold_eur_sek_rate"].value
               for p in rules.parameters.values() if p.unit == "eur"]
    amounts = sorted({max(1, int(v // 2) + d) for v in limits for d in (-1, 1)} | {1_000, 120_000})
    attempts = 0
    while len(result) < len(list(examples)) + count and attempts < count * 3:
        attempts += 1
        try:
            result.append(validate(_random_answers(rng, base, amounts)))
        except AnswersError:
            continue
    return result


def _random_answers(rng: random.Random, base: dict[str, Any], amounts: list[int]) -> dict[str, Any]:
    """Draw one agreement of any shape: every choice of the answers format at random, amounts at the limits."""
    data = copy.deepcopy(base)
    choice, flip = rng.choice, lambda: rng.random() < 0.5
    pays = flip()
    count = choice([1, 1, 1, 2, 3])
    partners = []
    for i in range(count):
        partners.append({"name": f"Förening {i + 1}", "org_number": "802400-0005",
                         "org_form": choice(["ideell_forening", "registrerat_trossamfund", "stiftelse",
                                             "ekonomisk_forening", "aktiebolag", "hyresgastforeningen", "kommun",
                                             "annan"]),
                         "registered_ideburen": flip(), "sells_on_market": flip(),
                         "de_minimis_received_3y_eur": choice([None, 0, 290_000])})
    amount = choice(amounts) if pays else 0
    if pays and count > 1:
        for partner, share in zip(partners, _shares(rng, count)):
            partner["payment_share_percent"] = share
    rent = choice(["none", "market", "reduced", "free"])
    data.update(intended_form=choice(["partnership", "iop", "grant", "sponsorship", "procurement"]),
                partners=partners)
    data["housing_company"] = {**data["housing_company"],
                               "mandate_in_owner_directive": choice(["yes", "no", "unknown"]),
                               "company_form": choice(["aktiebolag", "stiftelse"])}
    data["activity"] = {**data.get("activity", {}), **{k: flip() for k in (
        "partner_runs_own_activity", "residents_involved", "children_involved", "religious_or_political_content")},
        "initiative": choice(["partner", "housing_company", "joint"]),
        "kinds": rng.sample(["motesplats", "laxhjalp", "trygghet", "fritid_barn_unga", "arbetsmarknad"], choice([0, 1, 2]))}
    exchange = {k: flip() for k in ("partner_delivers_to_company", "company_would_otherwise_buy", "detailed_control",
                                    "penalties", "repayment_of_unused_funds", "partner_own_contribution",
                                    "logo_or_marketing_for_company", "exclusivity")}
    exchange.update(company_pays=pays, amount_per_year_sek=amount,
                    payment_model=choice(["lump_sum_grant", "cost_reimbursement", "per_unit", "outcome_based"])
                    if pays else "none",
                    market_exists=choice(["yes", "no", "unknown"]), annex2_service=choice(["yes", "no", "unknown"]),
                    related_agreements_12m_sek=choice([0, 0, 200_000, 3_000_000]),
                    de_minimis_received_3y_eur=choice([0, 0, 299_000]),
                    repayment_liability=choice(["each_own_share", "joint"]))
    data["exchange"] = {**data["exchange"], **exchange}
    data["premises"] = {"provided": False} if rent == "none" else {
        "provided": True, "address": "Storgatan 2", "rent": rent,
        "market_rent_sek_per_year": 0 if rent == "market" else 120_000,
        "rent_sek_per_year": {"market": 120_000, "reduced": 60_000, "free": 0}[rent]}
    data["personal_data"] = {k: flip() for k in ("company_shares_tenant_data", "partner_processes_for_company",
                                                 "joint_decisions_on_data", "special_categories")}
    ending = choice(["fixed", "open", "renewing"])
    data["term"] = {**data["term"], "open_ended": ending == "open", "auto_renewal": ending == "renewing",
                    "end_date": None if ending == "open" else data["term"]["end_date"],
                    "extension_months": 0 if ending == "open" else choice([0, 12])}
    data["governance"] = {"conflict_of_interest": flip(), "insurance_required": flip(),
                          "dispute_resolution": choice(["court", "mediation_then_court", "joint_review"])}
    return deep_merge(base, data)


def _shares(rng: random.Random, count: int) -> list[float]:
    weights = [rng.randint(0, 4) for _ in range(count)]
    if not any(weights):
        weights[0] = 1
    shares = [100 * w / sum(weights) for w in weights]
    shares[-1] = 100 - sum(shares[:-1])
    return shares


def _witness(ctx: Context, paths: Iterable[str]) -> str:
    """Describe the answers that show a problem, by the answers the conditions look at."""
    shown = []
    for path in sorted(paths):
        if path.startswith("partners") or path.startswith("facts."):
            continue
        value: Any = ctx.answers
        for key in path.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        shown.append(f"{path}={value}")
    findings = ", ".join(sorted(ctx.findings - {"lou.contracting-authority", "osl.public-documents",
                                                 "liability.insurance"}))
    return "; ".join(shown[:10]) + (f"; kontrollpunkter: {findings}" if findings else "")


def claim_problems(clauses: list[Clause], rules: Rules, registry: DocumentRules, answers: Iterable[Answers],
                   on: dt.date) -> list[str]:
    """Return each contradiction the library shows over the answers: two claims, or a claim and a finding."""
    _ = gettext_for("sv")
    found: dict[tuple[str, ...], str] = {}
    for item in answers:
        ctx = evaluate(item, rules, on)
        made = [(clause, assertion) for clause in select(clauses, ctx) for assertion in clause.asserts
                if assertion.claim in active_claims(clause, ctx)]
        for i, (clause, assertion) in enumerate(made):
            for other, other_assertion in made[i + 1:]:
                key = (clause.id, assertion.claim, other.id, other_assertion.claim)
                if other is not clause and key not in found and registry.conflicting(assertion.claim,
                                                                                     other_assertion.claim):
                    paths = clause.condition.paths | assertion.condition.paths | other.condition.paths | \
                        other_assertion.condition.paths
                    found[key] = _fail(clause, assertion.line, N_(
                        "%(a)s påstår '%(claim_a)s' och %(b)s påstår '%(claim_b)s' i samma avtal, till exempel när "
                        "%(witness)s"), a=clause.id, claim_a=assertion.claim, b=other.id,
                        claim_b=other_assertion.claim, witness=_witness(ctx, paths))
            spec = registry.claims.get(assertion.claim)
            for finding in sorted(spec.contradicted_by & ctx.findings) if spec else ():
                key = (clause.id, assertion.claim, finding)
                if key not in found:
                    paths = clause.condition.paths | assertion.condition.paths
                    found[key] = _fail(clause, assertion.line, N_(
                        "%(a)s påstår '%(claim)s' fast kontrollpunkten %(finding)s säger emot, till exempel när "
                        "%(witness)s"), a=clause.id, claim=assertion.claim, finding=finding,
                        witness=_witness(ctx, paths))
    return list(found.values())


def document_problems(clauses: list[Clause], rules: Rules, registry: DocumentRules, answers: Iterable[Answers],
                      on: dt.date, langs: tuple[str, ...] = ("sv", "en")) -> list[str]:
    """Return why whole agreements cannot be assembled from the library: a reference to a section or an
    annex the agreement does not have, a text that fails to render, a heading or text missing in a language."""
    from .document import DocumentError, build_document
    from .facts import derive

    _ = gettext_for("sv")
    found: dict[str, str] = {}
    values = rules.parameter_values(on)
    for item in answers:
        ctx = evaluate(item, rules, on)
        chosen = select(clauses, ctx)
        for lang in langs:
            try:
                build_document(item, derive(item, values), chosen, sorted(ctx.findings), lang, issued=on,
                               parameters=values, registry=registry, checklist=lambda *args: [])
            except DocumentError as exc:
                for message in exc.messages:
                    if message not in found:
                        found[message] = f"[{lang}] {message} " + _("(till exempel när %(witness)s)",
                                                                    witness=_witness(ctx, ()))
    return list(found.values())


def library_problems(clauses: list[Clause], rules: Rules, registry: DocumentRules, examples: Iterable[Answers] = (),
                     on: dt.date | None = None, count: int = SCENARIOS) -> list[str]:
    """Return every problem of a library as a whole (static, claims, whole documents), for lint and approval."""
    on = on or rules.example_date
    problems = static_problems(clauses, registry)
    if problems:
        return problems
    examples = list(examples)
    answers = scenarios(rules, examples, count)
    problems = claim_problems(clauses, rules, registry, answers, on)
    if problems:
        return problems
    sample = answers[:len(examples) + min(count, 200)]  # examples, the rules' examples, some random
    return document_problems(clauses, rules, registry, sample, on)
