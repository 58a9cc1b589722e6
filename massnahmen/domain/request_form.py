"""The form of a Sachstandsabfrage workbook, shared by the writer (exporting.request_workbook) and
the reader of answers (importing.answers): sheet names, column titles, the hidden marker."""

from __future__ import annotations

import hashlib
import hmac

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
MARKER_KEYS = ("request", "token", "contact")  # the rows of the hidden sheet an answer needs
MAX_ID_DIGITS = 18  # an id or version in the hidden sheet: more digits are no SQLite integer


def recipient_token(secret: str, request_id: int, request_nonce: str, contact_id: int, measure_ids) -> str:
    """The token of one recipient's workbook: HMAC-SHA256 under the concept's secret over the
    request (its number and its random value, so that a number used again after a deletion gives
    other tokens), the contact and the measures sent to them. Who does not know the secret cannot
    make the token of another recipient or of another list of measures."""

    ids = ",".join(str(i) for i in sorted(set(measure_ids)))
    message = f"{request_id}|{request_nonce}|{contact_id}|{ids}"
    return hmac.new(secret.encode("ascii"), message.encode("ascii"), hashlib.sha256).hexdigest()[:32]


def same_token(given: str, expected: str) -> bool:
    """Compared in constant time."""

    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8", "replace"))
