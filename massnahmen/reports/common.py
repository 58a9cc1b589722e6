"""Small helpers shared by the report computations (no heavy imports)."""

from __future__ import annotations

from massnahmen.domain.vocab import OPEN_STATUSES

OPEN_SQL = "(" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"


def concept_row(conn) -> tuple[str, str | None, str | None]:
    """(name, body, adopted_on) of the concept; the file name if the row is missing."""
    row = conn.execute("SELECT name, body, adopted_on FROM concept WHERE id = 1").fetchone()
    return (row[0], row[1], row[2]) if row else ("Integrationskonzept", None, None)


def percent(part: int, whole: int) -> int:
    """Rounded share in percent (0 for an empty whole)."""
    return round(100 * part / whole) if whole else 0


def days_text(days: int) -> str:
    """'überfällig seit 3 Tagen', 'heute fällig', 'fällig in 12 Tagen' (days = review − today)."""
    if days < -1:
        return f"überfällig seit {-days} Tagen"
    if days == -1:
        return "überfällig seit 1 Tag"
    if days == 0:
        return "heute fällig"
    if days == 1:
        return "morgen fällig"
    return f"fällig in {days} Tagen"


def bar(share: int, width: int = 10) -> str:
    """A small bar for a share in percent: '███░░░░░░░'."""
    filled = max(0, min(width, round(share * width / 100)))
    return "█" * filled + "░" * (width - filled)


def plural(n: int, one: str, many: str) -> str:
    return f"{number(n)} {one if n == 1 else many}"


def number(n: int) -> str:
    """German thousands separator: 100.000."""
    return f"{n:,}".replace(",", ".")
