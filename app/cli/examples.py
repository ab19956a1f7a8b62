"""`flask examples list|show ID`."""
