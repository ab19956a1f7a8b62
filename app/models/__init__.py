"""Database models, one module per aggregate."""
from .audit import AuditEvent
from .clause import Clause, ClauseVersion, LibraryState
from .draft import Draft
from .export import Export
from .user import Organisation, PasswordReset, User

__all__ = ["AuditEvent", "Clause", "ClauseVersion", "Draft", "Export", "LibraryState", "Organisation", "PasswordReset",
           "User"]
