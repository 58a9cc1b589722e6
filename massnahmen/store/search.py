"""The SQL of a search: a typed word is found in a stored search text (folded by
domain.text.search_fold) in any of its folded forms (domain.text.search_forms)."""

from __future__ import annotations

from massnahmen.domain.text import search_forms


def word_clauses(column: str, text: str | None) -> list[tuple[str, list[str]]]:
    """Per typed word (SQL that is true when the column holds the word, its parameters)."""
    return [("(" + " OR ".join([f"instr({column}, ?) > 0"] * len(forms)) + ")", list(forms))
            for forms in search_forms(text)]
