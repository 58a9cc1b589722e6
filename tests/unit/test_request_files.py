"""File names of a Sachstandsabfrage: safe on Windows, unique, with the contact's name."""

import pytest

from massnahmen.exporting.request_workbook import file_name, safe_name


@pytest.mark.parametrize("name, expected", [
    ("Zahra Ahmadi", "Zahra Ahmadi"),
    ('AWO <Kreis>: "Süd"/Nord\\|?*', "AWO _Kreis__ _Süd__Nord____"),
    ("Verein e. V.", "Verein e. V"),
    ("  Punkt am Ende . ", "Punkt am Ende"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("Com1", "_Com1"),
    ("...", "Kontakt"),
    ("Zeilen\numbruch\tund Tab", "Zeilen umbruch und Tab"),
])
def test_safe_name(name, expected):
    assert safe_name(name) == expected


def test_names_are_unique_ignoring_case():
    taken: set[str] = set()
    assert file_name(3, "Anna Weiß", taken) == "Sachstandsabfrage-3-Anna Weiß.xlsx"
    assert file_name(3, "anna weiß", taken) == "Sachstandsabfrage-3-anna weiß-2.xlsx"
    assert len(file_name(3, "x" * 500, set())) < 100


def test_the_recipients_of_a_view_are_the_contacts_of_its_measures(demo_db):
    from massnahmen.store.db import Store
    from massnahmen.store.filter import MeasureFilter
    from massnahmen.store.measures import query_measures
    from massnahmen.store.requests import recipients, recipients_of

    with Store.open(demo_db) as s:
        flt = MeasureFilter(field="4")
        ids = sorted({r["contact_id"] for r in query_measures(s, flt) if r["contact_id"] is not None})
        assert ids
        assert recipients_of(s, flt) == recipients(s, [f"#{i}" for i in ids], "4")
        assert recipients_of(s, MeasureFilter(search="kein-solches-wort")) == []
