"""The rules of a Sachstand and of saving a form that the store and both faces share."""

from datetime import date

import pytest

from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.merge import changed_by_both, changed_values, review_changes, review_to_write
from massnahmen.domain.reviews import check_next_review, needs_next_review, next_review_for, proposed_next_review

TODAY = date(2026, 11, 21)
SHOWN = {"note": "", "status": "in_umsetzung", "assessment": "gruen", "next": "21.05.2027"}


def test_the_next_review_is_proposed_six_months_ahead_for_open_measures_only():
    assert proposed_next_review(TODAY) == date(2027, 5, 21)
    assert proposed_next_review(date(2026, 8, 31)) == date(2027, 2, 28)  # clamped to the month's end
    assert next_review_for(TODAY, "in_umsetzung", None) == date(2027, 5, 21)
    assert next_review_for(TODAY, "umgesetzt", None) is None and not needs_next_review("umgesetzt")
    assert next_review_for(TODAY, "umgesetzt", date(2027, 1, 1)) == date(2027, 1, 1)


def test_the_next_review_may_not_lie_before_the_sachstand():
    check_next_review(TODAY, TODAY)
    check_next_review(None, TODAY)
    with pytest.raises(InvalidValue) as exc:
        check_next_review(date(2026, 11, 20), TODAY)
    assert exc.value.message == "Nächste Wiedervorlage: liegt vor dem Datum des Sachstands"


def test_only_changed_values_are_written():
    read = {"title": "Alt", "assessment": "gelb", "notes": ""}
    assert changed_values(read, {"title": "Neu", "assessment": "gelb", "notes": ""}) == {"title": "Neu"}
    assert changed_values(read, {"title": "Alt", "assessment": "", "notes": ""}) == {"assessment": ""}
    assert changed_values(read, dict(read)) == {}


def test_a_note_alone_keeps_status_ampel_and_lets_the_store_propose():
    entered = SHOWN | {"note": "Nur eine Notiz"}
    assert review_to_write(SHOWN, entered, read_review_date=date(2027, 1, 1), stored_review_date=date(2027, 1, 1),
                           today=TODAY) == {"note": "Nur eine Notiz", "status": None, "assessment": None,
                                            "clear_assessment": False, "next_review": None}


def test_the_officers_changes_are_written():
    entered = SHOWN | {"note": "x", "status": "umgesetzt", "assessment": "rot", "next": ""}
    values = review_to_write(SHOWN, entered, read_review_date=None, stored_review_date=None, today=TODAY)
    assert values == {"note": "x", "status": "umgesetzt", "assessment": "rot", "clear_assessment": False,
                      "next_review": None}
    entered = SHOWN | {"note": "x", "next": "01.03.2027"}
    values = review_to_write(SHOWN, entered, read_review_date=None, stored_review_date=date(2027, 2, 1), today=TODAY)
    assert values["next_review"] == "01.03.2027"  # the officer's date wins over the colleague's


def test_trotzdem_uebernehmen_keeps_a_colleagues_future_wiedervorlage():
    entered = SHOWN | {"note": "x"}
    kept = review_to_write(SHOWN, entered, read_review_date=date(2026, 12, 1), stored_review_date=date(2027, 2, 1),
                           today=TODAY)
    assert kept["next_review"] == date(2027, 2, 1) and kept["status"] is None and kept["assessment"] is None
    passed = review_to_write(SHOWN, entered, read_review_date=date(2026, 12, 1),
                             stored_review_date=date(2026, 11, 1), today=TODAY)
    assert passed["next_review"] is None  # a colleague's date already past gives way to the proposal
    cleared = review_to_write(SHOWN, entered, read_review_date=date(2026, 12, 1), stored_review_date=None,
                              today=TODAY)
    assert cleared["next_review"] is None


def test_an_ampel_chosen_again_as_it_was_is_no_change():
    entered = SHOWN | {"note": "x", "assessment": "gruen", "status": "in_umsetzung"}  # chosen again in the lists
    values = review_to_write(SHOWN, entered, read_review_date=None, stored_review_date=None, today=TODAY)
    assert (values["status"], values["assessment"], values["clear_assessment"]) == (None, None, False)
    assert review_changes(SHOWN, entered) == {}
    reset = review_to_write(SHOWN, SHOWN | {"note": "x", "assessment": None}, read_review_date=None,
                            stored_review_date=None, today=TODAY)
    assert (reset["assessment"], reset["clear_assessment"]) == (None, True)


def test_what_both_changed_in_a_sachstand_is_found_and_the_colleagues_value_can_stay():
    entered = SHOWN | {"note": "x", "assessment": "rot", "next": "01.03.2027"}
    mine = review_changes(SHOWN, entered)
    assert mine == {"assessment": "rot", "review_date": "01.03.2027"}
    theirs = [{"attribute": "assessment", "new": "gelb", "author": "Kolja"}, {"attribute": "title", "new": "T"}]
    assert list(changed_by_both(mine, theirs)) == ["assessment"]
    kept = review_to_write(SHOWN, entered, read_review_date=None, stored_review_date=None, today=TODAY,
                           keep_theirs={"assessment"})
    assert (kept["assessment"], kept["clear_assessment"], kept["next_review"]) == (None, False, "01.03.2027")


def test_weeks_later_reads_plus_weeks_and_refuses_the_rest():
    from massnahmen.domain.dates import weeks_later

    assert [weeks_later(t, label="W") for t in ("+4", "+ 4 Wochen", "+2w", "01.02.2027", "")] == [4, 4, 2, None, None]
    for bad, message in (("+x", "„+x“ verstehe ich nicht"), ("+0", "bitte 1 bis"), ("+9999", "bitte 1 bis")):
        with pytest.raises(InvalidValue) as exc:
            weeks_later(bad, label="Nächste Wiedervorlage")
        assert message in exc.value.message and exc.value.message.startswith("Nächste Wiedervorlage")


def test_one_line_can_shorten_at_a_words_end():
    from massnahmen.domain.text import one_line

    text = "Sprachkurs für Eltern mit kleinen Kindern"
    assert one_line(text, 20) == "Sprachkurs für Elte…"  # tables keep every character that fits
    assert one_line(text, 20, words=True) == "Sprachkurs für…"
    assert one_line("Donaudampfschifffahrt", 10, words=True) == "Donaudamp…"  # one long word: cut all the same
    assert one_line(text, 60, words=True) == text
