"""The words of the Sachstandsbericht, shared by Markdown, HTML and PDF: title page lines, the
summary in sentences, the changes of the period as a council member reads them, table cells.
Plain text here; each renderer escapes it for its format."""

from __future__ import annotations

from massnahmen.domain.dates import german
from massnahmen.domain.text import one_line
from massnahmen.domain.vocab import ASSESSMENT, CLOSED_STATUSES, STATUS
from massnahmen.reports.common import number, plural
from massnahmen.reports.report import EVENT_KINDS, EVENT_LABELS, Line, Period, Report, assessment_label

INTERNAL_MARK = "INTERN – nicht zur Veröffentlichung"
TABLE_HEADERS = ["Nr.", "Maßnahme", "Zuständige Stelle", "Status", "Ampel", "Letzter Sachstand"]
SACHSTAND_CHARS = 90  # at most two lines of the table (the date and about 80 characters)


def status_label(key: str) -> str:
    """The short status word for a table cell ('verstetigt', not 'verstetigt (Daueraufgabe)')."""
    label = STATUS.label(key)
    return label.split(" (")[0]


def title_lines(r: Report) -> list[tuple[str, str]]:
    rows = [("Konzept", r.concept)]
    if r.body:
        rows.append(("Beschlossen von", r.body))
    if r.adopted_on:
        rows.append(("Beschlossen am", german(r.adopted_on)))
    rows.append(("Stichtag", german(r.stichtag)))
    rows.append(("Berichtszeitraum", f"{german(r.period.since)} bis {german(r.period.until)}"))
    if r.office:
        rows.append(("Erstellt von", r.office))
    if r.filters:
        rows.append(("Auswahl", "; ".join(r.filters)))
    if r.as_of:
        rows.append(("Stand", f"so, wie die Angaben am {german(r.stichtag)} waren (aus dem Verlauf rekonstruiert)"))
    return rows


def summary_sentences(r: Report) -> list[str]:
    k = r.key_figures()
    out = [
        f"Das Konzept umfasst zum Stichtag {plural(k['total'], 'Maßnahme', 'Maßnahmen')} in "
        f"{plural(len(r.fields), 'Handlungsfeld', 'Handlungsfeldern')}.",
        f"Umgesetzt: {number(k['umgesetzt'])} ({k['share_umgesetzt']} % aller Maßnahmen, "
        f"{k['share_umgesetzt_of_pursued']} % der nicht verworfenen). Verworfen: {number(k['verworfen'])}. "
        f"Noch offen (geplant, in Umsetzung, verstetigt oder zurückgestellt): {number(k['open'])}.",
    ]
    a = r.charts.assessment_open
    out.append(
        "Ampel der offenen Maßnahmen: "
        + ", ".join(f"{assessment_label(key)} {number(a.get(key, 0))}" for key in (*ASSESSMENT.keys, "keine"))
        + "."
    )
    if k["overdue_reviews"]:
        out.append(
            f"Überfällige Wiedervorlagen (offene Maßnahmen, deren Wiedervorlage vor dem Stichtag lag): "
            f"{number(k['overdue_reviews'])}."
        )
    return out


def period_sentence(p: Period) -> str:
    c = p.counts()
    return (
        f"Im Berichtszeitraum ({german(p.since)} bis {german(p.until)}): "
        f"{number(c['new'])} neu aufgenommen, {number(c['finished'])} umgesetzt, "
        f"{number(c['dropped'])} verworfen, {number(c['replanned'])} neu geplant, "
        f"{number(c['red'])}-mal Ampel auf Rot; {plural(c['reviews'], 'Sachstand', 'Sachstände')} "
        f"eingetragen."
    )


EVENTS_SHOWN = 40  # per kind and field in the document; all of them in the JSON


def event_groups(p: Period) -> list[tuple[str, list[str]]]:
    """(label, items) of the non-empty kinds: '1.2.3 Titel (am 12.03.2026)' and the detail. More
    than EVENTS_SHOWN of a kind end in 'und N weitere' (a printed list of hundreds helps nobody)."""
    out = []
    for kind in EVENT_KINDS:
        events = p.events[kind]
        if not events:
            continue
        items = []
        for e in events[:EVENTS_SHOWN]:
            text = f"{e.code} {e.title}"
            detail = f"{e.detail}, " if e.detail else ""
            items.append(f"{text} ({detail}am {german(e.at)})")
        if len(events) > EVENTS_SHOWN:
            items.append(f"und {number(len(events) - EVENTS_SHOWN)} weitere")
        out.append((f"{EVENT_LABELS[kind]} ({number(len(events))})", items))
    return out


def unit_text(line: Line, internal: bool) -> str:
    unit = line.unit or "–"
    if internal and line.person:
        parts = [line.person] + [x for x in (line.email, line.phone) if x]
        return f"{unit}; {', '.join(parts)}"
    return unit


def sachstand_text(line: Line, limit: int | None = SACHSTAND_CHARS) -> str:
    if line.latest is None:
        return "noch kein Sachstand"
    return f"{german(line.latest.date)}: {one_line(line.latest.note, limit)}"


def cells(line: Line, internal: bool) -> list[str]:
    return [
        line.code,
        line.title,
        unit_text(line, internal),
        status_label(line.status),
        "–" if line.status in CLOSED_STATUSES else assessment_label(line.assessment),
        sachstand_text(line),
    ]


def field_sentence(part) -> str:
    counts = part.status_counts()
    words = [f"{number(n)} {status_label(k)}" for k, n in counts.items() if n]
    out = f"{plural(len(part.lines), 'Maßnahme', 'Maßnahmen')}: " + ", ".join(words) + "."
    if part.overdue:
        out += f" Überfällige Wiedervorlagen: {number(part.overdue)}."
    return out


def goal_heading(line: Line) -> str | None:
    if line.goal_code is None and line.goal_name is None:
        return None
    return f"Ziel {line.goal_code}: {line.goal_name}" if line.goal_code else f"Ziel: {line.goal_name}"


def history_items(line: Line) -> list[str]:
    return [f"{german(r.date)}: {one_line(r.note, None)}" for r in line.history]
