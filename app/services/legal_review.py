"""Legal review of a draft: send it to a reviewer, judge its findings, comment, approve or return it.

utkast (draft) → hos jurist (in_review) → godkänt för underskrift (approved), or back to utkast.
A judgment stores the finding's basis (the exact facts it fired on, `Finding.basis`) and lapses
when a later assessment gives another basis. An approval is given for one draft version and
the clause versions its document uses (pinned at approval); any change afterwards voids it.
Operations flush; the request commits and then sends the returned notices.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..agreement.answers import AnswersError, validate
from ..agreement.checkpoints import RulesError
from ..agreement.conditions import context_for
from ..extensions import db
from ..models import Approval, Comment, CommentThread, Draft, DraftReview, Judgment, User
from ..models.audit import record
from ..models.base import now_utc
from ..request_memo import memo
from ..models.legal_review import ANCHOR_KINDS, VERDICTS
from . import documents, exports, pins

JUDGED = ("stop", "warning")  # the severities a reviewer judges
MESSAGE_MAX = 5000


class ReviewRefused(Exception):
    """The review action cannot be taken; `message` says why, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Notice:
    """A notification to send once the request has committed: who, about which draft, what happened."""

    kind: str  # sent | comment | returned | approved | voided
    recipients: tuple[User, ...]
    draft: Draft
    actor: User | None
    text: str = ""


@dataclass(frozen=True)
class JudgmentView:
    """The newest judgment of a finding as it stands now: current, or lapsed because the facts changed."""

    judgment: Judgment
    lapsed: bool
    changed: list[str] = field(default_factory=list)  # the paths whose values changed

    @property
    def accepted(self) -> bool:
        return not self.lapsed and self.judgment.verdict == "accepted"


# --- status -------------------------------------------------------------------------------------

def state_of(draft: Draft) -> DraftReview:
    """Return the draft's review row, creating it (as utkast) the first time."""
    state = db.session.execute(select(DraftReview).filter_by(draft_id=draft.id)).scalar_one_or_none()
    if state is None:
        state = DraftReview(draft_id=draft.id, organisation_id=draft.organisation_id, status="draft", message="")
        db.session.add(state)
        db.session.flush()
    return state


def peek_state(draft: Draft) -> DraftReview:
    """Return the draft's review row, or an unsaved utkast row when it has none (nothing is written)."""
    state = memo(("review_state", draft.id), lambda: db.session.execute(
        select(DraftReview).filter_by(draft_id=draft.id).options(joinedload(DraftReview.changed_by))
    ).scalar_one_or_none())
    return state or DraftReview(draft_id=draft.id, organisation_id=draft.organisation_id, status="draft", message="")


def states_for(drafts: Iterable[Draft]) -> dict[int, DraftReview]:
    """Return draft id -> review row for a page of drafts, in one query (drafts without one are utkast)."""
    ids = [d.id for d in drafts]
    if not ids:
        return {}
    rows = db.session.execute(select(DraftReview).where(DraftReview.draft_id.in_(ids))).scalars()
    return {row.draft_id: row for row in rows}


def _set_status(state: DraftReview, status: str, actor: User | None) -> None:
    state.status, state.changed_by_id, state.changed_at = status, getattr(actor, "id", None), now_utc()


def reviewers_of(organisation_id: int) -> list[User]:
    """Return the active legal reviewers of an organisation, by e-mail."""
    return memo(("reviewers_of", organisation_id), lambda: list(db.session.execute(
        select(User).filter_by(role="reviewer", organisation_id=organisation_id, active=True)
        .order_by(User.email)).scalars()))


def _recipients_in_review(draft: Draft, state: DraftReview) -> tuple[User, ...]:
    if state.reviewer is not None and state.reviewer.active:
        return (state.reviewer,)
    return tuple(reviewers_of(draft.organisation_id))


def send_for_review(draft: Draft, actor: User, reviewer_id: int | None, message: str) -> list[Notice]:
    """Send a complete draft to legal review, to one reviewer of the organisation or to all of them."""
    state = state_of(draft)
    if state.status == "in_review":
        raise ReviewRefused(_("Utkastet är redan hos jurist."))
    try:
        validate(draft.answers)
    except AnswersError:
        raise ReviewRefused(_("Utkastet är inte komplett. Fyll i det som saknas innan du skickar det till "
                              "jurist.")) from None
    reviewer = None
    if reviewer_id is not None:
        reviewer = next((r for r in reviewers_of(draft.organisation_id) if r.id == reviewer_id), None)
        if reviewer is None:
            raise ReviewRefused(_("Välj en jurist i din organisation, eller ingen särskild."))
    elif not reviewers_of(draft.organisation_id):
        raise ReviewRefused(_("Din organisation har ingen jurist i Samverkansguiden än. Be en administratör "
                              "lägga upp en användare med rollen granskare."))
    void_if_changed(draft, actor)
    _set_status(state, "in_review", actor)
    state.reviewer_id, state.sent_at, state.message = getattr(reviewer, "id", None), now_utc(), message.strip()
    db.session.flush()
    db.session.refresh(state, ["reviewer"])
    record("draft_sent_for_review", actor=actor, target_type="draft", target_id=draft.public_id,
           reviewer=getattr(reviewer, "email", None), message=state.message)
    return [Notice("sent", _recipients_in_review(draft, state), draft, actor, state.message)]


def queue(reviewer: User) -> list[tuple[Draft, DraftReview]]:
    """Return the drafts in review sent to this reviewer or to anyone of the organisation, oldest first."""
    if reviewer.organisation_id is None:
        return []
    rows = db.session.execute(
        select(Draft, DraftReview).join(DraftReview, DraftReview.draft_id == Draft.id)
        .where(DraftReview.organisation_id == reviewer.organisation_id, DraftReview.status == "in_review",
               (DraftReview.reviewer_id.is_(None)) | (DraftReview.reviewer_id == reviewer.id),
               Draft.archived_at.is_(None))
        .options(joinedload(Draft.owner)).order_by(DraftReview.sent_at, DraftReview.id)).all()
    return [(d, s) for d, s in rows]


def draft_for_reviewer(public_id: str, reviewer: User) -> Draft | None:
    """Return the draft when it is of the reviewer's organisation and has been sent for review (else None)."""
    if reviewer.organisation_id is None:
        return None
    return db.session.execute(
        select(Draft).join(DraftReview, DraftReview.draft_id == Draft.id)
        .where(Draft.public_id == public_id, Draft.organisation_id == reviewer.organisation_id,
               Draft.archived_at.is_(None), DraftReview.status.in_(("in_review", "approved")))).scalar_one_or_none()


def return_to_draft(draft: Draft, actor: User, message: str) -> list[Notice]:
    """Send the draft back to its author as utkast, with a message saying what to change."""
    state = state_of(draft)
    if state.status != "in_review":
        raise ReviewRefused(_("Bara ett utkast som är hos jurist kan skickas tillbaka."))
    _set_status(state, "draft", actor)
    state.message = message.strip()
    record("draft_returned", actor=actor, target_type="draft", target_id=draft.public_id, message=state.message)
    return [Notice("returned", _owner(draft), draft, actor, state.message)]


def _owner(draft: Draft) -> tuple[User, ...]:
    return (draft.owner,) if draft.owner is not None and draft.owner.active else ()


# --- judgments ----------------------------------------------------------------------------------

def current_findings(draft: Draft, lang: str, *, strict: bool = False) -> list[dict[str, Any]]:
    """Return the draft's findings as they are now (JSON), or [] when the draft is not complete.

    When the rules file cannot be read there are no findings to show; `strict` (judging,
    approving) refuses instead, so that nothing is approved without its assessment.
    """
    try:
        answers = validate(draft.answers)
    except AnswersError:
        return []
    try:
        return list(documents.assess_answers(answers, lang=lang).to_json()["findings"])
    except (RulesError, OSError):
        if strict:
            raise ReviewRefused(_("Riskbedömningen kan inte göras just nu: regelfilen med kontrollpunkterna går "
                                  "inte att läsa. Försök igen när en administratör har rättat den.")) from None
        return []


def latest_judgments(draft: Draft) -> dict[str, Judgment]:
    """Return finding id -> the newest judgment of it."""
    rows = db.session.execute(select(Judgment).filter_by(draft_id=draft.id).options(joinedload(Judgment.judged_by))
                              .order_by(Judgment.judged_at, Judgment.id)).scalars()
    return {row.finding_id: row for row in rows}


def judgments_now(draft: Draft, findings: Iterable[dict[str, Any]]) -> dict[str, JudgmentView]:
    """Return, per finding that fires now, its newest judgment and whether it has lapsed."""
    latest = latest_judgments(draft)
    result = {}
    for finding in findings:
        judgment = latest.get(finding["id"])
        if judgment is None:
            continue
        now, then = finding.get("basis") or {}, judgment.basis or {}
        changed = sorted(k for k in set(now) | set(then) if now.get(k) != then.get(k))
        result[finding["id"]] = JudgmentView(judgment, bool(changed), changed)
    return result


def judge(draft: Draft, finding_id: str, verdict: str, reason: str, actor: User, lang: str) -> Judgment:
    """Record a judgment of a finding that fires now, with the facts it fires on; godtagen needs a reason."""
    if verdict not in VERDICTS:
        raise ReviewRefused(_("Välj godtagen eller måste ändras."))
    finding = next((f for f in current_findings(draft, lang, strict=True) if f["id"] == finding_id), None)
    if finding is None or finding["severity"] not in JUDGED:
        raise ReviewRefused(_("Kontrollpunkten gäller inte längre utkastet: svaren har ändrats. Ladda om sidan."))
    reason = reason.strip()
    if verdict == "accepted" and len(reason) < 10:
        raise ReviewRefused(_("Skriv varför kontrollpunkten kan godtas (minst 10 tecken), till exempel ”bidraget "
                              "är ett genuint bidrag: ingen motprestation, återbetalning avtalad”."))
    judgment = Judgment(draft_id=draft.id, finding_id=finding_id, severity=finding["severity"], verdict=verdict,
                        reason=reason, basis=dict(finding.get("basis") or {}), judged_by_id=actor.id)
    db.session.add(judgment)
    db.session.flush()
    record("finding_judged", actor=actor, target_type="draft", target_id=draft.public_id, finding=finding_id,
           verdict=verdict, reason=reason, basis=judgment.basis)
    return judgment


def cleared(draft: Draft, findings: Iterable[dict[str, Any]]) -> set[str]:
    """Return the ids of the findings a current judgment accepts (the stops the final may then pass)."""
    return {fid for fid, view in judgments_now(draft, list(findings)).items() if view.accepted}


# --- approval -----------------------------------------------------------------------------------

def _document_versions(draft: Draft, lang: str) -> list[dict[str, Any]]:
    """Return the clause versions the draft's document uses now, as an export records them."""
    answers = validate(draft.answers)
    pool = exports.clause_pool(draft)
    if pool is None:
        raise ReviewRefused(_("Klausulbiblioteket är tomt, så inget avtal kan godkännas än."))
    facts, fired, parameters, _assessment = documents.assess_for_document(answers, lang=lang)
    chosen = exports.choose_clauses(pool, context_for(answers, facts, parameters, fired))
    entries, withdrawn = pool
    if any(c.id in withdrawn for c in chosen):
        raise ReviewRefused(_("Utkastet använder en klausul som har dragits tillbaka ur biblioteket. Den måste tas "
                              "bort ur utkastet innan det kan godkännas."))
    return [{"clause": c.id, "version_id": entries[c.id].version_id, "content_hash": entries[c.id].content_hash}
            for c in chosen]


def blocking(draft: Draft, findings: list[dict[str, Any]]) -> list[str]:
    """Return why the draft cannot be approved now: stops not accepted, findings that must change."""
    views = judgments_now(draft, findings)
    reasons = []
    for finding in findings:
        view = views.get(finding["id"])
        if finding["severity"] == "stop" and (view is None or not view.accepted):
            reasons.append(_("Stoppet ”%(title)s” är inte godtaget.", title=finding["title"]))
        elif view is not None and not view.lapsed and view.judgment.verdict == "must_change":
            reasons.append(_("”%(title)s” är bedömd som att avtalet måste ändras.", title=finding["title"]))
    return reasons


def approve(draft: Draft, actor: User, note: str, lang: str) -> list[Notice]:
    """Approve the draft for signing: for this version and the clause versions its document uses now."""
    state = state_of(draft)
    if state.status != "in_review":
        raise ReviewRefused(_("Bara ett utkast som är hos jurist kan godkännas."))
    findings = current_findings(draft, lang, strict=True)
    if not findings and not _complete(draft):
        raise ReviewRefused(_("Utkastet är inte komplett och kan inte godkännas."))
    problems = blocking(draft, findings)
    if problems:
        raise ReviewRefused(" ".join([_("Utkastet kan inte godkännas än:"), *problems]))
    versions = _document_versions(draft, lang)
    pins.set_pins(draft, {item["clause"]: item["version_id"] for item in versions})
    db.session.flush()
    views = judgments_now(draft, findings)
    titles = {f["id"]: f["title"] for f in findings}
    judged = [_judgment_record(view.judgment, titles.get(fid, fid)) for fid, view in views.items() if not view.lapsed]
    approval = Approval(draft_id=draft.id, approved_by_id=actor.id, draft_version=draft.version,
                        clause_versions=versions, judgments=judged, note=note.strip(), voided_reason="")
    db.session.add(approval)
    _set_status(state, "approved", actor)
    db.session.flush()
    record("draft_approved", actor=actor, target_type="draft", target_id=draft.public_id,
           draft_version=draft.version, clauses={item["clause"]: item["version_id"] for item in versions},
           judgments=[{"finding": j["finding"], "verdict": j["verdict"]} for j in judged])
    return [Notice("approved", _owner(draft), draft, actor, approval.note)]


def _complete(draft: Draft) -> bool:
    try:
        validate(draft.answers)
    except AnswersError:
        return False
    return True


def _judgment_record(judgment: Judgment, title: str) -> dict[str, Any]:
    return {"finding": judgment.finding_id, "title": title, "severity": judgment.severity,
            "verdict": judgment.verdict, "reason": judgment.reason,
            "by": judgment.judged_by.email if judgment.judged_by else "",
            "at": judgment.judged_at.isoformat(timespec="minutes")}


def _approvals(draft: Draft) -> list[Approval]:
    """Return the draft's approvals, newest first, with their approvers (one query per request)."""
    return memo(("approvals", draft.id), lambda: list(db.session.execute(
        select(Approval).filter_by(draft_id=draft.id).options(joinedload(Approval.approved_by))
        .order_by(Approval.id.desc())).scalars()))


def current_approval(draft: Draft) -> Approval | None:
    """Return the newest approval not voided."""
    return next((a for a in _approvals(draft) if a.voided_at is None), None)


def last_voided(draft: Draft) -> Approval | None:
    """Return the newest voided approval, for the page that says an approval no longer holds."""
    return next((a for a in _approvals(draft) if a.voided_at is not None), None)


def approval_holds(draft: Draft, approval: Approval | None) -> bool:
    """Return whether an approval still covers the draft: same version, same pinned clause versions."""
    if approval is None or approval.voided_at is not None:
        return False
    pinned = {item["clause"]: item["version_id"] for item in approval.clause_versions}
    return approval.draft_version == draft.version and all(
        (draft.clause_pins or {}).get(key) == version for key, version in pinned.items())


def void_if_changed(draft: Draft, actor: User | None) -> list[Notice]:
    """Void the approval when the answers or the clause versions have changed since; the draft is utkast again."""
    approval = current_approval(draft)
    if approval is None or approval_holds(draft, approval):
        return []
    approval.voided_at, approval.voided_by_id = now_utc(), getattr(actor, "id", None)
    approval.voided_reason = "answers_changed" if approval.draft_version != draft.version else "clauses_changed"
    state = state_of(draft)
    if state.status == "approved":
        _set_status(state, "draft", actor)
    record("approval_voided", actor=actor, target_type="draft", target_id=draft.public_id,
           reason=approval.voided_reason, approved_version=approval.draft_version, draft_version=draft.version)
    recipient = (approval.approved_by,) if approval.approved_by is not None and approval.approved_by.active else ()
    return [Notice("voided", recipient, draft, actor, approval.voided_reason)]


def export_record(draft: Draft, findings: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """Return the legal review an export is made under: its approval and the judgments (None: never reviewed)."""
    findings = list(findings)
    views = judgments_now(draft, findings)
    approval = current_approval(draft)
    holds = approval_holds(draft, approval)
    if not views and not holds:
        return None
    titles = {f["id"]: f["title"] for f in findings}
    return {
        "approval": None if not holds else {
            "by": approval.approved_by.email if approval.approved_by else "",
            "at": approval.approved_at.isoformat(timespec="minutes"), "draft_version": approval.draft_version,
            "note": approval.note},
        "judgments": [{**_judgment_record(view.judgment, titles.get(fid, fid)), "lapsed": view.lapsed}
                      for fid, view in views.items()],
    }


# --- comments -----------------------------------------------------------------------------------

def threads(draft: Draft) -> list[CommentThread]:
    """Return every comment thread of the draft with its comments and authors, open ones first."""
    rows = db.session.execute(select(CommentThread).filter_by(draft_id=draft.id)
                              .options(joinedload(CommentThread.comments).joinedload(Comment.author))
                              .order_by(CommentThread.created_at, CommentThread.id)).unique().scalars()
    return sorted(rows, key=lambda t: not t.is_open)


def add_comment(draft: Draft, kind: str, key: str, body: str, actor: User) -> list[Notice]:
    """Add a comment to the thread of an anchor (created on first use); a new comment reopens it."""
    body = body.strip()
    if kind not in ANCHOR_KINDS or not key or len(key) > 80:
        raise ReviewRefused(_("Kommentaren måste gälla ett steg, en kontrollpunkt eller en klausul."))
    if not body:
        raise ReviewRefused(_("Skriv en kommentar."))
    if len(body) > MESSAGE_MAX:
        raise ReviewRefused(_("Kommentaren får vara högst %(max)s tecken.", max=MESSAGE_MAX))
    thread = db.session.execute(select(CommentThread).filter_by(draft_id=draft.id, anchor_kind=kind,
                                                                anchor_key=key)).scalar_one_or_none()
    if thread is None:
        thread = CommentThread(draft_id=draft.id, anchor_kind=kind, anchor_key=key)
        db.session.add(thread)
    thread.resolved_at, thread.resolved_by_id = None, None
    thread.comments.append(Comment(body=body, author_id=actor.id))
    db.session.flush()
    record("draft_commented", actor=actor, target_type="draft", target_id=draft.public_id, anchor=f"{kind}:{key}")
    if actor.is_reviewer:
        to = _owner(draft)
    else:
        state = state_of(draft)
        to = tuple(u for u in {c.author for c in thread.comments if c.author is not None and c.author.is_reviewer}
                   if u.active) or (_recipients_in_review(draft, state) if state.status == "in_review" else ())
    return [Notice("comment", tuple(u for u in to if u.id != actor.id), draft, actor, "")]


def set_resolved(draft: Draft, thread_id: int, resolved: bool, actor: User) -> CommentThread:
    """Mark a thread resolved, or open again."""
    thread = db.session.execute(select(CommentThread).filter_by(id=thread_id, draft_id=draft.id)).scalar_one_or_none()
    if thread is None:
        raise ReviewRefused(_("Kommentarstråden finns inte."))
    thread.resolved_at = now_utc() if resolved else None
    thread.resolved_by_id = actor.id if resolved else None
    record("comment_thread_resolved" if resolved else "comment_thread_reopened", actor=actor, target_type="draft",
           target_id=draft.public_id, anchor=f"{thread.anchor_kind}:{thread.anchor_key}")
    return thread


def history(draft: Draft) -> dict[str, Any]:
    """Return what the pages show of the review: status, approval (holding or voided)."""
    state = peek_state(draft)
    approval = current_approval(draft)
    return {"state": state, "approval": approval if approval_holds(draft, approval) else None,
            "voided": last_voided(draft) if state.status != "approved" else None}


def export_terms(draft: Draft, lang: str) -> tuple[frozenset[str], dict[str, Any] | None]:
    """Return what an export of the draft is made under: the stops it may pass, and the review record.

    Only an approval that still holds clears a stop: a judgment alone leaves the final refused.
    """
    findings = current_findings(draft, lang)
    review = export_record(draft, findings)
    if review is None or review.get("approval") is None:
        return frozenset(), review
    return frozenset(cleared(draft, findings)), review
