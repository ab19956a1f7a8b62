"""Human labels for the enumerations of the answers format, Swedish msgids for gettext."""
from __future__ import annotations

from .i18n import N_, gettext_for

LABELS: dict[str, dict[str, str]] = {
    "intended_form": {
        "partnership": N_("Partnerskap (samverkan mot gemensamma mål)"),
        "iop": N_("Idéburet offentligt partnerskap (IOP)"),
        "grant": N_("Bidrag"),
        "sponsorship": N_("Sponsring"),
        "procurement": N_("Upphandling (köp av tjänst)"),
    },
    "language": {"sv": N_("Svenska"), "en": N_("Engelska")},
    "yes_no_unknown": {"yes": N_("Ja"), "no": N_("Nej"), "unknown": N_("Vet inte")},
    "org_form": {
        "ideell_forening": N_("Ideell förening"),
        "registrerat_trossamfund": N_("Registrerat trossamfund"),
        "stiftelse": N_("Stiftelse"),
        "ekonomisk_forening": N_("Ekonomisk förening"),
        "aktiebolag": N_("Aktiebolag"),
        "hyresgastforeningen": N_("Hyresgästföreningen"),
        "kommun": N_("Kommun"),
        "annan_myndighet": N_("Annan myndighet"),
        "annan": N_("Annan organisationsform"),
    },
    "activity_kind": {
        "motesplats": N_("Mötesplats"),
        "mentorskap": N_("Mentorskap"),
        "laxhjalp": N_("Läxhjälp"),
        "arbetsmarknad": N_("Arbetsmarknad och jobbförberedelse"),
        "trygghet": N_("Trygghet"),
        "fritid_barn_unga": N_("Fritid för barn och unga"),
        "sprakcafe": N_("Språkcafé"),
        "boendeinflytande": N_("Boendeinflytande"),
        "odling": N_("Odling"),
        "annat": N_("Annat"),
    },
    "goal_area": {
        "langtidsarbetsloshet": N_("Långtidsarbetslöshet"),
        "skolresultat": N_("Skolresultat"),
        "samhallsservice": N_("Tillgång till samhällsservice"),
        "brottslighet": N_("Brottslighet och trygghet"),
        "integration": N_("Integration och etablering"),
        "annat": N_("Annat"),
    },
    "initiative": {
        "partner": N_("Partnern"),
        "housing_company": N_("Bostadsbolaget"),
        "joint": N_("Gemensamt"),
    },
    "payment_model": {
        "none": N_("Ingen betalning"),
        "lump_sum_grant": N_("Bidrag med ett fast belopp"),
        "cost_reimbursement": N_("Ersättning för faktiska kostnader"),
        "per_unit": N_("Betalning per timme, deltagare eller annan enhet"),
        "outcome_based": N_("Betalning efter uppnått resultat"),
    },
    "rent": {
        "market": N_("Marknadshyra"),
        "reduced": N_("Nedsatt hyra"),
        "free": N_("Utan hyra"),
    },
    "meeting_frequency": {
        "monthly": N_("Varje månad"),
        "quarterly": N_("Varje kvartal"),
        "semiannual": N_("Varje halvår"),
        "annual": N_("En gång om året"),
    },
    "dispute_resolution": {
        "court": N_("Allmän domstol"),
        "mediation_then_court": N_("Medling först, därefter allmän domstol"),
        "joint_review": N_("Parternas gemensamma genomgång, inte domstol (vissa tvister, som skadestånd och hävning, kan ändå prövas av domstol)"),
    },
    "company_form": {"aktiebolag": N_("Aktiebolag"), "stiftelse": N_("Stiftelse")},
    "repayment_liability": {
        "each_own_share": N_("Varje partner för sin egen andel"),
        "joint": N_("Partnerna solidariskt, var och en för hela beloppet"),
    },
    "severity": {"info": N_("Information"), "warning": N_("Varning"), "stop": N_("Stopp")},
    "verdict": {"accepted": N_("Godtagen"), "must_change": N_("Måste ändras")},
    "review_status": {"draft": N_("Utkast"), "in_review": N_("Hos jurist"),
                      "approved": N_("Godkänt för underskrift")},
}


#: The way a value reads inside a sentence of the agreement, where its label would not:
#: "genom en mötesplats och annan verksamhet", not "genom mötesplats och annat"; a label
#: holding "och" is reworded so that a list of them stays readable.
IN_TEXT: dict[str, dict[str, str]] = {
    "activity_kind": {
        "motesplats": N_("En mötesplats"),
        "arbetsmarknad": N_("Stöd på vägen till arbete"),
        "trygghet": N_("Trygghetsskapande arbete"),
        "fritid_barn_unga": N_("Barn- och ungdomsverksamhet"),
        "sprakcafe": N_("Ett språkcafé"),
        "boendeinflytande": N_("Arbete med boendeinflytande"),
        "odling": N_("Gemensam odling"),
        "annat": N_("Annan verksamhet"),
    },
    "goal_area": {"annat": N_("Andra lokala behov")},
}

#: Labels that are names, and keep their capital letter inside a sentence.
PROPER_NOUNS: frozenset[tuple[str, str]] = frozenset({("org_form", "hyresgastforeningen")})


def in_text(kind: str, value: str, lang: str = "sv") -> str:
    """Return the label of a value as the agreement's text writes it."""
    text = IN_TEXT.get(kind, {}).get(value)
    return gettext_for(lang)(text) if text else label(kind, value, lang)


def proper_noun_labels(lang: str) -> frozenset[str]:
    """Return the labels, in `lang`, that are names."""
    return frozenset(label(kind, value, lang) for kind, value in PROPER_NOUNS)


def label(kind: str, value: str, lang: str = "sv") -> str:
    """Return the label of an enumeration value in `lang` (the value itself if unknown)."""
    text = LABELS.get(kind, {}).get(value)
    return gettext_for(lang)(text) if text else value


def choices(kind: str, lang: str = "sv") -> list[tuple[str, str]]:
    """Return (value, label) pairs in catalogue order."""
    _ = gettext_for(lang)
    return [(value, _(text)) for value, text in LABELS[kind].items()]
