"""The pure core: answers, facts, conditions, checkpoints, clauses and the document.

Nothing in this package imports Flask or the database session; it takes plain data and
returns plain data, so the CLI, the wizard, the API and the tests call the same functions.
"""
