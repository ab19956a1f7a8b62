"""The people of the browser tests: one organisation, a staff user, reviewers and an admin."""
from __future__ import annotations

PASSWORD = "correct horse battery"
ORGANISATION = ("Exempelbo AB", "556677-8899")
STAFF = "handlaggare@exempelbo.se"
REVIEWER = "jurist1@exempelbo.se"
REVIEWER2 = "jurist2@exempelbo.se"
ADMIN = "admin@exempelbo.se"
LAWYER = "bolagsjurist@exempelbo.se"  # a reviewer of the organisation: reads and approves its drafts
