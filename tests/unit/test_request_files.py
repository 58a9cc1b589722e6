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
