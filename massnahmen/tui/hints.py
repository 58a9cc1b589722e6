"""What the TUI adds to the store's errors: its keys and buttons, never a command or an option.

The store's messages are plain German for every face (domain.errors). The ways out that only
the command line has (remedy="create_new" and the like: a massnahmen command for a file-level
problem) are the command line's and are never shown here. No Textual in this file."""

from __future__ import annotations

from massnahmen.domain.errors import InUse, MassnahmenError, TooLarge

# the dialog's button that moves the measures, and the one that lets them keep none, per kind in use
IN_USE = {
    "field": ("Verschieben und entfernen", None),
    "goal": ("Übertragen und entfernen", "Ziel bei ihnen leeren"),
    "contact": ("Übertragen und entfernen", "Zuständigkeit leeren und entfernen"),
}


# how to ask for a smaller PDF in the „Bericht erstellen“ dialog, per kind of report
TOO_LARGE = {
    "sachstand": "Im Dialog „Bericht erstellen“ ein Handlungsfeld oder „Nur Maßnahmen mit Änderungen“ wählen "
    "(nicht „Ausführlich“), oder als Format HTML oder Markdown.",
    "rueckblick": "Im Dialog „Bericht erstellen“ ein Handlungsfeld wählen, oder als Format HTML oder Markdown.",
    "ideen": "Als Format HTML oder Markdown wählen.",
}


def hint(exc: MassnahmenError) -> str | None:
    """The TUI's hint for an error shown as a notification."""
    if isinstance(exc, InUse) and exc.what in IN_USE:
        move, clear = IN_USE[exc.what]
        buttons = f"„{move}“" + (f" oder „{clear}“" if clear and "clear" in exc.choices else "")
        return f"Noch einmal entfernen (Entf) und im Dialog {buttons} wählen."
    if isinstance(exc, TooLarge):
        return TOO_LARGE.get(exc.kind, TOO_LARGE["ideen"])
    return exc.hint
