"""Who may use each route: declared next to the route with @allow, enforced here.

Each policy says what every kind of visitor meets, so the access-matrix test can check the
declaration against what the app really does; a route without a declaration fails that test.
Object-level rules (a draft belongs to one organisation) are enforced where the object is
loaded (`Draft.for_organisation`), and answered with 404 so that ids reveal nothing.
"""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable

from flask import abort
from flask_login import current_user

from .extensions import login_manager

OK, LOGIN, FORBIDDEN, NOT_FOUND, GONE = "ok", "login", "forbidden", "not_found", "gone"
PERSONAS = ("anonymous", "staff_a", "staff_b", "reviewer", "reviewer_b", "admin",
            "link_valid", "link_revoked", "link_other_draft")
#: Visitors with no account who hold a partner's link (app/partner): a valid one to staff_a's draft,
#: a revoked one to it, and a valid one to another organisation's draft. Anywhere but the partner's
#: pages they are anonymous visitors.
LINK_HOLDERS = ("link_valid", "link_revoked", "link_other_draft")

# persona -> outcome; staff_a owns the objects in a route's URL (a draft sent for legal review),
# staff_b is another organisation's staff; reviewer is a legal reviewer of staff_a's organisation,
# reviewer_b one of the other organisation.
POLICIES: dict[str, dict[str, str]] = {
    "public": dict(anonymous=OK, staff_a=OK, staff_b=OK, reviewer=OK, reviewer_b=OK, admin=OK),
    "signed_in": dict(anonymous=LOGIN, staff_a=OK, staff_b=OK, reviewer=OK, reviewer_b=OK, admin=OK),
    "staff": dict(anonymous=LOGIN, staff_a=OK, staff_b=OK, reviewer=FORBIDDEN, reviewer_b=FORBIDDEN,
                  admin=FORBIDDEN),
    "staff_own_draft": dict(anonymous=LOGIN, staff_a=OK, staff_b=NOT_FOUND, reviewer=FORBIDDEN,
                            reviewer_b=FORBIDDEN, admin=FORBIDDEN),
    "reviewer": dict(anonymous=LOGIN, staff_a=FORBIDDEN, staff_b=FORBIDDEN, reviewer=OK, reviewer_b=OK,
                     admin=FORBIDDEN),
    # A draft of the reviewer's own organisation that has been sent for review (else 404).
    "reviewer_sent_draft": dict(anonymous=LOGIN, staff_a=FORBIDDEN, staff_b=FORBIDDEN, reviewer=OK,
                                reviewer_b=NOT_FOUND, admin=FORBIDDEN),
    # The organisation's signed agreements as a whole (portfolio, deadlines, register): its staff and
    # its lawyers, each seeing their own organisation's.
    "org_reader": dict(anonymous=LOGIN, staff_a=OK, staff_b=OK, reviewer=OK, reviewer_b=OK, admin=FORBIDDEN),
    # One signed agreement: read by its organisation's staff and lawyers (else 404) ...
    "agreement_reader": dict(anonymous=LOGIN, staff_a=OK, staff_b=NOT_FOUND, reviewer=OK, reviewer_b=NOT_FOUND,
                             admin=FORBIDDEN),
    # ... and changed (signed copy, deadlines done, tillägg, indicator values) by its staff only.
    "staff_own_agreement": dict(anonymous=LOGIN, staff_a=OK, staff_b=NOT_FOUND, reviewer=FORBIDDEN,
                                reviewer_b=FORBIDDEN, admin=FORBIDDEN),
    "admin": dict(anonymous=LOGIN, staff_a=FORBIDDEN, staff_b=FORBIDDEN, reviewer=FORBIDDEN, reviewer_b=FORBIDDEN,
                  admin=OK),
    # The partner's pages: the token in the URL is the key. Each visitor comes with the link they
    # hold (staff and anonymous visitors with none: a made-up token); a revoked or expired link is
    # "gone" (410) and names nothing of its draft; another draft's link opens that draft only.
    "partner_link": dict(anonymous=NOT_FOUND, staff_a=NOT_FOUND, staff_b=NOT_FOUND, reviewer=NOT_FOUND,
                         reviewer_b=NOT_FOUND, admin=NOT_FOUND, link_valid=OK, link_revoked=GONE,
                         link_other_draft=OK),
    # ... and a page naming an object of the draft (an indicator): another draft's link gets 404.
    "partner_link_object": dict(anonymous=NOT_FOUND, staff_a=NOT_FOUND, staff_b=NOT_FOUND, reviewer=NOT_FOUND,
                                reviewer_b=NOT_FOUND, admin=NOT_FOUND, link_valid=OK, link_revoked=GONE,
                                link_other_draft=NOT_FOUND),
}
for _policy in POLICIES.values():
    for _holder in LINK_HOLDERS:
        _policy.setdefault(_holder, _policy["anonymous"])

_ROLE_CHECKS: dict[str, Callable[[Any], bool] | None] = {
    "public": None,
    "signed_in": lambda user: True,
    "staff": lambda user: user.is_staff,
    "staff_own_draft": lambda user: user.is_staff,
    "reviewer": lambda user: user.is_reviewer,
    "reviewer_sent_draft": lambda user: user.is_reviewer,
    "org_reader": lambda user: user.is_staff or user.is_reviewer,
    "agreement_reader": lambda user: user.is_staff or user.is_reviewer,
    "staff_own_agreement": lambda user: user.is_staff,
    "admin": lambda user: user.is_admin,
    "partner_link": None,
    "partner_link_object": None,
}


def allow(policy: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare and enforce who may use a view: put it directly under @bp.route."""
    if policy not in POLICIES:
        raise ValueError(f"unknown access policy {policy!r}")
    check = _ROLE_CHECKS[policy]

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if check is not None:
                if not current_user.is_authenticated:
                    return login_manager.unauthorized()
                if not check(current_user):
                    abort(403)
            return view(*args, **kwargs)

        guarded.access_policy = policy  # type: ignore[attr-defined]
        return guarded

    return decorate


def policy_of(view: Callable[..., Any]) -> str | None:
    """Return the policy declared on a view function, if any."""
    return getattr(view, "access_policy", None)
