"""Plain text for the reports (what the CLI prints when its output goes to a pipe or a file, and
what fits into an e-mail). User text is made printable: control characters are shown, never sent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from massnahmen.domain.dates import german
from massnahmen.domain.reviews import review_state
from massnahmen.domain.text import one_line
from massnahmen.domain.timeliness import due_until
from massnahmen.domain.vocab import ASSESSMENT, ASSESSMENT_NONE_LABEL, STATUS, assessment_text
from massnahmen.reports.common import bar, days_text, number, plural
from massnahmen.reports.status import NO_ASSESSMENT, StatusOverview

if TYPE_CHECKING:  # the status path (the quick one) loads neither the due list nor the changes
    from massnahmen.reports.changes import ChangesReport
    from massnahmen.reports.due import DueList


def table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, right: Sequence[int] = (), indent: str = ""
) -> list[str]:
    """Columns separated by two spaces; the columns named in `right` aligned right."""
    cells = [[one_line("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if i in right else v.ljust(w) for i, (v, w) in enumerate(zip(values, widths, strict=False))]
        return (indent + "  ".join(parts)).rstrip()

    return [line(headers)] + [line(r) for r in cells]


# -- status ---------------------------------------------------------------------------------
def empty_status_line(overview: StatusOverview) -> str:
    """The overview of a concept without measures (how to add some is each face's to say)."""
    return f"„{one_line(overview.concept)}“ enthält noch keine Maßnahmen."


def status_heading(overview: StatusOverview) -> list[str]:
    o = overview
    lines = [f"{one_line(o.concept)} · Stand {german(o.today)}"]
    summary = (
        f"{plural(o.total, 'Maßnahme', 'Maßnahmen')}: {number(o.open)} offen, "
        f"{number(o.done)} umgesetzt ({o.share_done} %), {number(o.dropped)} verworfen"
    )
    if o.archived:
        summary += f"; {number(o.archived)} archiviert (nicht gezählt)"
    lines.append(summary)
    return lines


def status_field_rows(overview: StatusOverview) -> tuple[list[str], list[list[str]]]:
    """Headers and rows (with a total row) of the per-field table, as text."""
    headers = ["Handlungsfeld", *(t.label.split(" (")[0] for t in STATUS.terms), "Summe", "Anteil umgesetzt", "%"]
    rows = []
    for f in overview.fields:
        rows.append(
            [
                f"{f.code} {f.name}",
                *(number(f.counts.get(k, 0)) for k in STATUS.keys),
                number(f.total),
                bar(f.share_done),
                f"{f.share_done} %",
            ]
        )
    totals = overview.by_status
    rows.append(
        [
            "Summe",
            *(number(totals.get(k, 0)) for k in STATUS.keys),
            number(overview.total),
            bar(overview.share_done),
            f"{overview.share_done} %",
        ]
    )
    return headers, rows


def assessment_parts(overview: StatusOverview) -> list[tuple[str, str, int]]:
    """(key, words, count) for the Ampel line, incl. 'nicht bewertet'."""
    parts = [(t.key, assessment_text(t.key), overview.assessment.get(t.key, 0)) for t in ASSESSMENT.terms]
    parts.append((NO_ASSESSMENT, ASSESSMENT_NONE_LABEL, overview.assessment.get(NO_ASSESSMENT, 0)))
    return parts


def urgent_rows(overview: StatusOverview) -> list[list[str]]:
    return [
        [
            u.code,
            one_line(u.title, 50),
            f"{days_text(u.days)} ({german(u.review_date)})",
            one_line(u.contact) or "ohne Zuständige",
        ]
        for u in overview.urgent
    ]


def status_text(overview: StatusOverview) -> str:
    o = overview
    if o.empty:
        return empty_status_line(o) + "\n"
    lines = status_heading(o)
    lines.append("")
    headers, rows = status_field_rows(o)
    lines += table(headers, rows, right=(*range(1, len(headers) - 2), len(headers) - 1))
    lines.append("")
    lines.append(
        "Ampel der offenen Maßnahmen: " + " · ".join(f"{words} {number(n)}" for _k, words, n in assessment_parts(o))
    )
    lines.append(
        f"Wiedervorlagen: {number(o.overdue)} überfällig · {number(o.due)} in den nächsten {o.due_days} Tagen fällig"
    )
    if o.urgent:
        lines.append("Am dringendsten:")
        lines += table(["Nr.", "Maßnahme", "Wiedervorlage", "Zuständig"], urgent_rows(o), indent="  ")
    lines.append(
        f"Offene Maßnahmen ohne Zuständige: {number(o.open_without_contact)} · "
        f"ohne Wiedervorlage: {number(o.open_without_review_date)}"
    )
    return "\n".join(lines) + "\n"


# -- due ------------------------------------------------------------------------------------
def due_summary(due: DueList) -> str:
    if not due.groups:
        return f"Keine überfälligen und keine in den nächsten {due.within} Tagen fälligen Wiedervorlagen."
    until = due_until(due.today, due.within)
    people = sum(1 for g in due.groups if g.contact_id is not None)
    text = (
        f"{plural(due.total, 'Wiedervorlage', 'Wiedervorlagen')} bis {german(until)}, "
        f"davon {number(due.overdue)} überfällig – {number(people)} Zuständige"
    )
    if people != len(due.groups):
        text += f", {number(len(due.groups[-1].measures))} ohne Zuständige"
    return text


def contact_line(group) -> str:
    parts = [group.label or "Ohne Zuständige – bitte zuordnen"]
    parts += [p for p in (group.email, group.phone) if p]
    return one_line(" · ".join(parts))


DUE_HEADERS = ["Nr.", "Maßnahme", "Handlungsfeld", "Status", "Wiedervorlage", "Lage"]


def due_rows(group) -> list[list[str]]:
    return [
        [
            m.code,
            one_line(m.title, 60),
            one_line(f"{m.field_code} {m.field}", 30),
            STATUS.label(m.status),
            german(m.review_date),
            days_text(m.days),
        ]
        for m in group.measures
    ]


def due_text(due: DueList) -> str:
    lines = [due_summary(due)]
    for group in due.groups:
        lines.append("")
        lines.append(contact_line(group))
        lines += table(DUE_HEADERS, due_rows(group), indent="  ")
    return "\n".join(lines) + "\n"


# -- changes --------------------------------------------------------------------------------
def change_detail(kind: str, event, *, cut: bool = True) -> str:
    from massnahmen.domain.attributes import display_value, label  # (only the changes report: not on status's path)

    if kind == "new":
        return "angelegt"
    if kind == "reviews":
        head = ", ".join(review_state(event.status, event.assessment))
        note = one_line(event.note, 80 if cut else None)
        return f"{head}: {note}" if head else note
    field = "review_date" if kind == "redated" else "status"
    return f"{label(field)}: {display_value(field, event.old)} → {display_value(field, event.new)}"


def changes_summary(report: ChangesReport) -> str:
    from massnahmen.reports.changes import KIND_LABELS  # (only the changes report: not on status's path)

    head = f"Änderungen vom {german(report.since)} bis {german(report.until)}"
    if report.empty:
        return head + ": keine."
    counts = report.counts()
    return head + ": " + " · ".join(f"{KIND_LABELS[k].split(' (')[0]} {number(n)}" for k, n in counts.items())


def changes_rows(kind: str, events, *, cut: bool = True) -> list[list[str]]:
    """The rows of one kind of change; cut: titles and notes shortened with „…“ (for a terminal's
    width), else whole (a file or a pipe gets every word)."""
    return [
        [
            german(e.at),
            e.code,
            one_line(e.title, 50 if cut else None),
            change_detail(kind, e, cut=cut),
            one_line(e.author or ""),
        ]
        for e in events
    ]


CHANGES_HEADERS = ["Datum", "Nr.", "Maßnahme", "Was", "Wer"]


def changes_text(report: ChangesReport) -> str:
    from massnahmen.reports.changes import kind_heading  # (only the changes report: not on status's path)

    lines = [changes_summary(report)]
    for kind, events in report.sections():
        if not events:
            continue
        lines.append("")
        lines.append(kind_heading(kind, len(events)))
        lines += table(CHANGES_HEADERS, changes_rows(kind, events, cut=False), indent="  ")
    return "\n".join(lines) + "\n"
