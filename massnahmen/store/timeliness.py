"""Timeliness in SQL: the rule of domain.timeliness as WHERE fragments, for every query that
selects or counts measures by their review date. The caller adds the open-status condition.

column is the review date's column ("m.review_date"); today and until are placeholders ("?",
":today") bound to ISO dates: today's, and domain.timeliness.due_until's."""

from __future__ import annotations


def overdue(column: str, today: str) -> str:
    """überfällig: the review date lies before today."""
    return f"{column} < {today}"


def due(column: str, today: str, until: str) -> str:
    """fällig: the review date lies between today and until (both included)."""
    return f"{column} >= {today} AND {column} <= {until}"


def overdue_or_due(column: str, until: str) -> str:
    """überfällig or fällig: a review date up to until."""
    return f"{column} <= {until}"


def without_review(column: str) -> str:
    """ohne Wiedervorlage."""
    return f"{column} IS NULL"
