"""The Sachstandsbericht as one self-contained HTML file: inline CSS, no scripts, no network,
prints cleanly on A4 from any browser, shows the Ampel in colour and in words.

Every piece of user text goes through html.escape (after control characters are made visible)."""

from __future__ import annotations

import html

from massnahmen.domain.dates import german
from massnahmen.domain.attributes import display_value, label
from massnahmen.domain.text import printable
from massnahmen.domain.vocab import STATUS, assessment_text
from massnahmen.reports.changes import KIND_LABELS
from massnahmen.reports.common import days_text, number
from massnahmen.reports.render_md import period, summary_line
from massnahmen.reports.render_text import assessment_parts, status_field_rows

CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Segoe UI", Calibri, Arial, Helvetica, sans-serif; font-size: 10.5pt; line-height: 1.4;
       color: #111; background: #fff; max-width: 190mm; margin: 0 auto; padding: 12mm 8mm; }
h1 { font-size: 22pt; margin: 0 0 .3em; }
h2 { font-size: 15pt; margin: 1.4em 0 .4em; border-bottom: 2px solid #333; padding-bottom: .1em; }
h3 { font-size: 12.5pt; margin: 1.2em 0 .3em; }
h4 { font-size: 11pt; margin: 0 0 .3em; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 .8em; }
th, td { border: 1px solid #9a9a9a; padding: 2px 5px; text-align: left; vertical-align: top; }
th { background: #ececec; }
td.n, th.n { text-align: right; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.sum td { font-weight: bold; border-top: 2px solid #333; }
.title-page { break-after: page; page-break-after: always; padding-top: 30mm; }
.title-page .concept { font-size: 16pt; margin: 0 0 2em; }
.title-page table { width: auto; }
.title-page th { background: none; border: none; padding-right: 1.5em; }
.title-page td { border: none; }
section.field { break-before: page; page-break-before: always; }
article.measure { break-inside: avoid; page-break-inside: avoid; border: 1px solid #c8c8c8;
                  border-radius: 3px; padding: .5em .7em; margin: .6em 0; }
article.measure table { margin: .2em 0 .4em; }
article.measure th { width: 28%; background: #f4f4f4; font-weight: normal; }
.ampel { display: inline-block; padding: 0 .55em; border-radius: .7em; border: 1px solid #444;
         white-space: nowrap; }
.ampel::before { content: "\\25CF\\00A0"; }
.ampel-gruen { background: #2e7d32; color: #fff; }
.ampel-gelb { background: #f9c623; color: #000; }
.ampel-rot { background: #c62828; color: #fff; }
.ampel-keine { background: #f0f0f0; color: #333; }
.note { white-space: pre-wrap; border-left: 3px solid #9a9a9a; padding-left: .6em; margin: .2em 0; }
.muted { color: #555; }
section.summary table { font-size: 9pt; }
ul { margin: .2em 0 .6em; padding-left: 1.4em; }
@media print { body { max-width: none; padding: 0; } }
"""


def h(text: object) -> str:
    """User text, escaped; control characters shown as \\x1b and the like."""
    return html.escape(printable("" if text is None else str(text)), quote=True)


def ampel(key: str | None) -> str:
    css = key if key in ("gruen", "gelb", "rot") else "keine"
    return f'<span class="ampel ampel-{css}">{h(assessment_text(key))}</span>'


def _table(headers: list[str], rows: list[list[str]], *, right: tuple[int, ...] = (),
           last_is_sum: bool = False) -> str:
    """Headers and cells must already be HTML."""
    cls = [' class="n"' if i in right else "" for i in range(len(headers))]
    out = ["<table>", "<thead><tr>" + "".join(f"<th{c}>{x}</th>" for c, x in zip(cls, headers)) + "</tr></thead>",
           "<tbody>"]
    for i, row in enumerate(rows):
        tr = '<tr class="sum">' if last_is_sum and i == len(rows) - 1 else "<tr>"
        out.append(tr + "".join(f"<td{c}>{x}</td>" for c, x in zip(cls, row)) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _overview(report) -> list[str]:
    o = report.overview
    headers, rows = status_field_rows(o)
    parts = ['<section class="summary">', "<h2>Überblick</h2>", f"<p>{h(summary_line(o))}</p>"]
    parts.append(_table([h(x) for x in headers], [[h(c) for c in r] for r in rows],
                        right=(*range(1, len(headers) - 2), len(headers) - 1), last_is_sum=True))
    parts.append("<h3>Ampel der offenen Maßnahmen</h3>")
    parts.append(_table(["Ampel", "Maßnahmen"],
                        [[ampel(None if k == "keine" else k), number(n)] for k, _w, n in assessment_parts(o)],
                        right=(1,)))
    parts.append("<h3>Wiedervorlagen</h3>")
    parts.append("<ul>" + "".join(f"<li>{h(x)}</li>" for x in (
        f"überfällig: {number(o.overdue)}",
        f"in den nächsten {o.due_days} Tagen fällig: {number(o.due)}",
        f"offene Maßnahmen ohne Zuständige: {number(o.open_without_contact)}",
        f"offene Maßnahmen ohne Wiedervorlage: {number(o.open_without_review_date)}",
    )) + "</ul>")
    if o.urgent:
        parts.append("<p>Am dringendsten:</p>")
        parts.append(_table(["Nr.", "Maßnahme", "Wiedervorlage", "Zuständig"], [
            [h(u.code), h(u.title), h(f"{days_text(u.days)} ({german(u.review_date)})"), h(u.contact) or "–"]
            for u in o.urgent
        ]))
    counts = report.changes.counts()
    parts.append(f"<h3>Änderungen seit {german(report.since)}</h3>")
    parts.append(_table(["Was", "Anzahl"], [[h(KIND_LABELS[k]), number(n)] for k, n in counts.items()],
                        right=(1,)))
    parts.append("</section>")
    return parts


def _change(entry) -> str:
    if entry.field == "created":
        return "angelegt"
    return (f"{h(label(entry.field))}: {h(display_value(entry.field, entry.old))} → "
            f"{h(display_value(entry.field, entry.new))}")


def _measure(m, since: str) -> str:
    facts = [("Status", h(STATUS.label(m.status))), ("Ampel", ampel(m.assessment))]
    contact = h(m.contact) or "–"
    extra = [h(x) for x in (m.contact_email, m.contact_phone) if x]
    if extra:
        contact += '<br><span class="muted">' + " · ".join(extra) + "</span>"
    facts.append(("Zuständig", contact))
    if m.partners:
        facts.append(("Partner", h(m.partners)))
    if m.start or m.end:
        facts.append(("Zeitraum", h(period(m.start, m.end))))
    facts.append(("Wiedervorlage", h(german(m.review_date)) or "–"))
    if m.indicator:
        facts.append(("Indikator", h(m.indicator)))
    parts = ['<article class="measure">', f"<h4>{h(m.code)} {h(m.title)}</h4>", "<table>"]
    parts += [f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts]
    if m.latest:
        who = f", {h(m.latest.author)}" if m.latest.author else ""
        parts.append(f"<tr><th>Letzter Sachstand<br><span class=\"muted\">{german(m.latest.date)}{who}</span></th>"
                     f"<td><div class=\"note\">{h(m.latest.note)}</div></td></tr>")
    if m.changes:
        items = "".join(f"<li>{german(c.at)}: {_change(c)}</li>" for c in m.changes)
        parts.append(f"<tr><th>Änderungen seit {since}</th><td><ul>{items}</ul></td></tr>")
    parts += ["</table>", "</article>"]
    return "\n".join(parts)


HTML_MARKER = '<meta name="generator" content="massnahmen">'  # a later report -o may replace the file


def report_html(report) -> str:
    since = german(report.since)
    title_rows = [("Konzept", h(report.concept))]
    if report.body:
        title_rows.append(("Beschlossen von", h(report.body)))
    if report.adopted_on:
        title_rows.append(("Beschlossen am", h(german(report.adopted_on))))
    title_rows += [("Stand", german(report.today)), ("Berichtszeitraum", f"{since} – {german(report.today)}"),
                   ("Erstellt von", h(report.author))]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        HTML_MARKER,
        f"<title>Sachstandsbericht – {h(report.concept)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        '<header class="title-page">',
        "<h1>Sachstandsbericht</h1>",
        f'<p class="concept">{h(report.concept)}</p>',
        "<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in title_rows) + "</table>",
        "</header>",
    ]
    if report.empty:
        parts.append("<p>Noch keine Maßnahmen erfasst.</p>")
    else:
        parts += _overview(report)
        for section in report.fields:
            parts.append('<section class="field">')
            parts.append(f"<h2>{h(section.code)} {h(section.name)}</h2>")
            for goal in section.goals:
                goal_title = f"Ziel {h(goal.code)}: {h(goal.name)}" if goal.code else f"Ziel: {h(goal.name)}"
                parts.append(f"<h3>{goal_title}</h3>")
                parts += [_measure(m, since) for m in goal.measures]
            parts.append("</section>")
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
