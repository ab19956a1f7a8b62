

def test_every_amount_is_formatted_by_babel_alone():
    # The risk texts (conditions.words) and the documents (formatting) write the same value the same way.
    from app.agreement.conditions import words
    from app.agreement import formatting

    for value in (0, 7, 700_000, 2_389_585, 10.8126, 10.81255, 0.5, 12.0, 1e16, 123456789012345678):
        for lang in ("sv", "en"):
            assert words.amount(value, "sek", lang) == formatting.sek(value, lang)
            assert words.amount(value, "eur", lang) == formatting.eur(value, lang)
            assert words.amount(value, "", lang) == formatting.number(value, lang)
    assert words.number is formatting.number
