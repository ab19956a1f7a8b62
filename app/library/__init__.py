"""The clause library for legal reviewers (blueprint `library`, under /bibliotek)."""
