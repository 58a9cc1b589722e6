"""The report's charts as hand-written SVG: one source for the HTML page and the PDF.

No scripts, no network, generic fonts (sans-serif). Colours from a palette that colour-blind
readers tell apart, and each colour has its own pattern (hatching, dots, cross lines) so that a
black-and-white print still separates the parts; every bar carries its number as text and the
legend names every colour. Only the report path imports this module."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from massnahmen.domain.vocab import ASSESSMENT, STATUS

FONT = 'font-family="sans-serif"'
WIDTH = 680


@dataclass(frozen=True)
class Style:
    """A fill: colour, a pattern over it ('' none, 'hatch', 'back', 'vert', 'dots', 'cross', 'lines'),
    and the colour of text written on it."""

    colour: str
    pattern: str = ""
    ink: str = "#000"


# colour-blind safe colours (a well-known eight-colour palette), each with its own pattern
STATUS_STYLES = {
    "geplant": Style("#d9d9d9", "dots"),
    "in_umsetzung": Style("#56b4e9", "hatch"),
    "verstetigt": Style("#0072b2", "", "#fff"),
    "zurueckgestellt": Style("#e69f00", "cross"),
    "umgesetzt": Style("#009e73", "vert", "#fff"),
    "verworfen": Style("#ffffff", "lines"),
}
ASSESSMENT_STYLES = {
    "gruen": Style("#009e73", "", "#fff"),
    "gelb": Style("#f0e442", "dots"),
    "rot": Style("#d55e00", "cross", "#fff"),
    "keine": Style("#ffffff", "lines"),
}
SERIES_STYLES = {
    "started": Style("#56b4e9", "hatch"),
    "finished": Style("#009e73", "", "#fff"),
    "overdue": Style("#d55e00", "cross", "#fff"),
}


def _x(text: object) -> str:
    return escape(str(text), {'"': "&quot;"})


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _defs(prefix: str, styles: dict[str, Style]) -> str:
    out = ["<defs>"]
    for key, st in styles.items():
        if not st.pattern:
            continue
        ink = "#000" if st.ink == "#000" else "#fff"
        if st.pattern == "hatch":
            mark = f'<path d="M0,6 L6,0" stroke="{ink}" stroke-width="1" stroke-opacity=".55"/>'
        elif st.pattern == "vert":
            mark = f'<path d="M3,0 L3,6" stroke="{ink}" stroke-width="1.6" stroke-opacity=".7"/>'
        elif st.pattern == "back":
            mark = f'<path d="M0,0 L6,6" stroke="{ink}" stroke-width="1" stroke-opacity=".55"/>'
        elif st.pattern == "dots":
            mark = f'<circle cx="3" cy="3" r="1" fill="{ink}" fill-opacity=".5"/>'
        elif st.pattern == "cross":
            mark = f'<path d="M0,6 L6,0 M0,0 L6,6" stroke="{ink}" stroke-width=".8" stroke-opacity=".5"/>'
        else:  # lines
            mark = f'<path d="M0,3 L6,3" stroke="{ink}" stroke-width="1" stroke-opacity=".6"/>'
        out.append(
            f'<pattern id="{prefix}-{key}" patternUnits="userSpaceOnUse" width="6" height="6">'
            f'<rect width="6" height="6" fill="{st.colour}"/>{mark}</pattern>'
        )
    out.append("</defs>")
    return "".join(out)


def _fill(prefix: str, key: str, st: Style) -> str:
    return f"url(#{prefix}-{key})" if st.pattern else st.colour


def _svg(height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" aria-label="{_x(title)}" {FONT} font-size="11">'
        f"<title>{_x(title)}</title>" + "".join(body) + "</svg>"
    )


def _legend(prefix: str, items: list[tuple[str, str, Style]], y: int, x0: int = 0) -> tuple[list[str], int]:
    """(svg parts, height) of a legend: swatch + label, wrapping."""
    parts = []
    x, row = x0, 0
    for key, label, st in items:
        w = 22 + int(len(label) * 5.6) + 12
        if x + w > WIDTH and x > x0:
            x, row = x0, row + 1
        yy = y + row * 18
        parts.append(
            f'<rect x="{x}" y="{yy}" width="14" height="12" fill="{_fill(prefix, key, st)}" '
            f'stroke="#333" stroke-width=".6"/>'
        )
        parts.append(f'<text x="{x + 19}" y="{yy + 10}">{_x(label)}</text>')
        x += w
    return parts, (row + 1) * 18


def stacked_bars(
    prefix: str,
    title: str,
    rows: list[tuple[str, dict[str, int]]],
    keys: list[tuple[str, str]],
    styles: dict[str, Style],
    *,
    label_width: int = 200,
) -> str:
    """Horizontal bars, one per row, split into the keys (key, label); the count written inside
    each part wide enough for it, the total at the end of the bar."""
    legend, lh = _legend(prefix, [(k, lbl, styles[k]) for k, lbl in keys], 4)
    top = lh + 10
    bar_h, gap = 18, 7
    height = top + len(rows) * (bar_h + gap) + 4
    biggest = max([sum(c.values()) for _l, c in rows] + [1])
    room = WIDTH - label_width - 40
    body = [_defs(prefix, styles), *legend]
    for i, (label, counts) in enumerate(rows):
        y = top + i * (bar_h + gap)
        body.append(f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{_x(_short(label, 34))}</text>')
        x = float(label_width)
        for key, _lbl in keys:
            n = counts.get(key, 0)
            if not n:
                continue
            w = room * n / biggest
            st = styles[key]
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{_fill(prefix, key, st)}" stroke="#333" stroke-width=".6"/>'
            )
            if w >= 7 * len(str(n)) + 4:
                # black digits on a white plate: no colour or pattern crosses them, in print neither
                plate = 6.5 * len(str(n)) + 4
                body.append(
                    f'<rect x="{x + w / 2 - plate / 2:.1f}" y="{y + 3}" width="{plate:.1f}" '
                    f'height="12" rx="2" fill="#fff"/>'
                )
                body.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 13}" text-anchor="middle" font-weight="bold">{n}</text>'
                )
            x += w
        total = sum(counts.values())
        body.append(f'<text x="{x + 5:.1f}" y="{y + 13}">{total}</text>')
    return _svg(height, body, title)


def bars(
    prefix: str,
    title: str,
    rows: list[tuple[str, str, int]],
    styles: dict[str, Style],
    *,
    label_width: int = 200,
    note: str = "",
) -> str:
    """Horizontal bars (style key, label, value) with the value beside each bar."""
    bar_h, gap = 18, 7
    top = 4
    height = top + len(rows) * (bar_h + gap) + (18 if note else 4)
    biggest = max([v for _k, _l, v in rows] + [1])
    room = WIDTH - label_width - 50
    body = [_defs(prefix, styles)]
    for i, (key, label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        st = styles[key]
        w = room * value / biggest
        body.append(f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end">{_x(_short(label, 34))}</text>')
        if value:
            body.append(
                f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{_fill(prefix, key, st)}" stroke="#333" stroke-width=".6"/>'
            )
        body.append(f'<text x="{label_width + w + 5:.1f}" y="{y + 13}" font-weight="bold">{value}</text>')
    if note:
        body.append(f'<text x="0" y="{height - 4}" fill="#333">{_x(note)}</text>')
    return _svg(height, body, title)


def columns(
    prefix: str,
    title: str,
    groups: list[tuple[str, list[int]]],
    series: list[tuple[str, str]],
    styles: dict[str, Style],
) -> str:
    """Vertical bars grouped by a label (e.g. year), one bar per series, values on top."""
    legend, lh = _legend(prefix, [(k, lbl, styles[k]) for k, lbl in series], 4)
    top = lh + 18
    plot_h = 130
    height = top + plot_h + 22
    biggest = max([v for _g, vals in groups for v in vals] + [1])
    n = max(len(groups), 1)
    slot = (WIDTH - 20) / n
    bar_w = min(34.0, (slot - 12) / max(len(series), 1))
    body = [
        _defs(prefix, styles),
        *legend,
        f'<line x1="10" y1="{top + plot_h}" x2="{WIDTH - 10}" y2="{top + plot_h}" stroke="#333"/>',
    ]
    for gi, (label, values) in enumerate(groups):
        x0 = 10 + gi * slot + (slot - bar_w * len(series)) / 2
        for si, ((key, _lbl), v) in enumerate(zip(series, values, strict=False)):
            h = plot_h * v / biggest
            x = x0 + si * bar_w
            if v:
                body.append(
                    f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" '
                    f'height="{h:.1f}" fill="{_fill(prefix, key, styles[key])}" stroke="#333" '
                    f'stroke-width=".6"/>'
                )
            body.append(
                f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{top + plot_h - h - 3:.1f}" '
                f'text-anchor="middle" font-size="10">{v}</text>'
            )
        body.append(
            f'<text x="{10 + gi * slot + slot / 2:.1f}" y="{top + plot_h + 15}" text-anchor="middle">{_x(label)}</text>'
        )
    return _svg(height, body, title)


# -- the four charts of the Sachstandsbericht ------------------------------------------------
def status_chart(charts) -> str:
    keys = [(t.key, t.label) for t in STATUS.terms]
    rows = [(f"{code} {name}", counts) for code, name, counts in charts.status_by_field]
    return stacked_bars("st", "Status der Maßnahmen je Handlungsfeld", rows, keys, STATUS_STYLES)


def assessment_chart(charts) -> str:
    rows = [(t.key, f"{t.label} ({t.description})", charts.assessment_open.get(t.key, 0)) for t in ASSESSMENT.terms]
    rows.append(("keine", "nicht bewertet", charts.assessment_open.get("keine", 0)))
    return bars("am", "Ampel der offenen Maßnahmen", rows, ASSESSMENT_STYLES, label_width=160)


def year_chart(charts) -> str:
    groups = [(str(y), [s, f]) for y, s, f in charts.per_year]
    return columns(
        "yr",
        "Begonnene und umgesetzte Maßnahmen je Jahr",
        groups,
        [("started", "begonnen"), ("finished", "umgesetzt")],
        SERIES_STYLES,
    )


def overdue_chart(charts) -> str:
    rows = [("overdue", f"{code} {name}", overdue) for code, name, overdue, _open in charts.overdue_by_field]
    return bars("od", "Überfällige Wiedervorlagen je Handlungsfeld", rows, SERIES_STYLES)


def all_charts(charts) -> list[tuple[str, str]]:
    """(heading, svg) of the summary's charts, in their order."""
    return [
        ("Status je Handlungsfeld", status_chart(charts)),
        ("Ampel der offenen Maßnahmen", assessment_chart(charts)),
        ("Begonnen und umgesetzt je Jahr", year_chart(charts)),
        ("Überfällige Wiedervorlagen je Handlungsfeld", overdue_chart(charts)),
    ]
