"""Markdown for the status overview and the Sachstandsbericht (CommonMark + GFM tables).

Every piece of user text is escaped, so `[bold]x[/]`, `<script>` or a `|` in a title come out
literally on GitHub, GitLab, pandoc and markdown-it."""

from __future__ import annotations

import re

from massnahmen.domain.dates import german
from massnahmen.domain.text import one_line, printable
from massnahmen.domain.vocab import STATUS, assessment_text
from massnahmen.reports.common import days_text, number, plural
from massnahmen.reports.render_text import assessment_parts, status_field_rows
from massnahmen.reports.status import StatusOverview

_INLINE = re.compile(r"([\\`*_\[\]<>|~&#!{}$])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")
ASSESSMENT_SIGN = {"gruen": "🟢", "gelb": "🟡", "rot": "🔴"}
NO_ASSESSMENT_SIGN = "⚪"


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


def assessment_with_sign(key: str | None) -> str:
    return f"{ASSESSMENT_SIGN.get(key or '', NO_ASSESSMENT_SIGN)} {assessment_text(key)}"


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
    lines += [
        f"- {ASSESSMENT_SIGN.get(k, NO_ASSESSMENT_SIGN)} {words}: {number(n)}" for k, words, n in assessment_parts(o)
    ]
    lines += [
        "",
        f"{h} Wiedervorlagen",
        "",
        f"- überfällig: {number(o.overdue)}",
        f"- in den nächsten {o.due_days} Tagen fällig: {number(o.due)}",
        f"- offene Maßnahmen ohne Zuständige: {number(o.open_without_contact)}",
        f"- offene Maßnahmen ohne Wiedervorlage: {number(o.open_without_review_date)}",
    ]
    if o.urgent:
        lines += ["", "Am dringendsten:", ""]
        lines += md_table(
            ["Nr.", "Maßnahme", "Wiedervorlage", "Zuständig"],
            [
                [md(u.code), md(u.title), f"{days_text(u.days)} ({german(u.review_date)})", md(u.contact) or "–"]
                for u in o.urgent
            ],
        )
    return lines


def summary_line(o: StatusOverview) -> str:
    text = (
        f"{plural(o.total, 'Maßnahme', 'Maßnahmen')}: {number(o.open)} offen, "
        f"{number(o.done)} umgesetzt ({o.share_done} %), {number(o.dropped)} verworfen"
    )
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
MD_MARKER = "<!-- Sachstandsbericht, erstellt mit massnahmen -->"


def report_md(r, *, marker: bool = False) -> str:
    """The Sachstandsbericht as Markdown (the same parts as the PDF; the charts as tables of their
    numbers). marker: first line an (invisible) HTML comment by which a later `report -o`
    recognises the file as its own and may replace it."""
    # the Sachstandsbericht's wording (and its model): not loaded by `status --format md`
    from massnahmen.reports import wording as w

    lines = ([MD_MARKER] if marker else []) + [f"# Sachstandsbericht: {md(r.concept)}", ""]
    if r.internal:
        lines += [f"**{w.INTERNAL_MARK}**", ""]
    lines += [f"- **{k}:** {md(v)}" for k, v in w.title_lines(r)]
    if r.empty:
        lines += ["", "Keine Maßnahmen (in dieser Auswahl) zum Stichtag."]
        return "\n".join(lines) + "\n"
    if r.preface:
        lines += ["", "## Vorwort", "", *r.preface.strip().splitlines()]
    lines += ["", "## Überblick", ""]
    for x in w.summary_sentences(r):
        lines += [md(x), ""]
    lines += [md(w.period_sentence(r.period)), ""]
    keys = STATUS.keys
    lines += ["### Status je Handlungsfeld", ""]
    rows = [
        [md(f"{c} {n}"), *[number(cnt.get(k, 0)) for k in keys], number(sum(cnt.values()))]
        for c, n, cnt in r.charts.status_by_field
    ]
    totals = r.by_status()
    rows.append(["**Summe**", *[f"**{number(totals[k])}**" for k in keys], f"**{number(r.total)}**"])
    lines += md_table(
        ["Handlungsfeld", *[w.status_label(k) for k in keys], "gesamt"], rows, right=tuple(range(1, len(keys) + 2))
    )
    lines += ["", "### Ampel der offenen Maßnahmen", ""]
    lines += md_table(
        ["Ampel", "Maßnahmen"],
        [[assessment_with_sign(None if k == "keine" else k), number(n)] for k, n in r.charts.assessment_open.items()],
        right=(1,),
    )
    lines += ["", "### Begonnen und umgesetzt je Jahr", ""]
    lines += md_table(
        ["Jahr", "begonnen", "umgesetzt"],
        [[str(y), number(a), number(b)] for y, a, b in r.charts.per_year],
        right=(1, 2),
    )
    lines += ["", "### Überfällige Wiedervorlagen je Handlungsfeld", ""]
    lines += md_table(
        ["Handlungsfeld", "überfällig", "offen"],
        [[md(f"{c} {n}"), number(o), number(t)] for c, n, o, t in r.charts.overdue_by_field],
        right=(1, 2),
    )
    for part in r.fields:
        lines += ["", f"## {md(part.code)} {md(part.name)}", "", md(w.field_sentence(part)), ""]
        rows = []
        goal = None
        for line in part.lines:
            heading = w.goal_heading(line)
            if heading and heading != goal:
                rows.append(["", f"**{md(heading)}**", "", "", "", ""])
            goal = heading
            c = w.cells(line, r.internal)
            rows.append([md(x) for x in c])
            if r.detailed and line.history:
                rows.append(
                    ["", "Alle Sachstände: " + " · ".join(md(x) for x in w.history_items(line)), "", "", "", ""]
                )
        lines += md_table(w.TABLE_HEADERS, rows)
        groups = w.event_groups(part.period)
        if groups:
            lines += ["", "### Veränderungen im Berichtszeitraum", ""]
            for label, items in groups:
                lines += [f"**{md(label)}:** " + "; ".join(md(x) for x in items) + ".", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
