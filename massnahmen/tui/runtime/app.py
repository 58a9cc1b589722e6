"""The officers' app: five screens (Übersicht, Maßnahmen, Kontakte, Handlungsfelder, Ideen), help,
command palette, and one gate through which every database call passes."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from time import monotonic

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from massnahmen.domain.clock import today
from massnahmen.domain.errors import MassnahmenError
from massnahmen.domain.text import one_line, printable
from massnahmen.store.db import Store
from massnahmen.tui import clipboard, themes
from massnahmen.tui.hints import hint as tui_hint
from massnahmen.tui.query import TuiFilter
from massnahmen.tui.runtime import quiet
from massnahmen.tui.runtime.compat import GermanCommandPalette, compose_ahead, styled_as_app
from massnahmen.tui.runtime.gate import DbGate
from massnahmen.tui.runtime.keyorder import KeyGate, KeyPassed
from massnahmen.tui.runtime.palette import commands_provider
from massnahmen.tui.screens.base import DataScreen

SCREEN_NAMES = {
    "overview": "Übersicht",
    "measures": "Maßnahmen",
    "contacts": "Kontakte",
    "fields": "Handlungsfelder",
    "ideas": "Ideen",
}


class MassnahmenApp(App):
    CSS_PATH = "../styles.tcss"
    TITLE = "massnahmen"
    DEFAULT_MODE = "overview"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"
    COMMANDS = {commands_provider}  # the app's commands, found also without umlauts ("uberf")

    BINDINGS = [
        Binding("1", "switch('overview')", "Übersicht", key_display="1"),
        Binding("2", "switch('measures')", "Maßnahmen", key_display="2"),
        Binding("3", "switch('contacts')", "Kontakte", key_display="3"),
        Binding("4", "switch('fields')", "Felder", key_display="4"),
        Binding("5", "switch('ideas')", "Ideen", key_display="5"),
        Binding("g", "go_to_code", "Gehe zu Nr.", show=False),
        Binding("y", "copy", "Kopieren", show=False),
        Binding("f1", "help", "Hilfe"),
        Binding("question_mark", "help", "Hilfe", show=False),
        Binding("f5", "refresh_data", "Neu laden", show=False),
        Binding("ctrl+r", "refresh_data", "Neu laden", show=False),
        Binding("q", "quit", "Beenden"),
    ]

    def __init__(self, store: Store, *, poll_seconds: float = 2.0, start: str = "overview") -> None:
        # Textual reads MODES and DEFAULT_MODE from the app object; this app's start screen is chosen per
        # run (MASSNAHMEN_TUI_START), so they are set on the instance, which Textual's ClassVar types forbid
        modes: dict[str, str | Callable[[], Screen]] = {
            "overview": self._lazy("overview", "OverviewScreen"),
            "measures": self._lazy("measures", "MeasuresScreen"),
            "contacts": self._lazy("contacts", "ContactsScreen"),
            "fields": self._lazy("fields", "FieldsScreen"),
            "ideas": self._lazy("ideas", "IdeasScreen"),
        }
        self.MODES = modes  # type: ignore[misc]
        self.DEFAULT_MODE = start if start in SCREEN_NAMES else "overview"  # type: ignore[misc]  # (see MODES)
        super().__init__()
        self.store = store
        store.use_large_cache()
        self.db = DbGate(store, self.show_error, self.call_from_thread)
        self.poll_seconds = poll_seconds
        self.pending_filter: TuiFilter | None = None
        # what takes the last change of many measures back (tui.bulk), until the next change
        self.bulk_undo: list | None = None
        self.pending_code: str | None = None
        # what the screens share, set by the screen it belongs to (no screen reads another's widgets):
        # the Maßnahmen screen's filter, the contact under the Kontakte screen's cursor
        self.current_filter: TuiFilter | None = None
        self.highlighted_contact = None
        self.last_input = self.clock()  # of the last key or click (when_quiet)
        self.key_gate = KeyGate(self, super().on_event)  # keys take effect one after another
        # read before any worker uses the connection: in on_mount this call had to wait for them,
        # inside Textual's start-up batch, i.e. before the first frame could be shown
        self._data_version: int | None = store.data_version()
        self.sub_title = str(store.path)
        self.scheme = themes.prepare(self, store)  # the officer's colour scheme, as early as the above

    def _lazy(self, module: str, name: str) -> Callable[[], Screen]:
        """A screen factory that imports its module only when the screen is first shown."""

        def make() -> Screen:
            screen = getattr(importlib.import_module(f"massnahmen.tui.screens.{module}"), name)()
            if self.screen_stacks_filled():
                # once the first screen has brought the theme's variables in, a later screen is up
                # to date as it is (it would re-read every stylesheet, about 70 ms)
                styled_as_app(screen, self)
            return screen

        return make

    def stack_of(self, mode: str) -> list[Screen]:
        """The screens of a mode, bottom first; none before the mode was first shown."""
        try:
            return self.get_screen_stack(mode)
        except KeyError:
            return []

    def screen_stacks_filled(self) -> bool:
        """Whether any mode has a screen already."""
        return any(self.stack_of(mode) for mode in self.MODES)

    def base_screens(self) -> list[tuple[str, Screen]]:
        """The screen at the bottom of each mode's stack (the mode's own screen), once it exists."""
        return [(mode, stack[0]) for mode in self.MODES if (stack := self.stack_of(mode))]

    def on_ready(self) -> None:
        self.run_worker(self._import_ahead, thread=True, group="import-ahead", exit_on_error=False)

    @staticmethod
    def _import_ahead() -> None:
        """After the first frame, while the officer reads it: the Maßnahmen screen's modules (the
        store's measure queries, the table, the choice lists) that the first frame did without, so
        that `2` need not wait for them: ≈ 40 ms on an idle machine (-X importtime; no pydantic since
        the screen reads plain records, which cost ≈ 100 ms more before). (An import the UI thread
        starts meanwhile waits for this one to finish.)"""
        importlib.import_module("massnahmen.tui.screens.measures")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self.last_input = self.clock()
        if isinstance(event, events.Key) and not event.is_forwarded:  # from the terminal
            await self.key_gate.handle(event)  # in turn: the keys before it have been dealt with
            return
        await super().on_event(event)

    async def on_key_passed(self, message: KeyPassed) -> None:
        await self.key_gate.passed(message)

    QUIET_SECONDS = 1.0  # no key or click for this long: time for work ahead (when_quiet)
    clock: Callable[[], float] = staticmethod(monotonic)  # when_quiet's clock (tests move their own)

    def when_quiet(self, owner: Widget, callback: Callable[[], None], seconds: float | None = None) -> None:
        """Call back once neither a key nor a click came for `seconds`: for work ahead that blocks
        the screen for a moment, done while the officer reads rather than types. The waiting ends
        with owner (a screen, say), so nothing is called back on a closing app."""
        quiet.when_quiet(
            owner, callback, self.QUIET_SECONDS if seconds is None else seconds, lambda: self.last_input, self.clock
        )

    def compose_ahead(self, screen: Screen) -> None:
        """Compose, style and lay out an installed screen without showing it (work ahead)."""
        compose_ahead(self, screen)

    def _first_screen_styled(self) -> None:
        """The first screen is drawn with the stylesheet as it is, but Textual's start leaves its CSS
        counter behind the app's: coming back to it would re-read every stylesheet (about 70 ms)."""
        styled_as_app(self.screen, self)

    def _collector_back_on(self) -> None:
        quiet.collector_back_on(self, self.QUIET_SECONDS, lambda: self.last_input, self.clock)

    @property
    def today(self):
        return today()

    def on_mount(self) -> None:
        self.db.on_ui_thread()
        if quiet.collector_paused():  # started by the command line without the cycle collector
            self.call_after_refresh(self._collector_back_on)
        self.call_after_refresh(self._first_screen_styled)
        themes.install(self, self.scheme)
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.check_external_changes)

    # -- screens -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("switch", "quit", "help", "refresh_data") and isinstance(self.screen, ModalScreen):
            return False
        if action == "copy":
            return clipboard.available(self, self.screen)
        return True

    def action_switch(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def show_measures(self, flt: TuiFilter, code: str | None = None) -> None:
        """Open the Maßnahmen screen with this filter (from the overview, contacts, fields)."""
        self.pending_filter = flt
        self.pending_code = code
        if self.current_mode == "measures":
            screen = self.screen
            if hasattr(screen, "take_pending"):
                screen.take_pending()
        else:
            self.switch_mode("measures")

    def action_go_to_code(self) -> None:
        """Ask for a Nr. and show exactly that measure (also an archived one) in the Maßnahmen table."""
        from massnahmen.store.measures import get_measure  # with pydantic: not for the first frame
        from massnahmen.tui.dialogs.common import TextDialog  # on first use: not needed for the first frame

        def go(code: str | None) -> None:
            if not code:
                return
            try:
                measure = self.db.call(lambda s: get_measure(s, code, reviews=0))
            except MassnahmenError as exc:
                self.show_error(exc)
                return
            self.show_measures(TuiFilter(archived="only" if measure.archived else "exclude"), code=measure.code)

        self.push_screen(TextDialog("Gehe zu Nr.", placeholder="z. B. 3.2.1"), go)

    def action_help(self) -> None:
        from massnahmen.tui.dialogs.common import HelpScreen  # on first use: not needed for the first frame

        self.push_screen(HelpScreen(classes="dialog-screen"))

    def on_measures(self, action: str) -> Callable[[], None]:
        """A palette command that runs the Maßnahmen screen's action (showing that screen first)."""

        def run() -> None:
            if self.current_mode != "measures":
                self.switch_mode("measures")
            self.call_after_refresh(lambda: getattr(self.screen, f"action_{action}", lambda: None)())

        return run

    def action_copy(self) -> None:
        clipboard.choose(self)

    def action_new_measure(self) -> None:
        self.on_measures("new")()

    def action_show_overdue(self) -> None:
        self.show_measures(TuiFilter(overdue=True, sort="review_date"))

    def action_show_archive(self) -> None:
        self.show_measures(TuiFilter(archived="only"))

    def action_backup(self) -> None:
        try:
            target = self.db.call(lambda s: s.backup())
        except MassnahmenError as exc:
            self.show_error(exc)
            return
        self.notify(f"Sicherung angelegt: {target}", title="Sicherung", markup=False)

    # -- refreshing --------------------------------------------------------------------------
    def action_refresh_data(self) -> None:
        self.refresh_screens(announce=False)
        self.notify("Neu geladen.", timeout=2, markup=False)

    def refresh_screens(self, *, announce: bool) -> None:
        ok, version = self.db.try_call(lambda s: s.data_version())
        if ok:
            self._data_version = version
        for mode, base in self.base_screens():
            if isinstance(base, DataScreen):
                base.stale = True
                if base is self.screen or self.current_mode == mode:
                    base.refresh_data()
        if announce:
            from massnahmen.tui.dialogs.formbase import FormScreen  # loaded already when a form is open

            text = "Andere haben die Datei geändert; die Anzeige ist neu geladen."
            if isinstance(self.screen, FormScreen):  # short: over a form (its buttons stay free)
                text += " Ihr Formular bleibt, wie es ist."
            self.notify(text, timeout=5, markup=False)

    def check_external_changes(self) -> None:
        """Notice commits of other processes (CLI, a colleague's TUI) via PRAGMA data_version."""
        try:
            ok, version = self.db.try_call(lambda s: s.data_version())
        except MassnahmenError:
            return
        if ok and self._data_version is not None and version != self._data_version:
            self._data_version = version
            self.refresh_screens(announce=True)

    def on_app_focus(self) -> None:
        self.check_external_changes()

    def after_write(self) -> None:
        """Our own commits do not change data_version; refresh the screens anyway. A change ends
        the undo of the last change of many measures."""
        self.bulk_undo = None
        for mode, base in self.base_screens():
            if isinstance(base, DataScreen):
                base.stale = True
                if mode == self.current_mode:
                    base.refresh_data()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast shows its text as data: never Textual markup ("[bold]x[/]" or "[/]" in a
        title appear as typed), control characters made visible."""
        super().notify(
            printable(str(message)), title=printable(str(title or "")), severity=severity, timeout=timeout, markup=False
        )

    def show_error(self, exc: MassnahmenError | str) -> None:
        """A notification; the hint is the TUI's (keys, buttons), never a command line's."""
        message = exc.message if isinstance(exc, MassnahmenError) else str(exc)
        hint = tui_hint(exc) if isinstance(exc, MassnahmenError) else None
        if hint:
            message += "\n" + hint
        self.notify(message, title="Fehler", severity="error", timeout=8, markup=False)

    # -- command palette ---------------------------------------------------------------------
    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(GermanCommandPalette())

    def get_system_commands(self, screen: Screen):
        yield SystemCommand("Neue Maßnahme", "Eine Maßnahme anlegen (n)", self.action_new_measure)
        yield SystemCommand(
            "Überfällige zeigen", "Offene Maßnahmen, deren Wiedervorlage vorbei ist", self.action_show_overdue
        )
        for mode, name in SCREEN_NAMES.items():
            yield SystemCommand(
                f"Wechseln zu: {name}", f"Bildschirm „{name}“ zeigen", lambda m=mode: self.action_switch(m)
            )
        yield SystemCommand("Archiv zeigen", "Archivierte Maßnahmen ansehen und zurückholen", self.action_show_archive)
        yield SystemCommand(
            "Sicherung jetzt anlegen", "Eine Kopie der Datenbank neben die Datei legen", self.action_backup
        )
        yield SystemCommand("Neu laden", "Änderungen anderer übernehmen (F5)", self.action_refresh_data)
        from massnahmen.tui.dialogs.documents import document_commands  # on first use: not needed for the first frame

        yield from document_commands(self)
        yield SystemCommand("Gehe zu Nr.", "Eine Maßnahme über ihre Nr. öffnen (g)", self.action_go_to_code)
        yield SystemCommand(
            "Auswahl bearbeiten",
            "Alle markierten Maßnahmen auf einmal ändern (Leertaste markiert, b)",
            self.on_measures("bulk"),
        )
        yield SystemCommand(
            "Alle markieren", "Alle Maßnahmen markieren, die der Filter zeigt (*)", self.on_measures("mark_all")
        )
        yield SystemCommand(
            "Rückgängig", "Die letzte Änderung einer Auswahl zurücknehmen (Strg+Z)", self.on_measures("undo")
        )
        yield SystemCommand(
            "Filter", "Mehrere Status, alle offenen, mehrere Handlungsfelder, Ampel (f)", self.on_measures("filter")
        )
        yield SystemCommand(
            "Ansicht speichern",
            "Filter und Sortierung unter einem Namen für alle aufheben (V)",
            self.on_measures("save_view"),
        )
        yield SystemCommand("Ansicht wählen", "Eine gespeicherte Ansicht zeigen (v)", self.on_measures("choose_view"))
        yield from themes.commands(self)
        yield from clipboard.commands(self, screen)
        yield SystemCommand("Hilfe", "Tastenbelegung (F1)", self.action_help)
        yield SystemCommand("Beenden", "massnahmen schließen (q)", self.action_quit)


def run_tui(store: Store, start: str | None = None) -> None:
    """Run the app; start names the first screen (overview, measures, contacts, fields)."""
    MassnahmenApp(store, start=start if start in SCREEN_NAMES else "overview").run()


def title_text(code: str, title: str) -> Text:
    out = Text(printable(code), style="bold")
    out.append("  ")
    out.append(one_line(title))
    return out
