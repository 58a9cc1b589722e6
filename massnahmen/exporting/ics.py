"""The review dates of open measures as an iCalendar file (RFC 5545).

One all-day VEVENT per open, non-archived measure with a review date (Outlook ignores VTODO in
imported files; Thunderbird and Apple Calendar take both). The UID is derived from the concept and
the measure's code, and SEQUENCE from the measure's version, so importing a newer file into Outlook
or Thunderbird updates the entries instead of duplicating them.

Format rules kept here: CRLF line ends, content lines folded at 75 octets without splitting a
UTF-8 character, TEXT values with `\\`, `;`, `,` and newlines escaped, control characters dropped."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TextIO

from massnahmen.domain.bounds import MAX_DATE, MIN_DATE
from massnahmen.domain.contacts import contact_display
from massnahmen.domain.dates import german
from massnahmen.domain.text import line_breaks
from massnahmen.domain.timeliness import OVERDUE, timeliness
from massnahmen.domain.vocab import CLOSED_STATUSES, STATUS, assessment_text
from massnahmen.store.files import OutputKind, starts_with

PRODID = "-//massnahmen//Wiedervorlagen//DE"
UID_NAMESPACE = uuid.UUID("6f0c1a52-3d1b-4c59-9a52-2f1e6c8b7d40")
UID_DOMAIN = "massnahmen.invalid"
MAX_OCTETS = 75


def escape_text(value: object) -> str:
    """A TEXT value: backslash, semicolon, comma escaped; line breaks (also NEL, U+2028, U+2029) as
    \\n; other controls (C0, DEL, C1) dropped."""
    text = line_breaks("" if value is None else str(value))
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return "".join(c for c in text if c == "\t" or not (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F))


def fold(line: str) -> str:
    """Fold one content line: at most 75 octets per physical line (continuations start with a
    space, which counts), never inside a UTF-8 sequence. Returns the lines joined by CRLF."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_OCTETS
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1
        current.append(char)
        size += n
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def measure_uid(concept: str | None, code: str) -> str:
    """Stable across exports: the same concept and code give the same UID."""
    key = f"{(concept or '').strip()}\x00{code.strip()}"
    return f"{uuid.uuid5(UID_NAMESPACE, key)}@{UID_DOMAIN}"


def _description(row: dict, today: date) -> str:
    lines = [f"Maßnahme {row['code']}: {row['title']}"]
    if row.get("field"):
        field = f"{row.get('field_code')} {row['field']}" if row.get("field_code") else row["field"]
        lines.append(f"Handlungsfeld: {field}")
    if row.get("goal"):
        lines.append(f"Ziel: {row['goal']}")
    contact = contact_display(row.get("contact_name"), row.get("contact_organisation"))
    lines.append(f"Zuständig: {contact or 'niemand eingetragen'}")
    if row.get("contact_email"):
        lines.append(f"E-Mail: {row['contact_email']}")
    if row.get("contact_phone"):
        lines.append(f"Telefon: {row['contact_phone']}")
    lines.append(f"Status: {STATUS.label(row.get('status'))}")
    lines.append(f"Ampel: {assessment_text(row.get('assessment'))}")
    review = date.fromisoformat(row["review_date"][:10])
    if timeliness(row.get("status"), row["review_date"][:10], today) == OVERDUE:
        lines.append(f"Überfällig seit {german(review)} (Stand {german(today)})")
    return "\n".join(lines)


def _stamp(value: datetime | None) -> str:
    moment = value or datetime.now(UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def stored_day(value: object) -> date | None:
    """A stored review date as a calendar day, or None when it is not one in domain.bounds' range
    (another SQLite tool may have written '9999-12-31' or any text)."""
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return day if MIN_DATE <= day <= MAX_DATE else None


def write_ics(
    rows: Iterable[dict],
    stream: TextIO,
    *,
    today: date,
    concept: str | None = None,
    stamp: datetime | None = None,
    skipped: list[str] | None = None,
) -> int:
    """Write a VCALENDAR with one all-day VEVENT per open measure that has a review date.

    rows: as returned by massnahmen.store.measures.query_measures (closed, archived and undated
    rows are skipped). concept: the concept's name, part of each UID (pass it, so that two concepts
    in one calendar never collide). Returns the number of events written. A stored review date
    that is no day in the valid range is left out; its code is appended to skipped. The stream should be
    opened with newline="" so that the CRLF line ends reach the file unchanged."""
    dtstamp = _stamp(stamp)
    out: list[str] = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text("Wiedervorlagen" + (f" – {concept}" if concept else "")),
    ]
    count = 0
    for row in rows:
        if not row.get("review_date") or row.get("status") in CLOSED_STATUSES or row.get("archived"):
            continue
        day = stored_day(row["review_date"])
        if day is None:
            if skipped is not None:
                skipped.append(str(row["code"]))
            continue
        contact = contact_display(row.get("contact_name"), row.get("contact_organisation"))
        event = [
            "BEGIN:VEVENT",
            f"UID:{measure_uid(concept, row['code'])}",
            f"DTSTAMP:{dtstamp}",
            f"SEQUENCE:{int(row.get('version') or 0)}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            "SUMMARY:" + escape_text(f"Wiedervorlage {row['code']}: {row['title']}"),
            "DESCRIPTION:" + escape_text(_description(row, today)),
            "CATEGORIES:Wiedervorlage",
            "TRANSP:TRANSPARENT",
        ]
        if contact:
            details = ", ".join(p for p in (contact, row.get("contact_email"), row.get("contact_phone")) if p)
            event.append("CONTACT:" + escape_text(details))
        event.append("END:VEVENT")
        out.extend(event)
        count += 1
    out.append("END:VCALENDAR")
    stream.write("".join(fold(line) + "\r\n" for line in out))
    return count


def _kind():
    """What an earlier export of this format looks like (store.files decides about overwriting)."""

    return OutputKind(
        "Kalender-Export (ICS)",
        starts_with(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{PRODID}\r\n"),
        example="wiedervorlagen.ics",
    )
