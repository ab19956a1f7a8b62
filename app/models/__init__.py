"""Database models, one module per aggregate."""
from .agreement import (Agreement, AgreementVersion, CalendarFeed, DeadlineDone, IndicatorSetting,
                        IndicatorValue, ReminderSent, SignedCopy)
from .audit import AuditEvent
from .clause import Clause, ClauseVersion, LibraryState
from .draft import Draft
from .export import Export
from .legal_review import Approval, Comment, CommentThread, DraftReview, Judgment
from .partner import PartnerConfirmation, PartnerInvitation, PartnerMessage, PartnerProposal, PartnerReport
from .user import Organisation, PasswordReset, User

__all__ = ["Agreement", "AgreementVersion", "CalendarFeed", "DeadlineDone", "IndicatorSetting", "IndicatorValue",
           "ReminderSent", "SignedCopy", "Approval", "AuditEvent", "Clause", "ClauseVersion", "Comment", "CommentThread", "Draft", "DraftReview",
           "Export", "Judgment", "LibraryState", "Organisation", "PartnerConfirmation", "PartnerInvitation",
           "PartnerMessage", "PartnerProposal", "PartnerReport", "PasswordReset", "User"]
