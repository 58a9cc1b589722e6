"""Search the way people type: ü = ue = u, ö = oe = o, ä = ae = a, ß = ss, in the stored text and
in what is typed – measures (list, TUI table), contacts, ideas, the palette."""

from __future__ import annotations

import sqlite3

import pytest

from massnahmen.domain.text import fold, search_fold, search_forms
from massnahmen.store.db import Store
from massnahmen.store.measures import MeasureFilter, add_measure, query_measures

TITLES = {
    "1.1.1": "Bürgerbeteiligung im Quartier",
    "1.1.2": "Beratung für Zugewanderte",
    "1.1.3": "Straßenfest am Markt",
    "1.1.4": "Sprechstunde bei Frau Müller",
    "1.1.5": "Steuerberatung und Feuerwehr für neue Mitglieder",
    "1.1.6": "Buergerhaus ohne Umlaute geschrieben",
    "1.1.7": "Ökologischer Garten",
}


@pytest.mark.parametrize("a, b", [
    ("Bürger", "Buerger"), ("Bürger", "Burger"), ("für", "fuer"), ("Straße", "strasse"), ("Müller", "mueller"),
    ("Müller", "muller"), ("Ökologie", "Oekologie"), ("Ärger", "aerger"), ("Ärger", "arger"),
])
def test_spellings_fold_alike(a, b):
    assert search_fold(a) == search_fold(b)


@pytest.mark.parametrize("word", ["Steuer", "Feuer", "neue", "Michael", "Aue", "Idee"])
def test_a_word_with_its_own_e_still_folds_like_itself_and_its_beginnings(word):
    folded = search_fold(word)
    assert folded == search_fold(word.lower()) == search_fold(word.upper())
    for end in range(1, len(word) + 1):  # typing the word letter by letter keeps finding it
        assert search_fold(word[:end]) in folded


def test_search_forms_keep_the_plain_fold_for_texts_stored_before():
    assert search_forms("Buerger fuer  x") == [("burger", "buerger"), ("fur", "fuer"), ("x",)]


@pytest.fixture
def store(empty_db):
    with Store.open(empty_db) as s:
        for code, title in TITLES.items():
            add_measure(s, {"code": code, "title": title, "field": "1"})
        yield s


def codes(store, text: str) -> set[str]:
    return {r["code"] for r in query_measures(store, MeasureFilter(search=text))}


@pytest.mark.parametrize("typed, expected", [
    ("Buergerbeteiligung", {"1.1.1"}), ("Bürgerbeteiligung", {"1.1.1"}), ("Burgerbeteiligung", {"1.1.1"}),
    ("Buerger", {"1.1.1", "1.1.6"}), ("Burger", {"1.1.1", "1.1.6"}), ("Bürger", {"1.1.1", "1.1.6"}),
    ("fuer", {"1.1.2", "1.1.5"}), ("für", {"1.1.2", "1.1.5"}), ("strasse", {"1.1.3"}), ("Straße", {"1.1.3"}),
    ("muller", {"1.1.4"}), ("mueller", {"1.1.4"}), ("Steuer", {"1.1.5"}), ("Feuer", {"1.1.5"}),
    ("neue", {"1.1.5"}), ("steue", {"1.1.5"}), ("Oekologisch", {"1.1.7"}), ("okolog", {"1.1.7"}),
    ("buerger quartier", {"1.1.1"}),
])
def test_measure_search(store, typed, expected):
    assert codes(store, typed) == expected


def test_search_texts_stored_before_are_still_found(store, empty_db):
    conn = sqlite3.connect(empty_db)  # as an older version stored them: fold() without the e rule
    with conn:
        for code, title in TITLES.items():
            conn.execute("UPDATE measures SET search = ? WHERE code = ?", (fold(f"{code} {title}"), code))
    conn.close()
    assert codes(store, "Steuer") == codes(store, "neue") == {"1.1.5"}
    assert codes(store, "Buergerbeteiligung") == {"1.1.1"}
    assert codes(store, "Buergerhaus") == {"1.1.6"}


def test_contacts_fields_and_ideas_fold_alike(store):
    from massnahmen.store import catalog
    from massnahmen.store.ideas import IdeaFilter, add_idea, query_ideas

    catalog.add_contact(store, name="Jürgen Köhler", organisation="Bürgerbüro")
    assert [c.name for c in catalog.list_contacts(store, "Juergen Koehler")] == ["Jürgen Köhler"]
    assert [c.name for c in catalog.list_contacts(store, "buergerbuero")] == ["Jürgen Köhler"]
    add_measure(store, {"code": "1.1.8", "title": "Sprechstunde", "field": "1", "contact": "Jürgen Köhler"})
    assert codes(store, "Koehler") == {"1.1.8"}  # a measure is found by its contact
    add_idea(store, "Mehr Grün für die Straße vor der Schule")
    add_idea(store, "Eine neue Feuerwache")
    assert len(query_ideas(store, IdeaFilter(search="gruen fuer strasse"))) == 1
    assert len(query_ideas(store, IdeaFilter(search="Feuer"))) == 1
    assert len(query_ideas(store, IdeaFilter(search="neue"))) == 1


def test_palette_query_folds_spelled_umlauts():
    from massnahmen.tui.runtime.palette import fold_query, fold_same_length

    assert fold_query("ueberfaellige") == "uberfallige"
    candidate = fold_same_length("Überfällige zeigen")
    assert all(ch in candidate for ch in fold_query("ueberfaellige"))
    assert fold_query("Steuer") == "steur"  # a subsequence of "steuer": still finds itself
