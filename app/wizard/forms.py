"""One form per wizard step, plus the small forms of the drafts pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import Form
from wtforms.fields import (
    BooleanField,
    DateField,
    FieldList,
    FloatField,
    FormField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from .fields import (
    Condition,
    ContactForm,
    MultiCheckboxField,
    ProcessLeaderForm,
    SignatoryForm,
    StepForm,
    amount,
    enum_choices,
    optional_amount,
    percent,
    radio,
)
from ..agreement.answers import MAX_PARTNERS, SHORT_TEXT

DATE_ERROR = _l("ogiltigt datum (ÅÅÅÅ-MM-DD)")


class BasicsForm(StepForm):
    title = StringField(_l("Avtalets rubrik"), description=_l(
        "Till exempel ”Samverkansavtal om mötesplats i Rannebergen”. Rubriken står överst i avtalet."))
    intended_form = radio(_l("Vilken sorts avtal tänker ni er?"), "intended_form", description=_l(
        "Det är en första bedömning. Vad avtalet egentligen är avgörs av vad som utbyts, inte av vad det kallas: "
        "betalar bolaget för något det själv behöver är det en upphandling, hur avtalet än rubriceras."))
    language = radio(_l("Avtalets språk"), "language")


class HousingCompanyForm(StepForm):
    name = StringField(_l("Bostadsbolagets namn"))
    org_number = StringField(_l("Organisationsnummer"), description=_l("Tio siffror, till exempel 556677-8899."))
    address = StringField(_l("Adress"))
    contact = FormField(ContactForm, _l("Kontaktperson hos bostadsbolaget"))
    signatory = FormField(SignatoryForm, _l("Undertecknar för bostadsbolaget"))
    company_form = radio(_l("Bolagets form"), "company_form", default="aktiebolag", description=_l(
        "De flesta allmännyttiga bostadsbolag är aktiebolag; några är stiftelser. Avtalets bakgrund "
        "beskriver bolaget med rätt form."))
    mandate_in_owner_directive = radio(
        _l("Ger ägardirektivet bolaget uppdrag att arbeta med social hållbarhet?"), "yes_no_unknown", description=_l(
            "Ägardirektivet är kommunens styrdokument för bolaget. Står det där att bolaget ska ta socialt ansvar "
            "i sina bostadsområden har bolaget stöd för att lägga pengar på samverkan. Fråga bolagets ledning "
            "om du är osäker."))


class PartnerForm(Form):
    name = StringField(_l("Organisationens namn"))
    org_number = StringField(_l("Organisationsnummer"), description=_l(
        "Tio siffror, till exempel 802400-0005. En nybildad förening som inte har fått något nummer än kan "
        "lämna fältet tomt; numret behövs före undertecknandet."))
    org_form = SelectField(_l("Organisationsform"), choices=enum_choices("org_form"))
    registered_ideburen = BooleanField(_l("Organisationen är registrerad som idéburen organisation"), description=_l(
        "Sedan 2024 kan ideella föreningar, stiftelser och trossamfund registrera sig hos Kammarkollegiet som "
        "idéburen organisation med allmännyttigt syfte. Kryssa bara i om registreringen är gjord."))
    sells_on_market = BooleanField(_l("Organisationen säljer tjänster på en marknad"), description=_l(
        "Till exempel om föreningen tar betalt av kommuner eller företag för liknande uppdrag, eller driver "
        "ett café eller ett bemanningsföretag."))
    address = StringField(_l("Adress"))
    contact = FormField(ContactForm, _l("Kontaktperson"))
    signatory = FormField(SignatoryForm, _l("Undertecknar för organisationen"))
    payment_share_percent = percent(_l("Andel av bolagets betalning (procent)"), description=_l(
        "Fyll i när avtalet har flera partner och bolaget betalar: hur stor del av beloppet som går till "
        "den här partnern. Andelarna ska bli 100 procent tillsammans. Ange 0 för en partner som inte får "
        "pengar. Lämna tomt om du anger andelarna i kronor."))
    payment_share_sek_per_year = optional_amount(_l("eller andel i kronor per år"), description=_l(
        "I stället för procent: partnerns del av årsbeloppet. Andelarna ska bli hela årsbeloppet tillsammans."))
    de_minimis_received_3y_eur = optional_amount(
        _l("Stöd av mindre betydelse som organisationen fått de senaste tre åren (euro)"), description=_l(
            "Med flera partner prövas varje partner för sig mot de minimis-taket. Lämnas fältet tomt räknas "
            "beloppet i steget Ekonomi för varje partner."))


class PartnersForm(StepForm):
    partners = FieldList(FormField(PartnerForm, _l("Partner")), _l("Partner"), min_entries=1,
                         max_entries=MAX_PARTNERS)
    lists = {"partners": _l("Lägg till partner")}


class ActivityForm(StepForm):
    kinds = MultiCheckboxField(_l("Vad ska ni göra?"), choices=enum_choices("activity_kind"))
    area = StringField(_l("Bostadsområde"))
    description = TextAreaField(_l("Beskriv verksamheten"), description=_l(
        "Vad händer, för vem, hur ofta och var? Skriv så att någon som inte känner till området förstår."))
    goal_areas = MultiCheckboxField(_l("Vilka samhällsutmaningar ska verksamheten bidra till?"),
                                    choices=enum_choices("goal_area"))
    goals = TextAreaField(_l("Mål"), description=_l("Vad ska vara annorlunda när avtalet löper ut? Gärna mätbart."))
    initiative = radio(_l("Vem tog initiativet?"), "initiative")
    partner_runs_own_activity = BooleanField(_l("Verksamheten är partnerns egen"), description=_l(
        "Kryssa i om partnern driver verksamheten på eget initiativ och efter egna beslut, och bolaget stöttar "
        "den. Kryssa inte i om bolaget har bett partnern utföra något åt bolaget."))
    residents_involved = BooleanField(_l("Boende är med och formar verksamheten"))
    children_involved = BooleanField(_l("Barn eller unga under 18 år deltar"), description=_l(
        "Kryssa i om verksamheten riktar sig till eller kan samla barn. Då behövs till exempel rutiner för "
        "utdrag ur belastningsregistret och för hur uppgifter om barn hanteras."))
    religious_or_political_content = BooleanField(_l("Verksamheten har religiöst eller politiskt innehåll"),
                                                  description=_l(
        "Till exempel andakt, mission, partipolitisk information eller kampanjer. Bolaget ska vara neutralt "
        "och får inte stödja sådant innehåll; kryssa i även om det bara är en del av verksamheten."))


class ExchangeForm(StepForm):
    company_pays = BooleanField(_l("Bostadsbolaget betalar pengar till partnern"))
    amount_per_year_sek = amount(_l("Belopp per år (kronor, utan moms)"))
    payment_model = radio(_l("Hur betalar bolaget?"), "payment_model", exclude=("none",))
    partner_delivers_to_company = BooleanField(_l("Partnern gör något som bolaget självt behöver"), description=_l(
        "En motprestation: till exempel städning, trygghetsvandringar åt bolaget, information till hyresgäster, "
        "enkäter eller bevakning, alltså uppgifter som bolaget annars skulle göra själv eller köpa."))
    company_would_otherwise_buy = BooleanField(_l("Bolaget skulle annars köpa detta av någon annan"))
    market_exists = radio(_l("Finns det en marknad för det partnern gör?"), "yes_no_unknown", description=_l(
        "Finns det företag eller andra som säljer samma sak? Till exempel bemanningsföretag, "
        "vaktbolag eller studieförbund som tar betalt för samma slags tjänst."))
    detailed_control = BooleanField(_l("Bolaget bestämmer i detalj vad, hur och hur mycket partnern ska göra"),
                                    description=_l(
        "Till exempel ett visst antal timmar, fasta öppettider som bolaget beslutar eller krav på hur arbetet "
        "utförs. I ett partnerskap bestämmer parterna tillsammans och partnern styr sin egen verksamhet."))
    penalties = BooleanField(_l("Avtalet har sanktioner om partnern inte levererar"), description=_l(
        "Vite, avdrag på ersättningen eller rätt att häva avtalet om prestationen är bristfällig. Sådana "
        "villkor hör till köp av tjänster, inte till stöd."))
    repayment_of_unused_funds = BooleanField(_l("Pengar som inte används ska betalas tillbaka"))
    repayment_liability = radio(_l("Vem betalar tillbaka, när avtalet har flera partner?"), "repayment_liability",
                                default="each_own_share", description=_l(
        "Normalt betalar varje partner tillbaka det som inte har använts av dess egen andel. Parterna kan "
        "i stället välja att partnerna ansvarar solidariskt, alltså var och en för hela beloppet."))
    partner_own_contribution = BooleanField(_l("Partnern bidrar med en egeninsats"), description=_l(
        "Egeninsats är det partnern själv tillför: ideella timmar, egna pengar, lokaler, kunskap eller "
        "kontakter. Det bolaget betalar för räknas inte."))
    own_contribution_description = TextAreaField(_l("Beskriv partnerns egeninsats"), description=_l(
        "Till exempel ”cirka 20 ideella timmar i veckan och föreningens nätverk av läxhjälpare”."))
    logo_or_marketing_for_company = BooleanField(_l("Partnern visar bolagets logotyp eller marknadsför bolaget"))
    exclusivity = BooleanField(_l("Partnern får inte samarbeta med andra om samma sak"))
    annex2_service = radio(_l("Är det en social tjänst eller annan särskild tjänst (bilaga 2 till LOU)?"),
                           "yes_no_unknown", description=_l(
        "Bilaga 2 till lagen om offentlig upphandling (LOU) är den officiella listan över tjänster med ett "
        "högre tröskelvärde och enklare regler, till exempel sociala tjänster, utbildning, vissa kultur- och "
        "idrottstjänster och tjänster från medlems- och ungdomsorganisationer. Tjänsterna anges med CPV-koder, "
        "EU:s gemensamma nummerkoder för olika slags tjänster. Om läxhjälp, mentorskap, en mötesplats eller "
        "trygghetsvandringar hör dit måste prövas från fall till fall: välj ”Vet inte” om du är osäker, så tar "
        "granskningen hänsyn till det och länkar till lagtexten."))
    related_agreements_12m_sek = amount(
        _l("Andra avtal om samma eller liknande tjänst de senaste 12 månaderna (kronor)"), description=_l(
        "Summan av bolagets andra avtal för samma eller liknande sak under de senaste tolv månaderna, med "
        "vilken partner som helst. Beloppen räknas ihop när man prövar om upphandling krävs. Ange 0 om inga."))
    related_agreements_note = TextAreaField(
        _l("Varför beloppet skiljer sig från bolagets register"), [Optional(), Length(max=5000)],
        description=_l("Behövs bara när du anger ett annat belopp än summan av bolagets undertecknade avtal, "
                       "till exempel för att ett avtal gäller en annan sorts tjänst eller ett köp som inte finns "
                       "här."))
    de_minimis_received_3y_eur = amount(_l("Stöd av mindre betydelse som partnern fått de senaste tre åren (euro)"),
                                        description=_l(
        "Offentligt stöd som partnern fått som ”stöd av mindre betydelse” (de minimis), från kommun, region "
        "eller andra, de senaste tre åren. Partnern vet; det står i beslutet om stödet. Ange 0 om inget."))

    conditions = {
        "amount_per_year_sek": (Condition("company_pays", hint=_l("Gäller bara när bolaget betalar.")),),
        "payment_model": (Condition("company_pays", hint=_l("Gäller bara när bolaget betalar.")),),
        "own_contribution_description": (
            Condition("partner_own_contribution", hint=_l("Gäller bara när partnern bidrar med en egeninsats.")),),
        "repayment_liability": (Condition("company_pays", hint=_l("Gäller bara när bolaget betalar.")),),
    }


PROVIDED = Condition("provided", hint=_l("Gäller bara när bolaget upplåter en lokal."))


class PremisesForm(StepForm):
    provided = BooleanField(_l("Bostadsbolaget upplåter en lokal till verksamheten"))
    address = StringField(_l("Lokalens adress"))
    area_m2 = FloatField(_l("Yta (kvadratmeter)"), [Optional()], render_kw={"min": 0, "step": "any"})
    rent = radio(_l("Vilken hyra betalar partnern?"), "rent", description=_l(
        "Marknadshyra är vad en annan hyresgäst skulle betala för en likadan lokal. En lägre hyra är ett "
        "värde som bolaget ger partnern, precis som pengar."))
    market_rent_sek_per_year = amount(_l("Marknadshyra per år (kronor)"), description=_l(
        "Vad bolaget skulle ta ut av en vanlig hyresgäst för lokalen. Fråga förvaltningen om hyran i jämförbara "
        "lokaler."))
    rent_sek_per_year = amount(_l("Hyra som partnern betalar per år (kronor)"))
    business_rationale = TextAreaField(_l("Varför gynnar upplåtelsen bolaget affärsmässigt?"), description=_l(
        "Till exempel en tom lokal som annars står oanvänd, färre skadegörelser eller större trygghet som "
        "sänker bolagets kostnader. Ett affärsmässigt skäl kan göra att en lägre hyra inte räknas som stöd."))

    conditions = {
        "address": (PROVIDED,),
        "area_m2": (PROVIDED,),
        "rent": (PROVIDED,),
        "market_rent_sek_per_year": (PROVIDED, Condition("rent", ("reduced", "free"), hint=_l(
            "Gäller bara vid nedsatt hyra eller utan hyra."))),
        "rent_sek_per_year": (PROVIDED, Condition("rent", ("reduced",), hint=_l("Gäller bara vid nedsatt hyra."))),
        "business_rationale": (PROVIDED,),
    }


class PersonalDataForm(StepForm):
    own_lists_only = BooleanField(_l("Varje organisation för sin egen deltagarlista, och inga personuppgifter "
                                     "lämnas mellan parterna"), description=_l(
        "Det vanligaste upplägget: partnern har sin egen lista över deltagare och bolaget sina egna uppgifter om "
        "hyresgäster, och ingen lämnar uppgifter om personer till den andra. Kryssa då inte i något av de tre "
        "följande."))
    company_shares_tenant_data = BooleanField(_l("Bolaget lämnar uppgifter om hyresgäster till partnern"),
                                              description=_l(
        "Till exempel namn, adresser eller telefonnummer till boende som partnern ska kontakta."))
    partner_processes_for_company = BooleanField(_l("Partnern hanterar personuppgifter åt bolaget"),
                                                 description=_l(
        "Till exempel när partnern för register över deltagare, gör enkäter eller ringer hyresgäster på "
        "bolagets uppdrag. Då behövs ett personuppgiftsbiträdesavtal."))
    joint_decisions_on_data = BooleanField(_l("Bolaget och partnern bestämmer tillsammans över personuppgifterna"),
                                           description=_l(
        "Till exempel ett gemensamt deltagarregister där båda bestämmer vilka uppgifter som samlas in och "
        "varför. Då är ni gemensamt personuppgiftsansvariga och behöver en överenskommelse om det."))
    special_categories = BooleanField(_l("Känsliga personuppgifter hanteras"), description=_l(
        "Uppgifter om hälsa, etniskt ursprung, religion, politiska åsikter, fackmedlemskap eller sexualliv, "
        "och uppgifter om brott. Kryssa i även om det bara gäller några deltagare."))


class TermForm(StepForm):
    start_date = DateField(_l("Avtalet börjar gälla"), [Optional()], invalid_value_message=DATE_ERROR)
    open_ended = BooleanField(_l("Avtalet gäller tills vidare (inget slutdatum)"))
    end_date = DateField(_l("Avtalet upphör"), [Optional()], invalid_value_message=DATE_ERROR)
    auto_renewal = BooleanField(_l("Avtalet förlängs automatiskt om ingen säger upp det"), description=_l(
        "Automatisk förlängning gör att avtalet kan löpa länge. Förlängs det utan gräns räknas värdet som om "
        "avtalet gällde i fyra år när man prövar om upphandling krävs."))
    extension_months = amount(_l("Möjlighet att förlänga (antal månader)"), description=_l(
        "Hur många månader avtalet kan förlängas genom en option, sammanlagt. Förlängningen räknas in i avtalets "
        "värde. Ange 0 om avtalet inte kan förlängas."))
    notice_months = amount(_l("Uppsägningstid (månader)"))
    renewal_after_evaluation = BooleanField(
        _l("Parterna planerar att förnya avtalet efter en utvärdering"),
        description=_l("Kryssa i om ni redan nu har bestämt att utvärdera samarbetet och sedan förnya avtalet."))

    conditions = {
        "end_date": (Condition("open_ended", negate=True, hint=_l("Gäller bara när avtalet har ett slutdatum.")),),
    }


class FollowUpForm(StepForm):
    meeting_frequency = radio(_l("Hur ofta ska parterna träffas och följa upp?"), "meeting_frequency")
    indicators = TextAreaField(_l("Vad ska ni mäta?"), description=_l(
        "Ett mått per rad, till exempel ”antal besökare per månad” eller ”andel boende som känner sig trygga”."))
    process_leaders = FieldList(FormField(ProcessLeaderForm, _l("Processledare")), _l("Processledare"),
                                min_entries=1, max_entries=20)
    lists = {"process_leaders": _l("Lägg till processledare")}


class GovernanceForm(StepForm):
    conflict_of_interest = BooleanField(_l("Någon på bolaget har en koppling till partnern"), description=_l(
        "Till exempel om någon som beslutar om avtalet sitter i partnerns styrelse, är anställd där eller är "
        "släkt med någon i ledningen. Den personen ska då inte delta i beslutet."))
    insurance_required = BooleanField(_l("Partnern ska ha en ansvarsförsäkring"))
    dispute_resolution = radio(_l("Hur löses tvister?"), "dispute_resolution")


class RenameForm(FlaskForm):
    title = StringField(_l("Nytt namn"), [InputRequired(), Length(max=SHORT_TEXT)])


class ImportForm(FlaskForm):
    file = FileField(_l("Svarsfil (JSON eller YAML)"), [FileRequired(_l("Välj en fil."))])


class ExportForm(FlaskForm):
    language = radio(_l("Språk"), "language")
    kind = RadioField(_l("Version"), default="utkast", choices=[
        SelectChoice("utkast", _l("Utkast (med markering att det inte är färdigt)")),
        SelectChoice("slutversion", _l("Slutversion")),
    ])
    with_comments = BooleanField(_l("Med kommentarer i marginalen: risker och varför varje klausul finns med"),
                                 default=True, description=_l("Gäller utkast i Word. En slutversion och en PDF har aldrig kommentarer."))
    file_format = RadioField(_l("Filformat"), default="docx", choices=[
        SelectChoice("docx", _l("Word (.docx)")),
        SelectChoice("pdf", _l("PDF (förhandsvisning)")),
    ])
