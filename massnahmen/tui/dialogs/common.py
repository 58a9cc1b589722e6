"""Small modal dialogs: confirm, conflict (who changed what), history, help, errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from massnahmen.domain.attributes import display_value, label
from massnahmen.domain.dates import german
from massnahmen.domain.text import one_line, printable, side_by_side

if TYPE_CHECKING:
    from textual import getters

    from massnahmen.tui.runtime.app import MassnahmenApp


def plain(text: object) -> Text:
    """User data as a Text: never markup, control characters made visible."""
    return Text(printable("" if text is None else str(text)))


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; escape means no."""

    if TYPE_CHECKING:
        app = getters.app(MassnahmenApp)

    BINDINGS = [Binding("escape", "answer(False)", "Abbrechen"), Binding("j", "answer(True)", "Ja", show=False)]

    def __init__(self, question: str | Text, yes: str = "Ja", no: str = "Nein") -> None:
        super().__init__(classes="dialog-screen")
        self.question = question if isinstance(question, Text) else Text(question)
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, variant="primary", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class TextDialog(ModalScreen):
    """One line of text (a Nr., a view's name, an idea's reason); public=True adds „Begründung veröffentlichen“
    and answers (text, public)."""

    if TYPE_CHECKING:
        app = getters.app(MassnahmenApp)

    BINDINGS = [Binding("escape", "cancel", "Abbrechen")]

    def __init__(self, question: str, *, placeholder: str = "", public: bool | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.question, self.placeholder, self.public = question, placeholder, public

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text(self.question, style="bold"), classes="dialog-text")
            yield Input(placeholder=self.placeholder, id="answer")
            if self.public is not None:
                yield Checkbox("Begründung in der Rückmeldung veröffentlichen", value=self.public, id="public")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK (Enter)", variant="primary", id="ok")
                yield Button("Abbrechen (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    def _answer(self) -> None:
        text = self.query_one("#answer", Input).value.strip()
        if not text:
            self.app.notify("Bitte etwas eingeben (oder Esc).", severity="warning", timeout=3, markup=False)
            return
        if self.public is None:
            self.dismiss(text)
        else:
            self.dismiss((text, self.query_one("#public", Checkbox).value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ok":
            self._answer()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def german_time(at: object) -> str:
    """A stored time stamp ('2026-11-21T10:42:13') as '21.11.2026 10:42'."""
    text = str(at or "").replace("T", " ")
    day, _, clock = text.partition(" ")
    return f"{german(day)} {clock[:5]}".strip() if day else ""


def changes_text(changes: list[dict]) -> Text:
    out = Text()
    if not changes:
        out.append("  (Änderung ohne Verlauf)\n")
    for c in changes:
        out.append(f"  {german_time(c.get('at'))}  ", style="dim")
        out.append(printable(c.get("author") or "?"), style="bold")
        out.append(": ")
        out.append(label(c.get("attribute") or ""), style="bold")
        out.append("  ")
        old, new = side_by_side(
            display_value(c.get("attribute") or "", c.get("old")),
            display_value(c.get("attribute") or "", c.get("new")),
            40,
        )
        out.append(old)
        out.append(" → ")
        out.append(new)
        out.append("\n")
    return out


class ConflictDialog(ModalScreen[str | None]):
    """Someone else saved the measure in the meantime: reload, apply anyway, or go back."""

    if TYPE_CHECKING:
        app = getters.app(MassnahmenApp)

    BINDINGS = [Binding("escape", "cancel", "Zurück")]

    def __init__(
        self, code: str, changes: list[dict], clashes: dict[str, tuple[str, str, tuple[str, str]]] | None = None
    ) -> None:
        """clashes: attribute → (label, the officer's value, (colleague, their value)) for what both changed:
        the officer picks per attribute; keep_theirs names those where the colleague's value stays."""
        super().__init__(classes="dialog-screen")
        self.code = code
        self.changes = changes
        self.clashes = clashes or {}
        self.keep_theirs: set[str] = set()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            head = Text("Inzwischen geändert: ", style="bold")
            head.append(printable(self.code))
            head.append(
                "\nJemand anderes hat diese Maßnahme gespeichert, während Sie sie bearbeitet haben. "
                "Nichts wurde überschrieben.\n",
                style="",
            )
            yield Static(head, classes="dialog-text")
            with VerticalScroll(classes="conflict-list"):
                yield Static(changes_text(self.changes))
            if self.clashes:
                yield Static(Text("Beide haben dasselbe geändert – welcher Wert soll gelten?", style="bold"))
                for key, (label_text, mine, (author, theirs)) in self.clashes.items():
                    mine, theirs = side_by_side(mine, theirs, 44)
                    yield Horizontal(
                        Label(Text(label_text), classes="flabel"),
                        Select(
                            [(Text(f"Ihr Wert: {mine}"), "mine"), (Text(f"{author}: {theirs}"), "theirs")],
                            value="mine",
                            allow_blank=False,
                            id=f"pick-{key}",
                        ),
                        classes="fline",
                    )
            yield Static(
                Text(
                    "„Zurück“ lässt Ihre Eingaben im Formular; "
                    "„Neu laden“ zeigt den gespeicherten Stand (Ihre Eingaben gehen verloren); "
                    "„Trotzdem übernehmen“ schreibt nur die Felder, die Sie geändert haben"
                    + (", bei den doppelt geänderten den gewählten Wert." if self.clashes else "."),
                    style="dim",
                ),
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Zurück", variant="primary", id="cancel")
                yield Button("Neu laden", id="reload")
                yield Button("Trotzdem übernehmen", variant="warning", id="force")

    def on_mount(self) -> None:
        # Enter loses nothing: back to the form with the officer's input (as ConfirmDialog's „no“)
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.keep_theirs = {key for key in self.clashes if self.query_one(f"#pick-{key}", Select).value == "theirs"}
        self.dismiss(None if event.button.id == "cancel" else event.button.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReadingDialog(ModalScreen[None]):
    """Text to read in a scrolling area (SCROLL names it; it takes the keys); a button or Esc closes."""

    if TYPE_CHECKING:
        app = getters.app(MassnahmenApp)

    SCROLL = "#help-scroll"

    def on_mount(self) -> None:
        self.query_one(self.SCROLL).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class MessageDialog(ModalScreen[None]):
    if TYPE_CHECKING:
        app = getters.app(MassnahmenApp)
    BINDINGS = [Binding("escape", "close", "Schließen"), Binding("enter", "close", show=False)]

    def __init__(self, title: str, body: Text | str) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.body = body if isinstance(body, Text) else Text(body)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-text")
            with VerticalScroll(classes="conflict-list"):
                yield Static(self.body)
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class HistoryScreen(ReadingDialog):
    """Verlauf and Sachstände of one measure."""

    SCROLL = "#history-scroll"

    BINDINGS = [
        Binding("escape", "close", "Schließen"),
        Binding("h", "close", show=False),
        Binding("q", "close", show=False),
    ]

    def __init__(self, timeline) -> None:
        super().__init__(classes="dialog-screen")
        self.measure = timeline.measure
        self.changes, self.reviews = timeline.changes(), timeline.reviews()

    NARROW = 100  # below this many columns, one entry takes two lines: who and what, then the values

    def wide_tables(self) -> tuple[Table, Table]:
        reviews = Table(box=None, expand=True, show_edge=False, padding=(0, 1))
        for col in ("Datum", "Von", "Status", "Ampel", "Sachstand"):
            reviews.add_column(col, ratio=4 if col == "Sachstand" else None, no_wrap=col != "Sachstand")
        for r in self.reviews:
            reviews.add_row(
                display_value("review", r.date.isoformat()),
                plain(r.author),
                display_value("status", r.status),
                display_value("assessment", r.assessment),
                plain(r.note),
            )
        table = Table(box=None, expand=True, show_edge=False, padding=(0, 1))
        for col in ("Wann", "Wer"):
            table.add_column(col, no_wrap=True)
        table.add_column("Was", ratio=2, min_width=14)  # wraps at words, so that old and new keep their room
        for col in ("Alt", "Neu"):
            table.add_column(col, ratio=2, min_width=16)
        for c in reversed(self.changes):
            table.add_row(
                german_time(c.at),
                plain(c.author),
                self.what(c),
                plain(display_value(c.attribute, c.old)),
                plain(display_value(c.attribute, c.new)),
            )
        return reviews, table

    def narrow_tables(self) -> tuple[Table, Table]:
        """At 80 columns: the time in its column, beside it who and what, and below that the values
        (the Sachstand's text, old → new), wrapped at word boundaries – nothing is cut off."""
        reviews = Table(box=None, expand=True, show_edge=False, padding=(0, 1))
        reviews.add_column("Datum", no_wrap=True)
        reviews.add_column("Von · Status · Ampel · Sachstand", ratio=1)
        for r in self.reviews:
            entry = plain(r.author)
            entry.append(
                f" · {display_value('status', r.status)} · {display_value('assessment', r.assessment)}", style="dim"
            )
            entry.append("\n")
            entry.append_text(plain(r.note))
            reviews.add_row(display_value("review", r.date.isoformat()), entry)
        table = Table(box=None, expand=True, show_edge=False, padding=(0, 1))
        table.add_column("Wann", no_wrap=True)
        table.add_column("Wer · Was · Alt → Neu", ratio=1)
        for c in reversed(self.changes):
            entry = plain(c.author)
            entry.append(": ")
            entry.append_text(self.what(c))
            entry.append("\n")
            entry.append_text(plain(display_value(c.attribute, c.old)))
            entry.append(" → ", style="bold")
            entry.append_text(plain(display_value(c.attribute, c.new)))
            table.add_row(german_time(c.at), entry)
        return reviews, table

    @staticmethod
    def what(c) -> Text:
        what = Text(label(c.attribute))
        if c.context and c.context != label(c.attribute):  # not "Sachstand (Sachstand)"
            what.append(f" ({one_line(c.context, 30)})", style="dim")
        return what

    def compose(self) -> ComposeResult:
        m = self.measure
        head = Text("Verlauf ", style="bold")
        head.append(printable(m.code), style="bold")
        head.append("  ")
        head.append(one_line(m.title, 90))
        if self.app.size.width < self.NARROW:
            reviews, table = self.narrow_tables()
        else:
            reviews, table = self.wide_tables()
        with Vertical(classes="dialog full"):
            yield Static(head, classes="dialog-text")
            with VerticalScroll(id="history-scroll"):
                yield Static(Text(f"Sachstände ({len(self.reviews)})", style="bold underline"))
                yield Static(reviews if self.reviews else Text("  noch keiner", style="dim"))
                yield Static(Text(f"\nÄnderungen ({len(self.changes)}), neueste zuerst", style="bold underline"))
                yield Static(table)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Schließen", id="close")


HELP = [
    (
        "Überall",
        [
            (
                "1 2 3 4 5",
                "Übersicht · Maßnahmen · Kontakte · Handlungsfelder · Ideen (wenn kein Eingabefeld aktiv ist)",
            ),
            ("F1  ?", "diese Hilfe"),
            ("Strg+P", "Befehlspalette: neue Maßnahme, Überfällige, Bildschirm wechseln, Sicherung …"),
            ("Strg+P „Exportieren“", "die Maßnahmen der Ansicht als CSV, Excel oder Kalender (ICS) speichern"),
            ("Strg+P „Bericht erstellen“", "Sachstandsbericht oder Rückblick als HTML, PDF oder Markdown"),
            ("Strg+P „Sachstandsabfrage“", "Excel-Tabellen für den markierten Kontakt oder alle der Ansicht"),
            ("Strg+P „Rücklauf“", "ausgefüllte Sachstandsabfragen einlesen (Datei oder Ordner)"),
            ("F5  Strg+R", "neu laden (Änderungen anderer übernehmen)"),
            ("g", "Gehe zu Nr.: eine Maßnahme über ihre Nr. öffnen (auch eine archivierte)"),
            ("Strg+P „Farbschema“", "Dunkel, Hell oder Hoher Kontrast (wird für Sie gemerkt)"),
            ("Tab / Umschalt+Tab", "zum nächsten / vorigen Element"),
            ("q", "beenden"),
        ],
    ),
    (
        "Maßnahmen",
        [
            ("/", "suchen (ohne Umlaute möglich: „strasse“ findet „Straße“); Esc zurück zur Tabelle"),
            ("↑ ↓ Bild↑ Bild↓", "blättern"),
            ("Pos1 Ende  Strg+Pos1 Strg+Ende", "zur ersten / letzten Zeile"),
            ("Enter  e", "bearbeiten"),
            ("n", "neue Maßnahme"),
            ("r", "Sachstand erfassen (nächste Wiedervorlage auch als +4: vier Wochen nach dem Sachstand)"),
            ("h", "Verlauf"),
            ("a", "archivieren (im Archiv: zurückholen)"),
            ("A", "Archiv zeigen / verlassen"),
            ("u", "nur überfällige ein/aus"),
            ("x", "abgeschlossene zeigen / ausblenden"),
            ("s  S", "Sortierung wechseln · umkehren (auch Klick auf die Spaltenüberschrift)"),
            ("c", "alle Filter zurücksetzen"),
            ("f", "Filter: mehrere Status, alle offenen, mehrere Handlungsfelder, Ampel, überfällig"),
            ("V  v", "Ansicht (Filter und Sortierung) unter einem Namen speichern · eine gespeicherte wählen"),
            ("Leertaste  *", "Maßnahme markieren · alle markieren, die der Filter zeigt (noch einmal: keine)"),
            ("b", "Auswahl ändern: Status, Ampel, Wiedervorlage (Datum oder +4 Wochen), Zuständig, Feld, Archiv"),
            ("Strg+Z", "die letzte Änderung einer Auswahl zurücknehmen (bis zur nächsten Änderung)"),
            ("y", "kopieren: Nr., Titel, E-Mail oder Telefon der Maßnahme"),
        ],
    ),
    (
        "Formulare",
        [
            ("Strg+S", "speichern"),
            ("Esc", "abbrechen (fragt, wenn etwas geändert wurde)"),
            ("Daten", "als 31.12.2026 (auch 31.12.26 oder 2026-12-31); Beginn/Ende auch 2026, 03/2026, Q3/2026"),
        ],
    ),
    (
        "Kontakte · Handlungsfelder",
        [
            ("n", "neu (Handlungsfelder: n neues Feld, g neues Ziel)"),
            ("e", "bearbeiten"),
            ("Entf  d", "entfernen (fragt, was mit den Maßnahmen geschieht)"),
            ("Enter", "die zugehörigen Maßnahmen zeigen"),
        ],
    ),
    (
        "Ideen (Bürgerbeteiligung)",
        [
            ("/", "suchen; die Auswahlfelder filtern nach Entscheidung, Feld, Kanal"),
            ("Leertaste", "Idee markieren (mehrere für f)"),
            ("f", "Handlungsfeld zuordnen (markierte oder die gewählte Idee)"),
            ("a", "als neue Maßnahme aufnehmen (Formular aus der Idee vorbefüllt)"),
            ("l", "einer bestehenden Maßnahme zuordnen (Suche nach Nr. oder Titel)"),
            ("m", "mit einer anderen Idee zusammenführen"),
            ("d", "nicht aufnehmen, mit Begründung"),
            ("o", "Entscheidung zurücknehmen: wieder prüfen"),
            ("Bild↓ Bild↑", "nächste / vorige Seite"),
        ],
    ),
]


class HelpScreen(ReadingDialog):
    BINDINGS = [
        Binding("escape", "close", "Schließen"),
        Binding("f1", "close", show=False),
        Binding("question_mark", "close", show=False),
        Binding("q", "close", show=False),
    ]

    def compose(self) -> ComposeResult:
        # a grid: a long key or description wraps inside its own column, at a word's end
        # (at 80 columns the descriptions ran on at the left edge, under the keys)
        narrow = self.app.size.width < 100
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=False, max_width=20 if narrow else 30, style="bold cyan")
        grid.add_column(ratio=1)
        grid.add_row(Text("massnahmen – Tastenbelegung", style="bold"), "")
        for section, keys in HELP:
            grid.add_row("", "")
            grid.add_row(Text(section, style="bold underline"), "")
            for key, what in keys:
                grid.add_row(Text(key), Text(what))
        with Vertical(classes="dialog full"):
            with VerticalScroll(id="help-scroll"):
                yield Static(grid)
                yield Static(
                    Text(
                        "\nDie Maus geht auch: Klick wählt, Doppelklick öffnet, Klick auf eine Zahl der "
                        "Übersicht zeigt die Maßnahmen dahinter.",
                        style="dim",
                    )
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Schließen", id="close")
