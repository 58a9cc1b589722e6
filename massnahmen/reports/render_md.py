"""Markdown for the status overview and the Sachstandsbericht (CommonMark + GFM tables).

Every piece of user text is escaped, so `[bold]x[/]`, `<script>` or a `|` in a title come out
literally on GitHub, GitLab, pandoc and markdown-it."""

from __future__ import annotations

import re

from massnahmen.domain.dates import german
from massnahmen.domain.attributes import display_value, label
from massnahmen.domain.text import one_line, printable
from massnahmen.domain.vocab import STATUS, assessment_text
from massnahmen.reports.changes import KIND_LABELS
from massnahmen.reports.common import days_text, number, plural
from massnahmen.reports.render_text import assessment_parts, status_field_rows
from massnahmen.reports.status import StatusOverview

_INLINE = re.compile(r"([\\`*_\[\]<>|~&#!{}$])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")
AMPEL_SIGN = {"gruen": "🟢", "gelb": "🟡", "rot": "🔴"}
NO_AMPEL_SIGN = "⚪"


def md(text: object) -> str:
    """One line of user text, escaped for Markdown (also safe inside a table cell)."""
    value = one_line("" if text is None else str(text))
    return _INLINE.sub(r"\\\1", value)


def _protect_line_start(m: re.Match) -> str:
    """'- x' → '\\- x' (no list item), '1. x' → '1\\. x' (no ordered list), '=' → '\\=' (no heading)."""
    lead, mark = m.group(1), m.group(2)
    return lead + mark + "\\" if mark[0].isdigit() else lead + "\\" + mark


def md_block(text: object, prefix: str = "") -> list[str]:
    """Several lines of user text, escaped, with hard line breaks (for notes)."""
    lines = [line.strip() for line in printable("" if text is None else str(text)).split("\n")]
    lines = [line for line in lines if line] or ["–"]
    out = []
    for i, line in enumerate(lines):
        escaped = _LINE_START.sub(_protect_line_start, _INLINE.sub(r"\\\1", line))
        out.append(prefix + escaped + ("\\" if i < len(lines) - 1 else ""))
    return out


def ampel(key: str | None) -> str:
    return f"{AMPEL_SIGN.get(key or '', NO_AMPEL_SIGN)} {assessment_text(key)}"


def md_table(headers: list[str], rows: list[list[str]], right: tuple[int, ...] = ()) -> list[str]:
    """A GFM table; cells must already be escaped."""
    sep = ["---:" if i in right else "---" for i in range(len(headers))]
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(sep) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


# -- status ---------------------------------------------------------------------------------
def status_lines(o: StatusOverview, *, level: int = 2) -> list[str]:
    """The overview body (table, Ampel, reviews, gaps) under headings of the given level."""
    h = "#" * level
    headers, rows = status_field_rows(o)
    headers = [md(x) for x in headers]
    rows = [[md(c) for c in r] for r in rows]
    rows[-1] = [f"**{c}**" for c in rows[-1]]
    lines = md_table(headers, rows, right=(*range(1, len(headers) - 2), len(headers) - 1))
    lines += ["", f"{h} Ampel der offenen Maßnahmen", ""]
    lines += [f"- {AMPEL_SIGN.get(k, NO_AMPEL_SIGN)} {words}: {number(n)}" for k, words, n in assessment_parts(o)]
    lines += ["", f"{h} Wiedervorlagen", "",
              f"- überfällig: {number(o.overdue)}",
              f"- in den nächsten {o.due_days} Tagen fällig: {number(o.due)}",
              f"- offene Maßnahmen ohne Zuständige: {number(o.open_without_contact)}",
              f"- offene Maßnahmen ohne Wiedervorlage: {number(o.open_without_review_date)}"]
    if o.urgent:
        lines += ["", "Am dringendsten:", ""]
        lines += md_table(["Nr.", "Maßnahme", "Wiedervorlage", "Zuständig"], [
            [md(u.code), md(u.title), f"{days_text(u.days)} ({german(u.review_date)})", md(u.contact) or "–"]
            for u in o.urgent
        ])
    return lines


def summary_line(o: StatusOverview) -> str:
    text = (f"{plural(o.total, 'Maßnahme', 'Maßnahmen')}: {number(o.open)} offen, "
            f"{number(o.closed)} abgeschlossen ({o.share_closed} %)")
    if o.archived:
        text += f"; {number(o.archived)} archiviert (nicht gezählt)"
    return text + "."


def status_md(o: StatusOverview) -> str:
    lines = [f"# Stand: {md(o.concept)}", "", f"Stichtag: {german(o.today)}", ""]
    if o.empty:
        lines.append("Noch keine Maßnahmen erfasst.")
        return "\n".join(lines) + "\n"
    lines += [summary_line(o), ""]
    lines += status_lines(o)
    return "\n".join(lines) + "\n"


# -- Sachstandsbericht ----------------------------------------------------------------------
def change_text(entry) -> str:
    """'Status: geplant → in Umsetzung' for one history entry (escaped)."""
    if entry.field == "created":
        return "angelegt"
    return (f"{md(label(entry.field))}: {md(display_value(entry.field, entry.old))} → "
            f"{md(display_value(entry.field, entry.new))}")


def period(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{german(start)} – {german(end)}"
    if start:
        return f"ab {german(start)}"
    if end:
        return f"bis {german(end)}"
    return ""


MD_MARKER = "<!-- Sachstandsbericht, erstellt mit massnahmen -->"


def report_md(report, *, marker: bool = False) -> str:
    """The Sachstandsbericht as Markdown. marker: first line an (invisible) HTML comment by which a
    later `report -o` recognises the file as its own and may replace it."""
    o = report.overview
    lines = ([MD_MARKER] if marker else []) + [f"# Sachstandsbericht: {md(report.concept)}", ""]
    title = [("Konzept", md(report.concept))]
    if report.body:
        title.append(("Beschlossen von", md(report.body)
                      + (f" am {german(report.adopted_on)}" if report.adopted_on else "")))
    elif report.adopted_on:
        title.append(("Beschlossen am", german(report.adopted_on)))
    title += [("Stand", german(report.today)),
              ("Berichtszeitraum", f"{german(report.since)} – {german(report.today)}"),
              ("Erstellt von", md(report.author))]
    lines += [f"- **{k}:** {v}" for k, v in title]
    lines += ["", "## Überblick", ""]
    if report.empty:
        lines.append("Noch keine Maßnahmen erfasst.")
        return "\n".join(lines) + "\n"
    lines += [summary_line(o), ""]
    lines += status_lines(o, level=3)
    lines += ["", f"## Änderungen seit {german(report.since)}", ""]
    lines += [f"- {KIND_LABELS[k]}: {number(n)}" for k, n in report.changes.counts().items()]
    for section in report.fields:
        lines += ["", f"## {md(section.code)} {md(section.name)}", "",
                  plural(section.measure_count, "Maßnahme", "Maßnahmen") + "."]
        for goal in section.goals:
            goal_title = f"Ziel {md(goal.code)}: {md(goal.name)}" if goal.code else f"Ziel: {md(goal.name)}"
            lines += ["", f"### {goal_title}"]
            for m in goal.measures:
                lines += ["", f"#### {md(m.code)} {md(m.title)}", ""]
                facts = [("Status", md(STATUS.label(m.status))), ("Ampel", ampel(m.assessment)),
                         ("Zuständig", md(m.contact) or "–")]
                if m.partners:
                    facts.append(("Partner", md(m.partners)))
                if m.start or m.end:
                    facts.append(("Zeitraum", period(m.start, m.end)))
                facts.append(("Wiedervorlage", german(m.review_date) or "–"))
                if m.indicator:
                    facts.append(("Indikator", md(m.indicator)))
                lines += [f"- **{k}:** {v}" for k, v in facts]
                if m.latest:
                    who = f", {md(m.latest.author)}" if m.latest.author else ""
                    lines += ["", f"Letzter Sachstand ({german(m.latest.date)}{who}):", ""]
                    lines += md_block(m.latest.note, "> ")
                if m.changes:
                    lines += ["", f"Änderungen seit {german(report.since)}:", ""]
                    lines += [f"- {german(c.at)}: {change_text(c)}" for c in m.changes]
    return "\n".join(lines) + "\n"
