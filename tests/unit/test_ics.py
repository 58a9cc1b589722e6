"""The iCalendar writer: valid RFC 5545 (proved by parsing with icalendar), folding, escaping,
stable UIDs, one all-day event per open measure with a review date."""

from __future__ import annotations

import io
import sqlite3
from datetime import date, datetime, timezone

import icalendar
import pytest

from massnahmen.exporting.ics import escape_text, fold, measure_uid, write_ics
from massnahmen.store.db import Store
from massnahmen.store.measures import MeasureFilter, query_measures

TODAY = date(2026, 11, 21)
STAMP = datetime(2026, 11, 21, 9, 30, tzinfo=timezone.utc)


def export(path, *, concept="Integrationskonzept Testkreis", archived="exclude") -> tuple[str, int]:
    with Store.open(path) as store:
        rows = query_measures(store, MeasureFilter(archived=archived))
    stream = io.StringIO(newline="")
    n = write_ics(rows, stream, today=TODAY, concept=concept, stamp=STAMP)
    return stream.getvalue(), n


def events(text: str) -> list:
    cal = icalendar.Calendar.from_ical(text)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_one_all_day_event_per_open_measure_with_a_review_date(demo_db):
    text, n = export(demo_db, archived="include")
    conn = sqlite3.connect(demo_db)
    expected = dict(conn.execute(
        "SELECT code, review_date FROM measures WHERE archived = 0 AND review_date IS NOT NULL "
        "AND status NOT IN ('umgesetzt', 'verworfen')").fetchall())
    conn.close()
    found = events(text)
    assert n == len(found) == len(expected) > 0
    for event in found:
        code = str(event["SUMMARY"]).split(":")[0].removeprefix("Wiedervorlage ")
        start = event["DTSTART"].dt
        assert type(start) is date  # all-day
        assert start.isoformat() == expected[code]
        assert (event["DTEND"].dt - start).days == 1
        assert event["DTSTAMP"].dt == STAMP
    assert len({str(e["UID"]) for e in found}) == n


def test_lines_are_crlf_and_folded_at_75_octets(demo_db):
    text, _n = export(demo_db)
    data = text.encode("utf-8")
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # descriptions are long enough to fold
    for line in lines:
        line.decode("utf-8")  # no UTF-8 character split across two lines


def test_summary_description_and_contact(small_db):
    text, n = export(small_db)
    assert n == 2  # 1.1.1 and 1.1.2; 5.1 is umgesetzt and has no review date
    by_uid = {str(e["UID"]): e for e in events(text)}
    event = by_uid[measure_uid("Integrationskonzept Testkreis", "1.1.1")]
    assert str(event["SUMMARY"]) == "Wiedervorlage 1.1.1: Sprachcafé an der Volkshochschule"
    description = str(event["DESCRIPTION"])
    assert "Zuständig: Jörg Weiß (Volkshochschule)" in description
    assert "E-Mail: joerg.weiss@vhs.example.org" in description
    assert "Telefon: 03731 799-1234" in description
    assert "Überfällig seit 01.11.2026 (Stand 21.11.2026)" in description
    assert str(event["CONTACT"]) == "Jörg Weiß (Volkshochschule), joerg.weiss@vhs.example.org, 03731 799-1234"
    other = by_uid[measure_uid("Integrationskonzept Testkreis", "1.1.2")]
    assert "Zuständig: niemand eingetragen" in str(other["DESCRIPTION"])
    assert "CONTACT" not in other


def test_uid_is_stable_and_sequence_follows_the_version(small_db):
    first, _ = export(small_db)
    again, _ = export(small_db)
    assert [str(e["UID"]) for e in events(first)] == [str(e["UID"]) for e in events(again)]
    from massnahmen.store.measures import update_measure

    with Store.open(small_db) as store:
        update_measure(store, "1.1.1", {"review_date": "2027-02-01"})
    moved = {str(e["UID"]): e for e in events(export(small_db)[0])}
    before = {str(e["UID"]): e for e in events(first)}
    uid = measure_uid("Integrationskonzept Testkreis", "1.1.1")
    assert moved[uid]["DTSTART"].dt == date(2027, 2, 1)  # same UID, new date: calendars update
    assert int(moved[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
    assert measure_uid("Anderes Konzept", "1.1.1") != uid
    assert measure_uid("Integrationskonzept Testkreis", "1.1.2") != uid


def test_special_characters_are_escaped_and_survive_a_round_trip(small_db):
    from massnahmen.store.measures import add_measure

    title = 'Komma, Semikolon; Backslash \\ "Zitat" – Ümlaut ß 🎉 ' + "ä" * 60
    with Store.open(small_db) as store:
        add_measure(store, {"code": "1.1.7", "title": title, "field": "1", "review_date": "2027-01-15",
                            "notes": "egal"})
    text, _ = export(small_db)
    assert "Komma\\, Semikolon\\; Backslash \\\\" in text.replace("\r\n ", "")
    found = [e for e in events(text) if "1.1.7" in str(e["SUMMARY"])]
    assert str(found[0]["SUMMARY"]) == f"Wiedervorlage 1.1.7: {title}"
    for line in text.encode("utf-8").split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")


def test_closed_archived_and_undated_rows_are_skipped():
    base = {"title": "T", "status": "geplant", "review_date": "2026-12-01", "archived": 0, "version": 1,
            "contact_name": None, "contact_organisation": None}
    rows = [
        dict(base, code="1"),
        dict(base, code="2", status="umgesetzt"),
        dict(base, code="3", status="verworfen"),
        dict(base, code="4", archived=1),
        dict(base, code="5", review_date=None),
    ]
    stream = io.StringIO(newline="")
    assert write_ics(rows, stream, today=TODAY) == 1
    cal = icalendar.Calendar.from_ical(stream.getvalue())
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"])
    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Wiedervorlage 1: T"]


def test_empty_calendar_is_still_valid():
    stream = io.StringIO(newline="")
    assert write_ics([], stream, today=TODAY) == 0
    cal = icalendar.Calendar.from_ical(stream.getvalue())
    assert cal.walk("VEVENT") == []


@pytest.mark.parametrize("raw, escaped", [
    ("a,b", "a\\,b"), ("a;b", "a\\;b"), ("a\\b", "a\\\\b"), ("zwei\nZeilen", "zwei\\nZeilen"),
    ("cr\r\nlf", "cr\\nlf"), ("esc\x1b[2J", "esc[2J"), ("tab\tok", "tab\tok"),
])
def test_escape_text(raw, escaped):
    assert escape_text(raw) == escaped


def test_fold_never_splits_a_character():
    line = "DESCRIPTION:" + "€" * 100  # three octets each
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(part) <= 75 for part in folded)
    assert len(folded) > 1
    assert all(part.decode("utf-8") for part in folded)  # each part on its own is whole characters
    assert b"".join(p[1:] if i else p for i, p in enumerate(folded)).decode("utf-8") == line
    assert fold("SHORT:x") == "SHORT:x"
    exact = "X" * 75
    assert fold(exact) == exact and fold(exact + "Y") == exact + "\r\n Y"
