"""How large a PDF may be. Typst lays out the whole document in memory (about 3 MB a page: a
Sachstandsbericht of 10 000 measures, 374 pages, takes 1.3 GB), so a PDF is refused above a
budget of table rows before anything is laid out, with the data to suggest a smaller choice; HTML,
Markdown and JSON have no such limit. No heavy imports."""

from __future__ import annotations

from massnahmen.domain.errors import TooLarge
from massnahmen.reports.common import number

ROW_BUDGET = 5000  # rows of a PDF's tables (measures, Sachstände, ideas): some 200 pages, under 1 GB
ROWS_PER_PAGE = 27  # measured on the demo: a Sachstandsbericht prints about this many measures a page


def pdf_rows(data, kind: str) -> int:
    """The rows a PDF of this report's data would list."""
    if kind == "rueckblick":
        return len(data.silent) + len(data.progress) + len(data.fields)
    if kind == "ideen":
        return sum(len(section.ideas) for section in data.sections)
    return data.total + (sum(len(line.history) for line in data.lines) if data.detailed else 0)


def check_pdf_size(data, kind: str, budget: int | None = None) -> None:
    """Refuse (TooLarge) a PDF whose tables would have more rows than the budget."""
    limit = ROW_BUDGET if budget is None else budget
    rows = pdf_rows(data, kind)
    if rows <= limit:
        return
    pages = max(1, rows // ROWS_PER_PAGE)
    raise TooLarge(
        f"Das PDF hätte {number(rows)} Zeilen (etwa {number(pages)} Seiten); ein PDF fasst höchstens "
        f"{number(limit)} Zeilen. Es wurde nichts geschrieben.",
        kind=kind,
        rows=rows,
        limit=limit,
        pages=pages,
    )
