"""sqlite3's (English) errors as the German messages an office reads: locked, damaged, not a
database, read-only, disk full."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from massnahmen.domain.errors import DatabaseProblem

DAMAGED_HINT = (
    "Bitte die letzte Sicherungskopie verwenden (z. B. NAME-sicherung-JJJJMMTT-HHMMSS.db "
    "neben der Datei); die beschädigte Datei bleibt unverändert."
)

LOCKED_MESSAGE = (
    "Die Datenbank „{path}“ ist gerade durch einen anderen Vorgang gesperrt "
    "(jemand speichert oder importiert). Bitte in einigen Sekunden erneut versuchen."
)


def is_locked_error(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def translate_error(exc: sqlite3.Error, path: Path) -> DatabaseProblem:
    """Turn an sqlite3 error into a German message (locked, not a database, read-only, disk full)."""
    text = str(exc).lower()
    if is_locked_error(exc):
        return DatabaseProblem(LOCKED_MESSAGE.format(path=path))
    if "malformed" in text or "corrupt" in text:
        return damaged(path)
    if "not a database" in text or "encrypted" in text:
        return DatabaseProblem(
            f"„{path}“ ist keine massnahmen-Datenbank (keine lesbare SQLite-Datei).",
            remedy="create_new",
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseProblem(f"„{path}“ ist schreibgeschützt; Änderungen sind nicht möglich.")
    if "disk is full" in text or "disk i/o" in text:
        return DatabaseProblem(f"Schreiben in „{path}“ fehlgeschlagen ({exc}). Nichts wurde geändert.")
    if "unable to open" in text:
        return DatabaseProblem(f"„{path}“ lässt sich nicht öffnen ({exc}).")
    if "no such table" in text or "no such column" in text or "has no column" in text:
        return damaged(path, "es fehlen Tabellen oder Spalten")
    return DatabaseProblem(f"Datenbankfehler in „{path}“: {exc}")


def damaged(path: Path, what: str | None = None) -> DatabaseProblem:
    """The German refusal for a damaged or incomplete file (nothing was written)."""
    detail = f" ({what})" if what else ""
    return DatabaseProblem(
        f"„{path}“ ist beschädigt oder unvollständig{detail}; der Vorgang wurde abgebrochen, nichts wurde geändert.",
        hint=DAMAGED_HINT,
    )
