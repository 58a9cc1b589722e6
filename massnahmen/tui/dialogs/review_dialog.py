"""Sachstand erfassen: note, its date (today unless the officer gives an earlier meeting's), new
status, Ampel (unchanged, a colour, or reset to „nicht bewertet“), next review date (proposed six
months after the Sachstand)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Select, Static, TextArea

from massnahmen.domain.attributes import display_value, label
from massnahmen.domain.dates import german, parse_date, weeks_later
from massnahmen.domain.errors import ConflictError, InvalidValue, MassnahmenError, ValidationFailed, WriteCancelled
from massnahmen.domain.merge import changed_by_both, review_changes, review_to_write
from massnahmen.domain.reviews import (
    NEXT_REVIEW,
    REVIEW_DAY,
    check_next_review,
    check_review_day,
    needs_next_review,
    proposed_next_review,
)
from massnahmen.domain.text import one_line, printable
from massnahmen.domain.vocab import ASSESSMENT, STATUS, assessment_text
from massnahmen.store.measures import add_review, get_measure
from massnahmen.tui.dialogs.common import ConflictDialog
from massnahmen.tui.dialogs.formbase import FormScreen, form_row, opts, save_cancel_buttons
from massnahmen.tui.dialogs.writing import run_write
from massnahmen.tui.widgets.choice import Choice

LABELS = {"Sachstand": "note", REVIEW_DAY: "date", "Status": "status", "Ampel": "assessment", NEXT_REVIEW: "next"}
KEEP, RESET = "keep", "none"  # the Ampel choices besides the colours


def assessment_choices(current: str | None) -> list:
    """„unverändert“ (naming the stored Ampel), the colours, and „nicht bewertet“ that resets it."""
    return opts(
        [
            (f"unverändert – {assessment_text(current)}", KEEP),
            *((f"{t.label} ({t.description})", t.key) for t in ASSESSMENT.terms),
            ("nicht bewertet (Ampel zurücksetzen)", RESET),
        ]
    )


class ReviewDialog(FormScreen):
    def __init__(self, code: str) -> None:
        super().__init__(classes="dialog-screen")
        self.code = code
        self.version: int | None = None
        self.proposal = ""
        self.shown_review_date = None  # the Wiedervorlage stored when the dialog was (re)loaded
        self.shown_assessment: str | None = None  # and the Ampel („unverändert“ stands for it)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog full form review"):
            yield Static(Text("Sachstand erfassen", style="bold"), id="form-title")
            yield Static("", id="review-head")
            with VerticalScroll(id="form-body", can_focus=False):  # the fields take the keys
                yield form_row(
                    "note",
                    "Sachstand*",
                    TextArea(id="in-note", soft_wrap=True, show_line_numbers=False, tab_behavior="focus"),
                )
                yield form_row("date", "Datum*", Input(placeholder="TT.MM.JJJJ", id="in-date"))
                yield form_row(
                    "status",
                    "Status",
                    Choice(
                        opts((STATUS.label(k), k) for k in STATUS.keys),
                        allow_blank=False,
                        value="geplant",
                        id="in-status",
                    ),
                )
                yield form_row(
                    "assessment",
                    "Ampel",
                    Choice(assessment_choices(None), allow_blank=False, value=KEEP, id="in-assessment"),
                )
                yield form_row(
                    "next",
                    "Nächste Wiedervorlage",
                    Input(placeholder="TT.MM.JJJJ oder +4 (Wochen nach dem Sachstand)", id="in-next"),
                )
            yield Static("", id="form-status")
            yield save_cancel_buttons()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#in-note", TextArea).focus()

    def load(self) -> None:
        try:
            measure = self.app.db.call(lambda s: get_measure(s, self.code, reviews=1))
        except MassnahmenError as exc:
            self.app.show_error(exc)
            self.dismiss(None)
            return
        self.version = measure.version
        self.shown_review_date = measure.review_date
        self.shown_assessment = measure.assessment
        head = Text()
        head.append(printable(measure.code), style="bold")
        head.append("  ")
        head.append(one_line(measure.title, 100))
        head.append("\nbisher: ", style="dim")
        head.append(STATUS.label(measure.status))
        head.append(" · Ampel ", style="dim")
        head.append(assessment_text(measure.assessment))
        head.append(" · Wiedervorlage ", style="dim")
        head.append(german(measure.review_date) or "–")
        if measure.reviews:
            last = measure.reviews[0]
            head.append(f"\nletzter Sachstand {german(last.date)}: ", style="dim")
            head.append(one_line(last.note, 90))
        self.query_one("#review-head", Static).update(head)
        self.query_one("#in-status", Select).value = measure.status
        assessment_list = self.query_one("#in-assessment", Select)
        assessment_list.set_options(assessment_choices(measure.assessment))
        assessment_list.value = KEEP
        # Textual's way to renew a reactive names it on the class; its stub types that as ambiguous
        assessment_list.mutate_reactive(Select.value)  # type: ignore[misc]  # the same value: the shown label is renewed only so
        self.query_one("#in-date", Input).value = german(self.app.today)
        self.proposal = german(proposed_next_review(self.app.today))
        self.query_one("#in-next", Input).value = self.proposal if needs_next_review(measure.status) else ""
        self.initial = self.collect()
        for key in LABELS.values():
            self.set_error(key, None)

    def collect(self) -> dict:
        """What the form holds; the Ampel as the value it means (its key, None for „nicht bewertet“):
        „unverändert“ and the colour shown when the dialog opened are one value, no change."""
        status = self.query_one("#in-status", Select).value
        assessment = self.query_one("#in-assessment", Select).value
        if assessment in (KEEP, Select.NULL):
            assessment = self.shown_assessment
        elif assessment == RESET:
            assessment = None
        return {
            "note": self.query_one("#in-note", TextArea).text,
            "date": self.query_one("#in-date", Input).value,
            "status": None if status is Select.NULL else status,
            "assessment": assessment,
            "next": self.query_one("#in-next", Input).value,
        }

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "in-status" or self.initial is None:
            return
        nxt = self.query_one("#in-next", Input)
        status = event.value if isinstance(event.value, str) else None
        if not needs_next_review(status) and nxt.value == self.proposal:
            nxt.value = ""  # a closed measure leaves the review cycle
        elif needs_next_review(status) and not nxt.value:
            nxt.value = self.proposal

    def review_day(self):
        """The Sachstand's date as entered (InvalidValue if it is none or not a date)."""
        day = parse_date(self.query_one("#in-date", Input).value, label=REVIEW_DAY)
        if day is None:
            raise InvalidValue(REVIEW_DAY, "darf nicht leer sein")
        check_review_day(day, self.app.today)
        return day

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "in-date":
            try:
                day = self.review_day()
            except InvalidValue as exc:
                self.set_error("date", exc.detail)
                return
            self.set_error("date", None)
            nxt = self.query_one("#in-next", Input)
            if nxt.value and nxt.value == self.proposal:  # the proposal follows the date
                self.proposal = nxt.value = german(proposed_next_review(day))
            else:
                self.proposal = german(proposed_next_review(day))
        elif event.input.id == "in-next":
            try:
                day = self.next_review(event.value)
                check_next_review(day, self.app.today)
                self.set_error("next", None)
            except InvalidValue as exc:
                self.set_error("next", exc.detail)
                return
            if event.value.strip().startswith("+"):  # say which day „+4“ is
                self.status(f"Nächste Wiedervorlage: {german(day)}")
                self._day_said = True
            elif getattr(self, "_day_said", False):
                self.status("")
                self._day_said = False

    def next_review(self, text: str):
        """The next Wiedervorlage as typed: a date, or „+4“ (Wochen) after the Sachstand's date."""
        weeks = weeks_later(text, label=NEXT_REVIEW)
        if weeks is None:
            return parse_date(text, label=NEXT_REVIEW)
        try:
            day = self.review_day()
        except InvalidValue:
            day = self.app.today
        return day + timedelta(weeks=weeks)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "in-note" and event.text_area.text.strip():
            self.set_error("note", None)

    def action_save(self) -> None:
        self.write(self.version, self.shown_review_date)

    def write(self, expected_version: int | None, stored_review_date, keep_theirs: Set[str] = frozenset()) -> None:
        """Save onto the stored state of expected_version, whose Wiedervorlage is stored_review_date
        (what the officer changed, and only that, as review_to_write decides; keep_theirs: the
        attributes both changed where the colleague's value stays)."""
        values = review_to_write(
            self.initial or {},
            self.collect(),
            read_review_date=self.shown_review_date,
            stored_review_date=stored_review_date,
            today=self.app.today,
            keep_theirs=keep_theirs,
        )
        for key in LABELS.values():
            self.set_error(key, None)
        try:
            day = self.review_day()
        except InvalidValue as exc:
            self.set_error("date", exc.detail)
            self.focus_first_error()
            self.status("Bitte prüfen: der Sachstand ist noch nicht gespeichert.", error=True)
            return
        if isinstance(values["next_review"], str):
            try:  # „+4“: four weeks after the Sachstand
                values["next_review"] = self.next_review(values["next_review"])
            except InvalidValue as exc:
                self.set_error("next", exc.detail)
                self.focus_first_error()
                self.status("Bitte prüfen: der Sachstand ist noch nicht gespeichert.", error=True)
                return
        self.status("Wird gespeichert …")
        run_write(
            self,
            lambda s: add_review(
                s,
                self.code,
                values["note"],
                status=values["status"],
                assessment=values["assessment"],
                clear_assessment=values["clear_assessment"],
                next_review=values["next_review"],
                on=day,
                expected_version=expected_version,
            ),
            self.saved,
        )

    def saved(self, result) -> None:
        self.status("")
        if isinstance(result, ValidationFailed):
            for problem in result.problems:
                self.set_error(LABELS.get(problem.label, "note"), problem.detail)
            self.focus_first_error()
            self.status("Bitte prüfen: der Sachstand ist noch nicht gespeichert.", error=True)
            return
        if isinstance(result, ConflictError):
            dialog = ConflictDialog(self.code, result.changes, self.clashes(result.changes))
            self.app.push_screen(dialog, lambda choice: self.resolve_conflict(choice, dialog.keep_theirs))
            return
        if isinstance(result, WriteCancelled):
            self.status(result.message, error=True)
            return
        if isinstance(result, MassnahmenError):
            self.status(result.message, error=True)
            self.app.show_error(result)
            return
        self.app.notify(f"Sachstand zu {self.code} gespeichert.", timeout=3, markup=False)
        self.dismiss(self.code)

    def clashes(self, changes: Sequence[Mapping[str, object]]) -> dict[str, tuple[str, str, tuple[str, str]]]:
        """What the officer and a colleague both changed (status, Ampel, Wiedervorlage): label, the
        officer's value as the form shows it, and who changed it to what – the officer chooses."""
        mine = review_changes(self.initial or {}, self.collect())
        out = {}
        for key, change in changed_by_both(mine, list(changes)).items():
            if key == "assessment":
                shown, theirs = assessment_text(mine[key]), assessment_text(change.get("new"))
            else:
                shown = display_value(key, mine[key]) if mine[key] else "keine"
                theirs = display_value(key, change.get("new")) if change.get("new") else "keine"
            out[key] = (label(key), shown, (change.get("author") or "?", theirs))
        return out

    def force(self, keep_theirs: Set[str] = frozenset()) -> None:
        """„Trotzdem übernehmen“: write the note and the fields the user changed onto the stored
        state, keeping what a colleague set in the meantime (see review_to_write)."""
        try:
            current = self.app.db.call(lambda s: get_measure(s, self.code, reviews=0))
        except MassnahmenError as exc:
            self.status(exc.message, error=True)
            self.app.show_error(exc)
            return
        self.write(current.version, current.review_date, keep_theirs)

    def resolve_conflict(self, choice: str | None, keep_theirs: Set[str] = frozenset()) -> None:
        if choice == "reload":
            note = self.query_one("#in-note", TextArea).text
            day = self.query_one("#in-date", Input).value
            self.load()
            self.query_one("#in-note", TextArea).text = note  # the note and its date are kept
            self.query_one("#in-date", Input).value = day
            self.status("Neu geladen: Status, Ampel und Wiedervorlage zeigen den gespeicherten Stand.")
        elif choice == "force":
            self.force(keep_theirs)
