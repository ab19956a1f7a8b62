"""Administration: organisations, users and the audit log (blueprint `admin`, under /admin)."""
