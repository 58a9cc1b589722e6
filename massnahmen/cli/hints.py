"""What the command line adds to the store's errors: its option names and the commands that help.

The store's messages are plain German for every face (domain.errors); the data an error carries
(kind, value, what is in use, which parameter a value came in) is turned into the command line's
words here, so that the output reads as it always has: „Mit --move-to ANDERES_FELD verschieben …“."""

from __future__ import annotations

from massnahmen.domain.errors import Ambiguous, InUse, InvalidValue, MassnahmenError, NotFound, TooLarge

# the parameter below the faces (MassnahmenError.param) → the option that feeds it
OPTIONS = {
    "move_to": "--move-to",
    "reassign_to": "--reassign",
    "statuses": "--status",
    "due_within": "--due-within",
    "assessments": "--ampel",
    "fields": "--field",
    "since": "--since",
    "rejects": "--rejects",
    "maps": "--map",
    "on_error": "--on-error",
    "delimiter": "--delimiter",
    "encoding": "--encoding",
    "sheet": "--sheet",
}

# what to do when a reference names nothing
NOT_FOUND = {
    "measure": "Vorhandene zeigt: massnahmen list",
    "field": "Anlegen mit: massnahmen fields add KÜRZEL NAME",
    "goal": "Anlegen mit: massnahmen fields add-goal FELD ZIEL",
    "contact": "Anlegen mit: massnahmen contacts add NAME --organisation ORG",
    "idea": "Vorhandene zeigt: massnahmen ideas list",
    "channel": "Anlegen mit: massnahmen ideas channels add NAME",
}

# (how to move the measures elsewhere, how to let them keep none, a closing remark) per kind in use
IN_USE = {
    "field": (
        "Mit --move-to ANDERES_FELD verschieben (die Ziele ziehen mit)",
        None,
        "Maßnahmen werden nie stillschweigend gelöscht.",
    ),
    "goal": ("Mit --move-to ANDERES_ZIEL übertragen", "mit --clear das Ziel bei ihnen leeren", None),
    "contact": ("Mit --reassign ANDERER_KONTAKT übertragen", "mit --clear die Zuständigkeit leeren", None),
}


# the ways out below the faces name as data (MassnahmenError.remedy), in the command line's words
REMEDIES = {
    "force": "Einen anderen Dateinamen wählen oder mit --force ersetzen.",
    "map_code": 'Eine andere Spalte zuordnen mit --map "Spalte=Nr"; eine Liste ohne Nr. nummeriert '
    "--nummerieren (mit --field für das Handlungsfeld).",
    "map_ignore": 'Eine der Spalten weglassen mit --map "Spalte=-".',
    "encoding_utf16": "Mit --encoding utf-16 importieren (oder in der Tabellenkalkulation als „CSV UTF-8“ speichern).",
    "encoding": "Die Kodierung mit --encoding angeben, z. B. --encoding cp1252",
    "map_idea": 'Die Spalte mit --map "SPALTE=Idee" zuordnen.',
    "channel": 'Den Kanal mit --channel angeben, z. B. --channel "Online-Umfrage".',
    "create_new": "Eine neue anlegen mit: massnahmen --db NEU.db init",
    "create_other": "Eine andere Datei wählen: massnahmen --db NEU.db init",
    "create_or_sample": "Neu anlegen mit: massnahmen --db {path} init – oder die Beispieldaten öffnen: "
    "massnahmen --db sample.db",
    "create_in_folder": "Zum Beispiel: massnahmen --db {path} init",
}

# how to fill a concept that has no measures yet
EMPTY_CONCEPT = (
    "Anlegen mit „massnahmen add --code 1.1.1 --title … --field 1“ oder einlesen mit „massnahmen import DATEI.csv“."
)

# what an import that stopped at a faulty row could do instead
SKIP_FAULTY_ROWS = "(Mit --on-error skip gehen die guten Zeilen hinein.)"


def unknown_columns_hint(columns: list[str]) -> str:
    """How to import or leave out the columns an import did not know."""
    name = columns[0] if len(columns) == 1 else "Spalte"
    return f'zuordnen mit --map "{name}=Feld" oder weglassen mit --map "{name}=-".'


# how to ask for a smaller PDF, per kind of report
TOO_LARGE = {
    "sachstand": "Weniger auswählen, z. B. mit --field FELD, --status STATUS, --ampel AMPEL oder --changed-only "
    "(ohne --ausfuehrlich), oder ein anderes Format: --format html, md oder json.",
    "rueckblick": "Weniger auswählen, z. B. mit --field FELD, oder ein anderes Format: --format html, md oder json.",
    "ideen": "Ein anderes Format wählen: --format html, md oder json.",
}


def message(exc: MassnahmenError) -> str:
    """The error's message; a refused value that came in through an option is named by the option
    (in place of the value's German label), a file that is never replaced says so of --force."""
    if exc.remedy == "never":  # a file that is never replaced: not even when asked to
        return exc.message.removesuffix(".") + ", auch nicht mit --force."
    option = OPTIONS.get(exc.param or "")
    if option is None:
        return exc.message
    if isinstance(exc, InvalidValue):
        return f"{option}: {exc.detail}"
    if exc.message.startswith("„"):  # „x“ ist unbekannt → --on-error „x“ ist unbekannt
        return f"{option} {exc.message}"
    return f"{option}: {exc.message}"


def hint(exc: MassnahmenError) -> str | None:
    """The command line's hint: its options and commands where the error's data allows, else the
    error's own hint (a file-level one may name a command)."""
    if isinstance(exc, InUse) and exc.what in IN_USE:
        move, clear, remark = IN_USE[exc.what]
        text = move + (f" oder {clear}" if clear and "clear" in exc.choices else "")
        return text + (f"; {remark}" if remark else ".")
    if isinstance(exc, TooLarge):
        return TOO_LARGE.get(exc.kind, TOO_LARGE["ideen"])
    if exc.remedy in REMEDIES:
        return REMEDIES[exc.remedy].format(path=getattr(exc, "path", None))
    if isinstance(exc, Ambiguous):
        if exc.kind == "contact" and exc.candidates:
            return f"Mit der Nummer wählen, z. B. #{exc.candidates[0]}"
        return exc.hint
    if isinstance(exc, NotFound) and exc.kind in NOT_FOUND and not str(exc.value or "").startswith("#"):
        return NOT_FOUND[exc.kind]
    return exc.hint
