"""`flask draft render FILE -o OUT.docx`."""
