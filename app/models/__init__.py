"""Database models, one module per aggregate."""
from .audit import AuditEvent
from .draft import Draft
from .user import Organisation, User

__all__ = ["AuditEvent", "Draft", "Organisation", "User"]
