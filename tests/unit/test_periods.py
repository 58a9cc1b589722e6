"""Periods named in Sachstand column titles, and the placeholders that are no Sachstand."""

from datetime import date

import pytest

from massnahmen.domain.periods import period_end, titled_period
from massnahmen.domain.reviews import check_review_day, is_placeholder, review_head, review_state
from massnahmen.domain.errors import InvalidValue


@pytest.mark.parametrize("title, day", [
    ("Sachstand 2015/2016", date(2016, 12, 31)),
    ("Sachstand 2015 / 2016", date(2016, 12, 31)),
    ("Sachstand 2017/18", date(2018, 12, 31)),
    ("Sachstand 2017–2018", date(2018, 12, 31)),
    ("Sachstand 2017-2018", date(2018, 12, 31)),
    ("Sachstand 2. Hj. 2025", date(2025, 12, 31)),
    ("Sachstand 1. Halbjahr 2025", date(2025, 6, 30)),
    ("Sachstand H1/2025", date(2025, 6, 30)),
    ("Sachstand Q3/2026", date(2026, 9, 30)),
    ("Stand: 3. Quartal 2026", date(2026, 9, 30)),
    ("Sachstand 03/2026", date(2026, 3, 31)),
    ("Sachstand März 2026", date(2026, 3, 31)),
    ("Stand 15.03.2026", date(2026, 3, 15)),
    ("Stand am 15.03.2026", date(2026, 3, 15)),
    ("Sachstand 2023", date(2023, 12, 31)),
])
def test_period_titles_are_dated_on_the_last_day(title, day):
    assert titled_period(title) == (True, day)


@pytest.mark.parametrize("title", ["Sachstand Frühjahr 2025", "Sachstand 2018/2015", "Stand 31.02.2026",
                                   "Sachstand 2015/2030"])
def test_a_sachstand_title_without_a_date(title):
    assert titled_period(title) == (True, None)


@pytest.mark.parametrize("title", ["Sachstand", "Stand am", "Stand der Umsetzung", "Sachstandsbericht 2020",
                                   "Maßnahme", "Nr."])
def test_other_titles_are_no_period(title):
    assert titled_period(title) == (False, None)


def test_period_end_of_a_bare_period():
    assert period_end("2015/2016") == date(2016, 12, 31)
    assert period_end("31.12.2016") == date(2016, 12, 31)
    assert period_end("Frühjahr") is None


@pytest.mark.parametrize("text", ["Kein neuer Sachstand", "kein neuer Sachstand.", "–", "-", "—", "", "  ",
                                  "siehe oben", "s. o.", "unverändert", "k.A.", "k. A.", "wie oben", "n/a",
                                  "Keine Änderung", "...", "?"])
def test_placeholders(text):
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["Drei Kurse", "Kurs abgesagt – siehe Protokoll", "Unverändert hohe Nachfrage",
                                  "2 Gruppen"])
def test_real_texts_are_no_placeholders(text):
    assert not is_placeholder(text)


def test_a_sachstand_may_not_be_dated_after_today():
    check_review_day(date(2026, 11, 21), date(2026, 11, 21))
    with pytest.raises(InvalidValue) as caught:
        check_review_day(date(2030, 12, 31), date(2026, 11, 21))
    assert caught.value.detail.startswith("„31.12.2030“ liegt in der Zukunft")


def test_the_head_of_a_sachstand_leaves_out_what_was_not_recorded():
    assert review_state(None, None) == []
    assert review_head("31.12.2013", "Import wide_muenster.csv", None, None) == "31.12.2013  Import wide_muenster.csv"
    assert review_head("21.11.2026", "Jana", "in_umsetzung", "gelb") == "21.11.2026  Jana  in Umsetzung, gelb (verzögert)"
    assert review_head("21.11.2026", "Jana", "geplant", None) == "21.11.2026  Jana  geplant"


@pytest.mark.parametrize("colour, key", [("#01873B", "gruen"), ("#AE1B1B", "rot"), ("orange", "gelb"),
                                         ("#F39200", "gelb"), ("green", "gruen"), ("Grün", "gruen"),
                                         ("white", None), ("#FFFFFF", None), ("#cccccc", None), ("#0000ff", None)])
def test_colours_close_to_the_ampel(colour, key):
    from massnahmen.domain.colours import assessment_of_colour

    assert assessment_of_colour(colour) == (key, True)


def test_an_unknown_colour_is_said_to_be_unknown():
    from massnahmen.domain.colours import assessment_of_colour

    assert assessment_of_colour("lila") == (None, False)
