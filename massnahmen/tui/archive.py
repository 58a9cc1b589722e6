"""Archiving (never deleting) a measure, with confirmation, and bringing it back."""

from __future__ import annotations

from rich.text import Text

from massnahmen.domain.errors import ConflictError, MassnahmenError
from massnahmen.domain.text import one_line, printable
from massnahmen.store.measures import set_archived
from massnahmen.tui.dialogs.common import ConfirmDialog, MessageDialog, changes_text


def archive_measure(app, row: dict, *, restore: bool) -> None:
    """Ask, then archive (or restore) the measure of this table row."""
    question = Text()
    question.append(printable(row["code"]), style="bold")
    question.append(" „")
    question.append(one_line(row["title"], 70))
    if restore:
        question.append("“ aus dem Archiv zurückholen?\n\nSie erscheint wieder in Listen und Berichten.")
        yes = "Zurückholen"
    else:
        question.append(
            "“ archivieren?\n\nSie verschwindet aus Listen und Berichten, wird aber nicht gelöscht; "
            "im Archiv (Taste A) lässt sie sich zurückholen."
        )
        yes = "Archivieren"

    def answered(ok: bool | None) -> None:
        if ok:
            do_archive(app, row, restore=restore)

    app.push_screen(ConfirmDialog(question, yes=yes, no="Abbrechen"), answered)


def do_archive(app, row: dict, *, restore: bool) -> bool:
    try:
        app.db.call(lambda s: set_archived(s, row["code"], not restore, expected_version=row["version"]))
    except ConflictError as exc:
        app.push_screen(
            MessageDialog(
                "Inzwischen geändert – nichts archiviert. Bitte noch einmal ansehen:", changes_text(exc.changes)
            )
        )
        app.after_write()
        return False
    except MassnahmenError as exc:
        app.show_error(exc)
        return False
    app.notify(f"{row['code']} {'zurückgeholt' if restore else 'archiviert'}.", timeout=3, markup=False)
    app.after_write()
    return True
