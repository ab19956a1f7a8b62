"""Database models, one module per aggregate."""
from .audit import AuditEvent
from .clause import Clause, ClauseVersion
from .draft import Draft
from .export import Export
from .user import Organisation, User

__all__ = ["AuditEvent", "Clause", "ClauseVersion", "Draft", "Export", "Organisation", "User"]
