"""The staff's side of the partner's part: invite by link, accept or reject proposals, answer, see confirmations."""
from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields import SelectChoice

from ..access import allow
from ..agreement.i18n import gettext_for
from ..agreement.partner_part import BY_KEY, current_value
from ..extensions import db
from ..mail import mail_enabled, send_mail
from ..models import Agreement, Draft, PartnerInvitation
from ..models.base import now_utc
from ..partner.forms import DecisionForm, InviteForm, ReplyForm, RevokeForm
from ..services import audit_words, lifecycle, partners
from ..services.partners import PartnerRefused
from . import bp, current_lang, legal, load_draft


def partner_names(draft: Draft) -> str:
    """A fingerprint of the partners as the invitation form lists them (refused when the list has changed since)."""
    names = [str(p.get("name") or "") if isinstance(p, dict) else "" for p in draft.answers.get("partners") or []]
    return hashlib.sha256(json.dumps(names, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def invite_form(draft: Draft, form: InviteForm | None = None) -> InviteForm:
    form = form or InviteForm(formdata=None, listed=partner_names(draft))
    form.partner.choices = [SelectChoice(i, p.get("name") or _("Partner %(n)s", n=i + 1))
                            for i, p in enumerate(draft.answers.get("partners") or []) if isinstance(p, dict)]
    return form


def invitation_state(invitation: PartnerInvitation) -> str:
    if invitation.revoked:
        return _("Stängd")
    if invitation.expired():
        return _("Utgången")
    return _("Gäller")


def page(draft: Draft, status: int = 200, **extra: Any) -> tuple[str, int]:
    invitations = PartnerInvitation.of_draft(draft)
    proposals = partners.proposals_for_draft(draft)
    indexes = {i.id: partners.partner_index(i) for i in invitations}
    current = {p.id: current_value(draft.answers, BY_KEY[p.field], indexes[p.invitation_id])
               for p in proposals if p.field in BY_KEY and indexes.get(p.invitation_id) is not None}
    return render_template(
        "wizard/partner.html", draft=draft, invitations=invitations, state=invitation_state,
        open_proposals=[p for p in proposals if p.status == "open"],
        decided=[p for p in proposals if p.status in ("accepted", "rejected")][::-1], current=current,
        field_label=lambda key: _(BY_KEY[key].label) if key in BY_KEY else key,
        threads=[(i, partners.messages_of(i)) for i in invitations], confirmations=partners.confirmation_rows(draft),
        events=[e for e in partners.events(draft) if e.action in partners.PARTNER_ACTIONS
                and (e.action != "indicator_value_entered" or "partner" in (e.details or {}))], words=audit_words,
        **signed_part(draft),
        invite_form=extra.pop("invite_form", None) or invite_form(draft),
        decision_form=DecisionForm(formdata=None, version=draft.version), reply_form=ReplyForm(formdata=None),
        revoke_form=RevokeForm(formdata=None), frozen=lifecycle.is_frozen(draft), mail_on=mail_enabled(),
        **extra), status


def signed_part(draft: Draft) -> dict[str, Any]:
    """After signing: the agreement and the reports its partners have sent."""
    agreement = Agreement.of_draft(draft)
    if agreement is None:
        return {"agreement": None, "reports": [], "report_titles": {}}
    lang = current_lang()
    return {"agreement": agreement, "reports": partners.reports_of(agreement),
            "report_titles": {row.key: row.title(lang) for row in partners.report_rows(agreement)}}


@bp.route("/<public_id>/partner", endpoint="partner")
@allow("staff_own_draft")
def partner_page(public_id: str) -> Any:
    """The partners' part: links, proposals beside the current values, the threads, the confirmations."""
    draft = load_draft(public_id)
    shown = session.pop(NEW_LINK, None)
    if isinstance(shown, dict) and shown.get("draft") == draft.public_id:
        invitation = partners.invitation_of_draft(draft, str(shown.get("invitation")))
        if invitation is not None:
            return page(draft, new_link=shown.get("link"), new_invitation=invitation, mailed=shown.get("mailed"))
    return page(draft)


#: The session key that carries a new link to the one page view that shows it (then it is gone).
NEW_LINK = "new_partner_link"


def invitation_mail(draft: Draft, invitation: PartnerInvitation, link: str) -> tuple[str, str]:
    lang = draft.answers.get("language") if draft.answers.get("language") in ("sv", "en") else "sv"
    _ = gettext_for(lang)
    subject = _("Inbjudan att fylla i er del av samverkansavtalet: %(title)s", title=draft.title)
    lines = [
        _("Hej %(name)s,", name=invitation.contact_name) if invitation.contact_name else _("Hej,"),
        _("%(company)s bjuder in %(partner)s att fylla i och kontrollera er del av utkastet till samverkansavtal "
           "”%(title)s”: organisationens uppgifter, kontaktperson och firmatecknare, er egen insats och "
           "verksamhetens mål.", company=draft.organisation.name, partner=invitation.partner_name, title=draft.title),
        *([invitation.message] if invitation.message else []),
        _("Öppna länken: %(link)s", link=link),
        _("Länken gäller till och med %(day)s. Dela den inte: den som har länken kan lämna förslag för er "
           "organisation.", day=invitation.expires_at.date().isoformat()),
        _("Meddelandet kommer från Samverkansguiden. Svara inte på det; skriv i stället på sidan länken öppnar."),
    ]
    return subject, "\n\n".join(lines)


@bp.route("/<public_id>/partner/bjud-in", methods=["POST"], endpoint="partner_invite")
@allow("staff_own_draft")
def invite(public_id: str) -> Any:
    draft = load_draft(public_id)
    form = invite_form(draft, InviteForm())
    if not form.validate():
        return page(draft, 422, invite_form=form)
    if form.listed.data != partner_names(draft):  # the list changed since the page was opened (another tab)
        form.listed.data = partner_names(draft)
        form.partner.errors = [_("Utkastets partner har ändrats sedan sidan öppnades. Välj partner igen.")]
        return page(draft, 422, invite_form=form)
    if form.send.data and not form.email.data:
        form.email.errors = [_("Ange e-postadressen som länken ska skickas till.")]
        return page(draft, 422, invite_form=form)
    try:
        invitation, token = partners.invite(draft, int(form.partner.data or 0), form.contact_name.data or "",
                                            form.email.data or "", form.message.data or "", current_user)
    except PartnerRefused as refused:
        db.session.rollback()
        form.partner.errors = [refused.message]
        return page(draft, 422, invite_form=form)
    db.session.commit()  # the link is stored before any mail carries it; the rest commits at the end
    link = url_for("partner.open_page", partner_token=token, _external=True)
    mailed = None
    if form.send.data:
        subject, text = invitation_mail(draft, invitation, link)
        mailed = send_mail([invitation.email], subject, text)
        if mailed:
            invitation.mailed_at = now_utc()
        else:
            current_app.logger.warning("the invitation %s could not be mailed", invitation.public_id)
    # The link is shown once, on the page this redirects to: only its hash is kept.
    session[NEW_LINK] = {"draft": draft.public_id, "invitation": invitation.public_id, "link": link, "mailed": mailed}
    return redirect(url_for("wizard.partner", public_id=public_id) + "#new-link-heading")


def _invitation(draft: Draft, invitation_id: str) -> PartnerInvitation:
    return partners.invitation_of_draft(draft, invitation_id) or abort(404)


@bp.route("/<public_id>/partner/<invitation_id>/stang", methods=["POST"], endpoint="partner_revoke")
@allow("staff_own_draft")
def revoke(public_id: str, invitation_id: str) -> Any:
    draft = load_draft(public_id)
    invitation = _invitation(draft, invitation_id)
    if not RevokeForm().validate():
        abort(400)
    partners.revoke(invitation, current_user)
    flash(_("Länken till %(partner)s är stängd. Den som öppnar den får veta att den inte gäller längre.",
            partner=invitation.partner_name), "success")
    return redirect(url_for("wizard.partner", public_id=public_id) + "#lankar")


@bp.route("/<public_id>/partner/<invitation_id>/svar", methods=["POST"], endpoint="partner_reply")
@allow("staff_own_draft")
def reply(public_id: str, invitation_id: str) -> Any:
    draft = load_draft(public_id)
    invitation = _invitation(draft, invitation_id)
    form = ReplyForm()
    if not form.validate():
        flash(" ".join(str(e) for e in form.text.errors) or _("Formuläret kunde inte skickas. Försök igen."), "error")
        return redirect(url_for("wizard.partner", public_id=public_id) + f"#samtal-{invitation.public_id}")
    try:
        partners.add_message(invitation, form.text.data or "", actor=current_user)
    except PartnerRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("wizard.partner", public_id=public_id) + f"#samtal-{invitation.public_id}")
    flash(_("Svaret är skickat. Partnern ser det på sin sida."), "success")
    return redirect(url_for("wizard.partner", public_id=public_id) + f"#samtal-{invitation.public_id}")


@bp.route("/<public_id>/partner/forslag/<proposal_id>", methods=["POST"], endpoint="partner_decide")
@allow("staff_own_draft")
def decide(public_id: str, proposal_id: str) -> Any:
    """Accept a proposal into the answers (validated, version-checked) or reject it, with a note to the partner."""
    draft = load_draft(public_id)
    proposal = partners.find_proposal(draft, proposal_id) or abort(404)
    form = DecisionForm()
    action = request.form.get("action")
    back = redirect(url_for("wizard.partner", public_id=public_id) + "#forslag")
    if action not in ("accept", "reject") or not form.validate():
        flash(" ".join(str(e) for e in form.note.errors) or _("Formuläret kunde inte skickas. Försök igen."), "error")
        return back
    try:
        partners.decide(proposal, action == "accept", form.note.data or "", current_user, form.version.data,
                        current_lang())
        db.session.flush()  # the version check (committed at the end of the request)
    except PartnerRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return back
    except StaleDataError:
        db.session.rollback()
        flash(_("Utkastet sparades samtidigt av någon annan. Titta på förslaget igen mot det som gäller nu."), "error")
        return back
    if action == "accept":
        legal.void_after_change(draft)
        flash(_("Förslaget är infört i utkastet: %(field)s.", field=_(BY_KEY[proposal.field].label)), "success")
    else:
        flash(_("Förslaget är avböjt. Partnern ser det och din kommentar på sin sida."), "success")
    return back
