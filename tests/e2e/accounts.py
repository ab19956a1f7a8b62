"""The people of the browser tests: one organisation, a staff user, two reviewers and an admin."""
from __future__ import annotations

PASSWORD = "correct horse battery"
ORGANISATION = ("Exempelbo AB", "556677-8899")
STAFF = "handlaggare@exempelbo.se"
REVIEWER = "jurist1@exempelbo.se"
REVIEWER2 = "jurist2@exempelbo.se"
ADMIN = "admin@exempelbo.se"
