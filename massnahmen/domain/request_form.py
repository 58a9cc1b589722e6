"""The form of a Sachstandsabfrage workbook, shared by the writer (exporting.request_workbook) and
the reader of answers (importing.answers): sheet names, column titles, the hidden marker."""

from __future__ import annotations

SHEET = "Abfrage"
NOTES_SHEET = "Hinweise"
MARKER_SHEET = "massnahmen"  # hidden: ties the file to its request and each measure's version
MARKER = "massnahmen-sachstandsabfrage"  # cell A1 of the hidden sheet
PROPERTY_VALUE = "sachstandsabfrage"  # custom document property „massnahmen“ (store.files)
GIVEN = ("Nr.", "Maßnahme", "Status", "Ampel", "Wiedervorlage", "Letzter Sachstand")
TO_FILL = ("Neuer Sachstand", "Neuer Status", "Neue Ampel", "Neue Wiedervorlage", "Stand am")
HEADER = GIVEN + TO_FILL
# the answer's keys of the columns to fill in, in their order
FILL_KEYS = ("note", "status", "assessment", "next_review", "date")
MARKER_FIRST_ROW = 8  # rows of the hidden sheet from here on (0-based): Nr., measure id, version, row
