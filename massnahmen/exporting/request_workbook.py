"""The workbook of a Sachstandsabfrage for one contact: sheet „Abfrage“ (what the office knows,
protected and grey; what the partner fills in, unlocked with drop-downs and date checks), sheet
„Hinweise“ in plain German, and a hidden sheet „massnahmen“ that ties the file to the request and
each measure's version. The hidden sheet survives opening and saving in Excel or LibreOffice, also
as .ods or .xls, so an answer is recognised whatever it is called."""

from __future__ import annotations

import csv
import re
from datetime import date
from typing import BinaryIO

from massnahmen.domain.csv_contract import protect
from massnahmen.domain.dates import german
from massnahmen.domain.request_form import (
    GIVEN,
    HEADER,
    MARKER,
    MARKER_FIRST_ROW,
    MARKER_SHEET,
    NOTES_SHEET,
    PROPERTY_VALUE,
    SHEET,
)
from massnahmen.domain.vocab import ASSESSMENT, STATUS
from massnahmen.store.files import OutputKind, first_line_is, workbook_of

WIDTHS = (9, 45, 16, 8, 14, 45, 55, 24, 12, 18, 12)
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2199, 12, 31)

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def safe_name(text: str, limit: int = 60) -> str:
    """A part of a file name that Windows accepts: no <>:"/\\|?* or control characters, no trailing
    dot or space, not a reserved device name (CON, NUL, COM1 …), not empty."""
    name = _UNSAFE.sub("_", " ".join(text.split()))[:limit].strip(" .")
    if not name:
        name = "Kontakt"
    if name.split(".")[0].strip().lower() in _RESERVED:
        name = "_" + name
    return name


def file_name(request_id: int, contact: str, taken: set[str]) -> str:
    """Sachstandsabfrage-<Nr>-<Name>.xlsx, unique (case-insensitive) among taken."""
    base = f"Sachstandsabfrage-{request_id}-{safe_name(contact)}"
    name, n = f"{base}.xlsx", 2
    while name.lower() in taken:
        name, n = f"{base}-{n}.xlsx", n + 1
    taken.add(name.lower())
    return name


def write_request_workbook(stream: BinaryIO, *, request, recipient, office: str, concept: str) -> None:
    """One contact's workbook (store.requests.Recipient with its measures) to a binary stream."""
    import xlsxwriter  # XlsxWriter ≈ 70 ms: only when a workbook is written

    # in memory: a few dozen rows, and no temporary file per part of the workbook
    book = xlsxwriter.Workbook(
        stream, {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False, "in_memory": True}
    )
    book.set_custom_property("massnahmen", PROPERTY_VALUE)
    book.set_properties(
        {"title": f"Sachstandsabfrage {concept}", "author": office, "comments": f"Sachstandsabfrage Nr. {request.id}"}
    )
    sheet = book.add_worksheet(SHEET)
    notes = book.add_worksheet(NOTES_SHEET)
    marker = book.add_worksheet(MARKER_SHEET)

    head_given = book.add_format(
        {"bold": True, "bg_color": "#BFBFBF", "border": 1, "text_wrap": True, "valign": "top", "locked": True}
    )
    head_fill = book.add_format(
        {"bold": True, "bg_color": "#C6E0B4", "border": 1, "text_wrap": True, "valign": "top", "locked": True}
    )
    given = book.add_format(
        {
            "bg_color": "#E7E6E6",
            "text_wrap": True,
            "valign": "top",
            "locked": True,
            "border": 1,
            "border_color": "#BFBFBF",
        }
    )
    given_day = book.add_format(
        {
            "bg_color": "#E7E6E6",
            "num_format": "dd.mm.yyyy",
            "valign": "top",
            "locked": True,
            "border": 1,
            "border_color": "#BFBFBF",
        }
    )
    fill = book.add_format(
        {"text_wrap": True, "valign": "top", "locked": False, "border": 1, "border_color": "#A9D08E"}
    )
    fill_day = book.add_format(
        {"num_format": "dd.mm.yyyy", "valign": "top", "locked": False, "border": 1, "border_color": "#A9D08E"}
    )

    for index, width in enumerate(WIDTHS):
        sheet.set_column(index, index, width)
    for index, title in enumerate(HEADER):
        sheet.write_string(0, index, title, head_given if index < len(GIVEN) else head_fill)
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 2)
    measures = recipient.measures
    for row, m in enumerate(measures, start=1):
        sheet.write_string(row, 0, m.code, given)
        sheet.write_string(row, 1, m.title, given)
        sheet.write_string(row, 2, STATUS.label(m.status), given)
        sheet.write_string(row, 3, ASSESSMENT.label(m.assessment) if m.assessment else "", given)
        if m.review_date:
            sheet.write_datetime(row, 4, date.fromisoformat(m.review_date[:10]), given_day)
        else:
            sheet.write_blank(row, 4, None, given_day)
        last = f"{german(m.last_date)}: {m.last_note}" if m.last_note else ""
        sheet.write_string(row, 5, last, given)
        sheet.write_blank(row, 6, None, fill)
        sheet.write_blank(row, 7, None, fill)
        sheet.write_blank(row, 8, None, fill)
        sheet.write_blank(row, 9, None, fill_day)
        sheet.write_blank(row, 10, None, fill_day)
    last_row = max(len(measures), 1)
    status_words = [t.label for t in STATUS.terms]
    sheet.data_validation(
        1,
        7,
        last_row,
        7,
        {
            "validate": "list",
            "source": status_words,
            "error_title": "Neuer Status",
            "error_message": "Bitte einen Status aus der Liste wählen: " + ", ".join(status_words),
        },
    )
    sheet.data_validation(
        1,
        8,
        last_row,
        8,
        {
            "validate": "list",
            "source": [t.label for t in ASSESSMENT.terms],
            "error_title": "Neue Ampel",
            "error_message": "Bitte grün, gelb oder rot wählen.",
        },
    )
    for column, title in ((9, "Neue Wiedervorlage"), (10, "Stand am")):
        sheet.data_validation(
            1,
            column,
            last_row,
            column,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": FIRST_DAY,
                "maximum": LAST_DAY,
                "error_title": title,
                "error_message": "Bitte ein Datum eingeben, z. B. 31.12.2026.",
                "input_title": title,
                "input_message": "Datum, z. B. 31.12.2026",
            },
        )
    sheet.protect(
        "", {"format_columns": True, "format_rows": True, "select_locked_cells": True, "select_unlocked_cells": True}
    )
    sheet.activate()

    _write_notes(book, notes, request=request, recipient=recipient, office=office, concept=concept)

    marker.write_string(0, 0, MARKER)
    for row, (key, value) in enumerate(
        (
            ("request", str(request.id)),
            ("token", recipient.token or request.token),
            ("contact", str(recipient.contact_id)),
            ("author", recipient.name or recipient.organisation or ""),
            ("created", request.created_at),
            ("answer_by", request.answer_by or ""),
        ),
        start=1,
    ):
        marker.write_string(row, 0, key)
        marker.write_string(row, 1, value)
    for row, m in enumerate(measures, start=MARKER_FIRST_ROW):
        marker.write_string(row, 0, m.code)
        marker.write_string(row, 1, str(m.id))
        marker.write_string(row, 2, str(m.version))
        marker.write_string(row, 3, str(row - MARKER_FIRST_ROW + 2))
    marker.hide()
    book.close()


def _write_notes(book, notes, *, request, recipient, office: str, concept: str) -> None:
    title = book.add_format({"bold": True, "font_size": 14})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    notes.set_column(0, 0, 100)
    by = f"bis zum {german(request.answer_by)}" if request.answer_by else "möglichst bald"
    lines = [
        (title, f"Sachstandsabfrage zum {concept}"),
        (wrap, f"Für: {recipient.display}"),
        (wrap, ""),
        (bold, "Worum es geht"),
        (
            wrap,
            "Im Blatt „Abfrage“ stehen die Maßnahmen, für die Sie als zuständig eingetragen sind. Bitte "
            "schreiben Sie zu jeder Maßnahme kurz, was sich seit dem letzten Sachstand getan hat.",
        ),
        (wrap, ""),
        (bold, "Was Sie ausfüllen (grüne Spalten)"),
        (wrap, "• Neuer Sachstand: ein bis drei Sätze, was erreicht wurde, was hakt, was als Nächstes kommt."),
        (
            wrap,
            "• Neuer Status: nur wenn er sich geändert hat – aus der Liste wählen (z. B. „in Umsetzung“, „umgesetzt“).",
        ),
        (wrap, "• Neue Ampel: grün = im Plan, gelb = verzögert, rot = gefährdet."),
        (wrap, "• Neue Wiedervorlage: wann wir wieder nachfragen sollen (Datum, z. B. 31.03.2027)."),
        (wrap, "• Stand am: das Datum Ihrer Angaben (leer = der Tag, an dem die Datei zuletzt gespeichert wurde)."),
        (
            wrap,
            "Die grauen Spalten zeigen, was bei uns steht; sie sind gesperrt. Bitte keine Zeilen einfügen, "
            "löschen oder umsortieren und die Nr. nicht ändern. Maßnahmen ohne Neuigkeit lassen Sie leer.",
        ),
        (wrap, ""),
        (bold, "Bis wann und wohin"),
        (
            wrap,
            f"Bitte senden Sie die ausgefüllte Datei {by} zurück an "
            f"{office or 'die Stelle, die sie Ihnen geschickt hat'}. Sie dürfen sie umbenennen und in Excel "
            "oder LibreOffice speichern (auch als .ods).",
        ),
    ]
    for row, (fmt, text) in enumerate(lines):
        notes.write_string(row, 0, text, fmt)
    notes.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})


def _kind():
    """An earlier request workbook may be replaced (store.files decides)."""

    return OutputKind(
        "Sachstandsabfrage", example="Sachstandsabfrage.xlsx", recognise_file=workbook_of(PROPERTY_VALUE), feminine=True
    )


LIST_COLUMNS = ("Name", "Organisation", "E-Mail", "Datei", "Maßnahmen", "Antwort bis", "Abfrage")


def list_kind():
    return OutputKind("Verteilerliste", first_line_is(";".join(LIST_COLUMNS)), example="verteiler.csv", feminine=True)


def write_recipient_list(stream, *, request, recipients) -> None:
    """The CSV list beside the workbooks: who gets which file (for a mail merge)."""
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(LIST_COLUMNS)
    for rec in recipients:
        writer.writerow(
            [
                protect(rec.name or ""),
                protect(rec.organisation or ""),
                protect(rec.email or ""),
                rec.file_name,
                len(rec.measures),
                german(request.answer_by) if request.answer_by else "",
                request.id,
            ]
        )
