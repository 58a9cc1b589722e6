from datetime import date

import pytest

from massnahmen.domain.dates import add_months, german, parse_date
from massnahmen.domain.errors import InvalidValue, ValidationFailed
from massnahmen.domain.attributes import parse_values
from massnahmen.domain import records
from massnahmen.domain.models import Contact
from massnahmen.domain.text import fold, one_line, printable
from massnahmen.domain.timeliness import DUE, NO_REVIEW, ON_TRACK, OVERDUE, CLOSED, timeliness
from massnahmen.domain.vocab import ASSESSMENT, PRIORITY, STATUS


@pytest.mark.parametrize("raw,expected", [
    ("31.12.2026", date(2026, 12, 31)),
    ("1.2.26", date(2026, 2, 1)),
    ("2026-12-31", date(2026, 12, 31)),
    (" 2026-01-05T10:00:00 ", date(2026, 1, 5)),
])
def test_parse_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw,start,end", [
    ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("03/2026", date(2026, 3, 1), date(2026, 3, 31)),
    ("Q3/2026", date(2026, 7, 1), date(2026, 9, 30)),
    ("q1 2027", date(2027, 1, 1), date(2027, 3, 31)),
    ("02/2028", date(2028, 2, 1), date(2028, 2, 29)),
])
def test_periods_for_start_and_end(raw, start, end):
    assert parse_date(raw, period="start") == start
    assert parse_date(raw, period="end") == end


@pytest.mark.parametrize("raw", ["31.02.2026", "2026-13-01", "morgen", "Q5/2026", "2026"])
def test_impossible_dates_are_refused_in_german(raw):
    with pytest.raises(InvalidValue) as exc:
        parse_date(raw, label="Wiedervorlage")
    assert exc.value.message.startswith(f"Wiedervorlage: „{raw}“ ist kein gültiges Datum")


def test_german_and_months():
    assert german("2026-03-01") == "01.03.2026"
    assert german(None) == ""
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


@pytest.mark.parametrize("query,text", [
    ("strasse", "Hauptstraße"), ("muller", "Müller"), ("UMSETZUNG", "in Umsetzung"),
    ("sprachcafe", "Sprachcafé"), ("weiss", "Weiß"),
])
def test_fold_makes_search_forgiving(query, text):
    assert fold(query) in fold(text)


def test_status_aliases_are_case_and_accent_insensitive():
    assert STATUS.parse("In Arbeit") == "in_umsetzung"
    assert STATUS.parse("ENTFAELLT") == "verworfen"
    assert STATUS.parse("entfällt") == "verworfen"
    assert STATUS.parse("Daueraufgabe") == "verstetigt"
    assert STATUS.parse("verstetigt (Daueraufgabe)") == "verstetigt"
    assert STATUS.parse("zurückgestellt") == "zurueckgestellt"
    assert STATUS.parse("done") == "umgesetzt"
    assert ASSESSMENT.parse("grün") == "gruen"
    assert ASSESSMENT.parse("") is None
    assert PRIORITY.parse("Hoch") == "hoch"


def test_unknown_status_lists_allowed_values():
    with pytest.raises(InvalidValue) as exc:
        STATUS.parse("halb fertig")
    assert "„halb fertig“ ist unbekannt" in exc.value.message
    assert "erlaubt: geplant, in Umsetzung, verstetigt (Daueraufgabe), zurückgestellt, umgesetzt, verworfen" in exc.value.message


def test_parse_values_collects_every_problem():
    with pytest.raises(ValidationFailed) as exc:
        parse_values({"code": "1.1", "title": "  ", "field": "1", "status": "halb fertig",
                      "review_date": "31.02.2026"}, creating=True)
    messages = [p.message for p in exc.value.problems]
    assert "Maßnahme: darf nicht leer sein" in messages
    assert any(m.startswith("Status: „halb fertig“") for m in messages)
    assert "Wiedervorlage: „31.02.2026“ ist kein gültiges Datum" in messages


def test_parse_values_defaults_and_keeps_markup():
    values = parse_values({"code": " Ü2-13 ", "title": "[bold]x[/]", "field": "1"}, creating=True)
    assert values["code"] == "Ü2-13"
    assert values["title"] == "[bold]x[/]"
    assert values["status"] == "geplant"


def test_timeliness():
    day = date(2026, 11, 21)
    assert timeliness("geplant", "2026-11-20", day) == OVERDUE
    assert timeliness("geplant", "2026-11-21", day) == DUE
    assert timeliness("geplant", "2026-12-21", day) == DUE
    assert timeliness("geplant", "2026-12-22", day) == ON_TRACK
    assert timeliness("geplant", None, day) == NO_REVIEW
    assert timeliness("umgesetzt", "2020-01-01", day) == CLOSED


def test_measure_contract_has_exactly_the_documented_keys():
    m = records.Measure(code="1.1", title="T", field="Bildung", status="geplant", start=date(2026, 1, 1),
                        contact=Contact(organisation="IHK").record())
    data = m.contract()
    assert list(data) == ["code", "title", "description", "field", "goal", "contact", "partners", "status",
                          "assessment", "priority", "start", "end", "review_date", "funding", "indicator",
                          "source", "notes", "updated_at"]
    assert data["status"] == "geplant"
    assert data["start"] == "2026-01-01"
    assert data["contact"] == {"name": None, "organisation": "IHK", "email": None, "phone": None}


def test_contact_needs_name_or_organisation_and_valid_email():
    with pytest.raises(Exception, match="braucht einen Namen oder eine Organisation"):
        Contact(name=" ", organisation="")
    with pytest.raises(Exception, match="keine gültige E-Mail-Adresse"):
        Contact(name="A", email="kein-at")


def test_control_codes_are_made_visible():
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert one_line("a\nb\x07") == "a b\\x07"
