"""Answers to a Sachstandsabfrage: a request workbook filled in by a partner (also re-saved by Excel
or LibreOffice, renamed, or saved as .ods or .xls) becomes one Sachstand per filled row.

read_answer() checks the file without touching the database; plan_answer() compares it with the
database (already imported? changed by the office since the request went out?); apply_answer()
writes the Sachstände through store.measures.add_review, the contact's name as author."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from massnahmen.domain.dates import german, parse_date
from massnahmen.domain.errors import InvalidValue, MassnahmenError
from massnahmen.domain.request_form import (
    FILL_KEYS,
    GIVEN,
    MARKER,
    MARKER_FIRST_ROW,
    MARKER_KEYS,
    MARKER_SHEET,
    MAX_ID_DIGITS,
    SHEET,
    TO_FILL,
    same_token,
)
from massnahmen.domain.reviews import check_review_day, is_placeholder
from massnahmen.domain.text import fold_key
from massnahmen.domain.vocab import ASSESSMENT, STATUS
from massnahmen.importing.spreadsheet import cell_text, open_workbook, sheet_names
from massnahmen.store import requests as req
from massnahmen.store.backups import KEEP_IMPORT_BACKUPS, backup_before_import
from massnahmen.store.db import busy_timeout
from massnahmen.store.measures import add_review


class AnswerRefused(MassnahmenError):
    """The answer file as a whole cannot be used (no marker, another database, no „Abfrage“)."""


def _text(value) -> str:
    return cell_text(value).strip()


def is_answer_file(path: Path) -> bool:
    """Does the spreadsheet carry the hidden marker of a request workbook?"""

    try:
        book = open_workbook(Path(path))
    except MassnahmenError:
        return False
    try:
        if MARKER_SHEET not in book.sheet_names:
            return False
        rows = book.get_sheet_by_name(MARKER_SHEET).to_python(nrows=1)
        return bool(rows) and bool(rows[0]) and _text(rows[0][0]) == MARKER
    except Exception:  # a damaged sheet is no answer file; the ordinary import will say why
        return False
    finally:
        book.close()


@dataclass
class Marked:
    """One measure as the request sent it (from the hidden sheet)."""

    code: str
    measure_id: int
    version: int
    row: int  # its row in „Abfrage“


@dataclass
class AnswerRow:
    line: int
    code: str
    measure_id: int | None = None
    note: str | None = None
    status: str | None = None
    assessment: str | None = None
    next_review: date | None = None
    day: date | None = None
    problems: list[str] = field(default_factory=list)
    # planning
    state: str = ""  # new, duplicate, conflict, accepted, skipped
    office_changes: list = field(default_factory=list)
    current_code: str | None = None

    def values_text(self) -> str:
        parts = []
        if self.note:
            parts.append(f"Sachstand „{self.note if len(self.note) <= 60 else self.note[:60] + '…'}“")
        if self.status:
            parts.append(f"Status {STATUS.label(self.status)}")
        if self.assessment:
            parts.append(f"Ampel {ASSESSMENT.label(self.assessment)}")
        if self.next_review:
            parts.append(f"Wiedervorlage {german(self.next_review)}")
        return ", ".join(parts)


@dataclass
class Answer:
    path: Path
    sheet: str
    request_id: int
    token: str
    contact_id: int
    author: str  # the contact's name as the database has it (plan_answer), never a cell of the file
    file_day: date
    marked: list[Marked] = field(default_factory=list)  # the measures the hidden sheet names
    rows: list[AnswerRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # with sheet, row and column
    empty: int = 0  # rows left empty
    notes: list[str] = field(default_factory=list)


def _number(text: str) -> int | None:
    """A whole number as the hidden sheet holds it (ASCII digits only: „²“, „１“ or 10^23 are none)."""
    if 0 < len(text) <= MAX_ID_DIGITS and text.isascii() and text.isdigit():
        return int(text)
    return None


def _damaged(path: Path, detail: str) -> AnswerRefused:
    return AnswerRefused(
        f"Die Kennzeichnung in „{path.name}“ ist beschädigt ({detail}); die Datei lässt sich "
        "keiner Abfrage zuordnen und wird nicht übernommen.",
        hint="Die Antwort in der verschickten Datei ausfüllen; das unsichtbare Blatt nicht ändern.",
    )


def _marker(book, path: Path) -> tuple[dict[str, str], list[Marked]]:
    rows = book.get_sheet_by_name(MARKER_SHEET).to_python(skip_empty_area=False)
    if not rows or not rows[0] or _text(rows[0][0]) != MARKER:
        raise AnswerRefused(f"„{path.name}“ ist keine Sachstandsabfrage von massnahmen.")
    meta: dict[str, str] = {}
    marked: list[Marked] = []
    for index, cells in enumerate(rows):
        cells = [_text(c) for c in cells[:4]] + ["", "", "", ""]
        if index < MARKER_FIRST_ROW:
            if cells[0]:
                meta[cells[0]] = cells[1]
            continue
        if not any(cells[:4]):
            continue
        numbers = [_number(c) for c in cells[1:4]]
        if not cells[0] or None in numbers:
            bad = next((c for c, n in zip(cells[1:4], numbers, strict=True) if n is None), "")
            what = f"„{bad[:30]}“ ist keine Nummer" if bad else "eine Angabe fehlt"
            raise _damaged(path, f"Zeile {index + 1} des unsichtbaren Blatts „{MARKER_SHEET}“: {what}")
        measure_id, version, row = (n for n in numbers if n is not None)  # (all three are numbers here)
        marked.append(Marked(cells[0], measure_id, version, row))
    for key in MARKER_KEYS:
        if not meta.get(key):
            raise AnswerRefused(
                f"Die Kennzeichnung in „{path.name}“ ist unvollständig ({key} fehlt); die Datei "
                "lässt sich nicht einer Abfrage zuordnen."
            )
    for key in ("request", "contact"):
        if _number(meta[key]) is None:
            raise _damaged(path, f"„{meta[key][:30]}“ ist keine Nummer ({key})")
    if not marked:
        raise _damaged(path, "keine Maßnahme genannt")
    return meta, marked


def _answer_sheet(book, path: Path):
    """„Abfrage“, else the first visible sheet whose first row holds our titles (renamed by the partner)."""

    names = sheet_names(book)
    if SHEET in names:
        return book.get_sheet_by_name(SHEET)
    for name in names:
        sheet = book.get_sheet_by_name(name)
        first: list = next(iter(sheet.iter_rows()), [])
        if {fold_key(_text(c)) for c in first} >= {fold_key(t) for t in ("Nr.", *TO_FILL[:1])}:
            return sheet
    raise AnswerRefused(f"In „{path.name}“ fehlt das Blatt „{SHEET}“.")


def read_answer(path: Path, *, today: date) -> Answer:
    path = Path(path)
    book = open_workbook(path)
    try:
        return _read_answer(book, path, today)
    except MassnahmenError:
        raise
    except Exception as exc:  # calamine's errors for a damaged sheet
        raise AnswerRefused(f"„{path.name}“ lässt sich nicht lesen ({' '.join(str(exc).split())[:100]}).") from None
    finally:
        book.close()


def _read_answer(book, path: Path, today: date) -> Answer:
    meta, marked = _marker(book, path)
    sheet = _answer_sheet(book, path)
    answer = Answer(
        path=path,
        sheet=sheet.name,
        request_id=int(meta["request"]),
        token=meta["token"],
        contact_id=int(meta["contact"]),
        author="",
        file_day=_file_day(path, today),
        marked=marked,
    )
    _read_rows(answer, sheet, marked, today)
    return answer


def _file_day(path: Path, today: date) -> date:
    """The day the answer file was last saved (not after today)."""
    try:
        saved = date.fromtimestamp(path.stat().st_mtime)
    except (OSError, ValueError, OverflowError):
        return today
    return min(saved, today)


def _read_rows(answer: Answer, sheet, marked: list[Marked], today: date) -> None:
    first = sheet.start[0] if sheet.start else 0
    rows = list(sheet.iter_rows())
    if not rows:
        raise AnswerRefused(f"Das Blatt „{answer.sheet}“ in „{answer.path.name}“ ist leer.")
    header = [fold_key(_text(c)) for c in rows[0]]
    where: dict[str, int] = {}
    for title in (*GIVEN, *TO_FILL):
        key = fold_key(title)
        if key in header:
            where[title] = header.index(key)
    if "Nr." not in where:
        raise AnswerRefused(f"Blatt „{answer.sheet}“: die Spalte „Nr.“ fehlt; bitte die Kopfzeile nicht ändern.")
    missing = [t for t in TO_FILL if t not in where]
    if len(missing) == len(TO_FILL):
        raise AnswerRefused(f"Blatt „{answer.sheet}“: die Spalten zum Ausfüllen ({', '.join(TO_FILL)}) fehlen.")
    by_code = {m.code: m for m in marked}
    by_row = {m.row: m for m in marked}
    place = f"Blatt „{answer.sheet}“"
    for offset, cells in enumerate(rows[1:], start=2):
        line = first + offset
        cells = list(cells)

        def cell(title: str, cells: list = cells):  # (this row's cells, bound now)
            index = where.get(title)
            return cells[index] if index is not None and index < len(cells) else ""

        filled = {key: cell(title) for key, title in zip(FILL_KEYS, TO_FILL, strict=True)}
        if is_placeholder(_text(filled["note"])):  # „–“, „unverändert“ …: no Sachstand (domain.reviews)
            filled["note"] = ""
        if not any(_text(v) for v in filled.values()):
            if any(_text(c) for c in cells):
                answer.empty += 1
            continue
        raw_code = cell("Nr.")
        code = _text(raw_code) if raw_code.__class__ is str else cell_text(raw_code)
        row = AnswerRow(line=line, code=code)
        problems = row.problems

        def problem(title: str, message: str, problems: list[str] = problems, line: int = line) -> None:
            problems.append(f"{place}, Zeile {line}, Spalte „{title}“: {message}")

        item = by_code.get(code)
        if item is None:
            sent = by_row.get(offset)
            if not code:
                problem("Nr.", "ist leer – die Angaben lassen sich keiner Maßnahme zuordnen")
            elif sent is not None:
                problem(
                    "Nr.",
                    f"„{code}“ wurde geändert (verschickt wurde „{sent.code}“); bitte die Nr. nicht "
                    "ändern – die Angaben werden nicht übernommen",
                )
            else:
                problem("Nr.", f"„{code}“ gehört nicht zu dieser Abfrage; die Angaben werden nicht übernommen")
        else:
            row.measure_id = item.measure_id
        row.note = _text(filled["note"]) or None
        for key, title, vocab in (("status", "Neuer Status", STATUS), ("assessment", "Neue Ampel", ASSESSMENT)):
            text = _text(filled[key])
            if text:
                try:
                    setattr(row, key, vocab.parse(text, label=title))
                except InvalidValue as exc:
                    problem(title, exc.detail)
        for key, title, attr in (("next_review", "Neue Wiedervorlage", "next_review"), ("date", "Stand am", "day")):
            value = filled[key]
            if value.__class__ is float:
                problem(title, f"„{cell_text(value)}“ ist eine Zahl, kein Datum (erwartet z. B. 31.12.2026)")
                continue
            text = _text(value)
            if text:
                try:
                    setattr(row, attr, parse_date(text, label=title))
                except InvalidValue as exc:
                    problem(title, exc.detail)
        if row.day is not None:
            try:
                check_review_day(row.day, today)
            except InvalidValue as exc:
                problem("Stand am", exc.detail)
        if not row.note and not problems:
            words = [
                w
                for w in (
                    row.status and f"Status „{STATUS.label(row.status)}“",
                    row.assessment and f"Ampel „{ASSESSMENT.label(row.assessment)}“",
                    row.next_review and f"Wiedervorlage {german(row.next_review)}",
                )
                if w
            ]
            row.note = "Rückmeldung zur Sachstandsabfrage: " + ", ".join(words)
        answer.problems.extend(problems)
        answer.rows.append(row)


@dataclass
class AnswerPlan:
    answer: Answer
    new: list[AnswerRow] = field(default_factory=list)
    duplicate: list[AnswerRow] = field(default_factory=list)
    conflicts: list[AnswerRow] = field(default_factory=list)  # undecided
    accepted: list[AnswerRow] = field(default_factory=list)  # conflicts taken with --accept
    skipped: list[AnswerRow] = field(default_factory=list)
    failed: list[AnswerRow] = field(default_factory=list)
    written: bool = False
    backup: Path | None = None


def _chosen(code: str, choices: list[str]) -> bool:
    return any(c.strip().lower() == "all" or c.strip() == code for c in choices)


def check_binding(store, answer: Answer):
    """The answer's file against the request as the database recorded it (store.requests.Binding):
    the recipient got this request, the token is the one of their workbook, every measure the hidden
    sheet names went to them. AnswerRefused saying what does not fit; sets the answer's author."""

    name = answer.path.name
    bound = req.binding(store, answer.request_id, answer.contact_id)
    if bound is None:
        raise AnswerRefused(
            f"„{name}“ nennt als Empfänger den Kontakt Nr. {answer.contact_id}, der die "
            f"Sachstandsabfrage Nr. {answer.request_id} nicht bekommen hat; nichts übernommen."
        )
    if not bound.request.complete:
        raise AnswerRefused(
            f"Die Sachstandsabfrage Nr. {answer.request_id} wurde nicht vollständig angelegt "
            "(abgebrochen); Antworten darauf werden nicht übernommen."
        )
    if not bound.token or not same_token(answer.token, bound.token):
        raise AnswerRefused(
            f"Der Prüfwert von „{name}“ passt nicht zur Sachstandsabfrage Nr. {answer.request_id} "
            f"an {bound.author}: die Datei wurde verändert oder gehört einer anderen Person oder "
            "Abfrage; nichts übernommen."
        )
    sent = {i.measure_id: i for i in bound.items}
    for m in answer.marked:
        item = sent.get(m.measure_id)
        if item is None or item.code != m.code:
            raise AnswerRefused(
                f"„{name}“ nennt die Maßnahme „{m.code}“, die mit der Sachstandsabfrage Nr. "
                f"{answer.request_id} nicht an {bound.author} ging; nichts übernommen."
            )
    answer.author = bound.author
    return bound


def plan_answer(store, answer: Answer, *, accept: list[str], skip: list[str]) -> AnswerPlan:
    bound = check_binding(store, answer)
    items = {i.measure_id: i for i in bound.items}
    plan = AnswerPlan(answer)
    for row in answer.rows:
        if row.problems:
            plan.failed.append(row)
            continue
        item = items.get(row.measure_id) if row.measure_id is not None else None
        state = req.measure_state(store, item.measure_id) if item else None
        if item is None or state is None:
            row.problems.append(
                f"Blatt „{answer.sheet}“, Zeile {row.line}, Spalte „Nr.“: die Maßnahme „{row.code}“ gibt es nicht mehr"
            )
            answer.problems.extend(row.problems)
            plan.failed.append(row)
            continue
        row.current_code, version = state
        day = (row.day or answer.file_day).isoformat()
        if req.same_review_exists(store, item.measure_id, day, answer.author, row.note or ""):
            plan.duplicate.append(row)
            continue
        if _chosen(row.code, skip):
            plan.skipped.append(row)
            continue
        if version not in (item.version, item.answered_version):
            row.office_changes = req.changes_since(store, item.measure_id, item.answered_version or item.version)
            if _chosen(row.code, accept):
                plan.accepted.append(row)
            else:
                plan.conflicts.append(row)
            continue
        plan.new.append(row)
    return plan


def apply_answer(store, plan: AnswerPlan) -> None:
    """Write the new and accepted rows as Sachstände (author: the contact as the database has it),
    after a backup, in one transaction: whether a row was taken already is checked again inside it,
    so the same answer imported twice at the same time gives its Sachstände once."""

    todo = plan.new + plan.accepted
    if not todo:
        return
    plan.backup = backup_before_import(Path(store.path), keep=KEEP_IMPORT_BACKUPS, busy_timeout=busy_timeout())
    answer = plan.answer
    officer = store.user
    store.user = answer.author  # the Sachstand is the partner's
    taken: list[AnswerRow] = []
    try:
        with store.write():
            check_binding(store, answer)  # the request may have been deleted meanwhile
            items = {i.measure_id: i for i in req.request_items(store, answer.request_id, answer.contact_id)}
            for row in todo:
                measure_id = row.measure_id
                assert measure_id is not None  # a planned row was found in the request's items
                day = (row.day or answer.file_day).isoformat()
                if req.same_review_exists(store, measure_id, day, answer.author, row.note or ""):
                    continue  # another import of the same answer came first
                measure, review = add_review(
                    store,
                    row.current_code or row.code,
                    row.note or "",
                    status=row.status,
                    assessment=row.assessment,
                    next_review=row.next_review,
                    on=row.day or answer.file_day,
                )
                req.mark_answered(store, items[measure_id].id, review_id=review.id, version=measure.version)
                taken.append(row)
    finally:
        store.user = officer
    late = [r for r in todo if r not in taken]
    if late:
        plan.new = [r for r in plan.new if r in taken]
        plan.accepted = [r for r in plan.accepted if r in taken]
        plan.duplicate.extend(late)
    plan.written = bool(taken)
