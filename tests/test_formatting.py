

def test_every_amount_is_formatted_by_babel_alone():
    # The risk texts (describe) and the documents (formatting) write the same value the same way.
    from app.agreement.checkpoints import describe
    from app.agreement import formatting

    for value in (0, 7, 700_000, 2_389_585, 10.8126, 10.81255, 0.5, 12.0, 1e16, 123456789012345678):
        for lang in ("sv", "en"):
            assert describe.amount(value, "sek", lang) == formatting.sek(value, lang)
            assert describe.amount(value, "eur", lang) == formatting.eur(value, lang)
            assert describe.amount(value, "", lang) == formatting.number(value, lang)
    assert describe.number is formatting.number
