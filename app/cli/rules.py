"""`flask rules check [FILE]` and `flask draft assess FILE`."""
