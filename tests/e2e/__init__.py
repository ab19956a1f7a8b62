"""Browser tests: the app served on loopback, driven in Chromium."""
