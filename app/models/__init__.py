"""Database models, one module per aggregate."""
from .audit import AuditEvent
from .clause import Clause, ClauseVersion, LibraryState
from .draft import Draft
from .export import Export
from .legal_review import Approval, Comment, CommentThread, DraftReview, Judgment
from .user import Organisation, PasswordReset, User

__all__ = ["Approval", "AuditEvent", "Clause", "ClauseVersion", "Comment", "CommentThread", "Draft", "DraftReview",
           "Export", "Judgment", "LibraryState", "Organisation", "PasswordReset", "User"]
