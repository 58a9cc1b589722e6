"""The office that writes the concept's reports (concept.office, schema 4): the author line of
the Sachstandsbericht. Never the login name – a published document names the office."""

from __future__ import annotations

from massnahmen.domain.bounds import MAX_NAME, check_lengths


def get_office(store) -> str | None:
    with store.reading() as conn:
        row = conn.execute("SELECT office FROM concept WHERE id = 1").fetchone()
    return (row[0] or None) if row else None


def set_office(store, office: str | None) -> str | None:
    """Set (or with '' / None clear) the office; returns the stored value."""
    text = (office or "").strip() or None
    check_lengths(("Erstellt von (Stelle)", text, MAX_NAME))
    with store.write() as conn:
        conn.execute("UPDATE concept SET office = ? WHERE id = 1", (text,))
    return text
