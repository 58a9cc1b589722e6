"""Copying a value of the highlighted measure (Nr., Titel, E-Mail, Telefon) to the clipboard: palette
commands and the key y with a small chooser, on the Maßnahmen screen."""

from __future__ import annotations

from textual.app import SystemCommand

from massnahmen.domain.text import one_line

# key → (what, row key, the German phrase when the measure has no such value)
FIELDS: dict[str, tuple[str, str, str]] = {
    "code": ("Nr.", "code", "Die Maßnahme hat keine Nr."),
    "title": ("Titel", "title", "Die Maßnahme hat keinen Titel."),
    "email": ("E-Mail", "contact_email", "Für diese Maßnahme ist keine E-Mail-Adresse hinterlegt."),
    "phone": ("Telefon", "contact_phone", "Für diese Maßnahme ist keine Telefonnummer hinterlegt."),
}


def current_row(app) -> dict | None:
    """The highlighted measure of the Maßnahmen screen, None on any other screen or without one."""
    if not available(app, app.screen):
        return None
    return app.screen.table.current_row()


def available(app, screen) -> bool:
    """Copying makes sense: screen is the Maßnahmen screen (not a dialog over it)."""
    return app.current_mode == "measures" and hasattr(type(screen), "table") and screen.is_mounted


def copy(app, key: str) -> None:
    what, column, missing = FIELDS[key]
    row = current_row(app)
    if row is None:
        app.notify("Keine Maßnahme gewählt.", severity="warning", timeout=3, markup=False)
        return
    value = str(row.get(column) or "").strip()
    if not value:
        app.notify(missing + " Nichts kopiert.", severity="warning", timeout=4, markup=False)
        return
    app.copy_to_clipboard(value)
    app.notify(f"Kopiert: {one_line(value, 60)}", title=what, timeout=3, markup=False)


def choose(app) -> None:
    """The chooser of the key y."""
    from massnahmen.tui.dialogs.pick import PickDialog  # on first use: not needed for the first frame

    def chosen(key: str | None) -> None:
        if key:
            copy(app, key)

    app.push_screen(PickDialog("Kopieren", [(f"{what} kopieren", key) for key, (what, _, _) in FIELDS.items()]), chosen)


def commands(app, screen):
    """The palette's copy commands, only over the Maßnahmen screen."""
    if not available(app, screen):
        return
    for key, (what, _, _) in FIELDS.items():
        yield SystemCommand(
            f"{what} kopieren", f"{what} der markierten Maßnahme in die Zwischenablage (y)", lambda k=key: copy(app, k)
        )
