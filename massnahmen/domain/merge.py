"""What saving a form writes onto the stored record: only what the officer changed, so that
what a colleague changed in the meantime stays – also when the officer saves anyway after a
conflict ("Trotzdem übernehmen")."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from massnahmen.domain.attributes import parse_value
from massnahmen.domain.errors import InvalidValue


def changed_values(read: Mapping[str, object], entered: Mapping[str, object]) -> dict:
    """The values the officer changed from what the form showed (read): only these are written,
    so that what a colleague changed in the meantime in other fields stays. What counts is the
    value, not whether a field was touched: a value chosen or typed again as it was is no change."""
    return {key: value for key, value in entered.items() if value != read.get(key)}


def changed_attributes(read: Mapping[str, object], entered: Mapping[str, object]) -> dict:
    """changed_values for a measure's attributes, compared as the registry reads them: „1.2.27“
    typed over „01.02.2027“, or a title with a space more, is the same value and no change."""

    def same(key: str, old: object, new: object) -> bool:
        try:
            return parse_value(key, old) == parse_value(key, new)
        except (InvalidValue, KeyError):
            return False  # a value that does not read is a change (the check then names it)

    return {key: value for key, value in changed_values(read, entered).items() if not same(key, read.get(key), value)}


def changed_by_both(mine: Mapping[str, object], theirs: list[Mapping[str, object]]) -> dict[str, Mapping]:
    """The attributes the officer changed (mine: attribute → value) that a colleague changed too
    in the meantime (theirs: history changes, oldest first, keys attribute, new, author): attribute
    → the colleague's last change of it. These need the officer's choice, value by value."""
    last = {c["attribute"]: c for c in theirs if c.get("attribute") in mine}
    return {key: last[key] for key in mine if key in last}


# the Sachstand form's keys that change a measure's attribute (form key → attribute key)
REVIEW_ATTRIBUTES = {"status": "status", "assessment": "assessment", "next": "review_date"}


def review_changes(read: Mapping[str, object], entered: Mapping[str, object]) -> dict:
    """What the officer changed in a Sachstand form, by attribute key (status, assessment,
    review_date): what changed_by_both compares with a colleague's changes. A value chosen again
    as it was when the form was opened is no change."""
    changed = changed_values(read, entered)
    return {attr: changed[key] for key, attr in REVIEW_ATTRIBUTES.items() if key in changed}


def review_to_write(
    read: Mapping[str, object],
    entered: Mapping[str, object],
    *,
    read_review_date: date | None,
    stored_review_date: date | None,
    today: date,
    keep_theirs: Collection[str] = (),
) -> dict:
    """What add_review gets for a Sachstand form (keys note, status, assessment, clear_assessment,
    next_review), given what the form showed when it was loaded (read: note, status, assessment –
    the Ampel key or None for „nicht bewertet“ –, next – the form's text of the next
    Wiedervorlage – and the Wiedervorlage then stored: read_review_date), what the officer left in
    it (entered) and the Wiedervorlage stored now (stored_review_date; the same as read_review_date
    unless a colleague changed it in the meantime, as when saving with "Trotzdem übernehmen").
    keep_theirs names the attributes (status, assessment, review_date) that both changed where the
    officer chose the colleague's value: these are written as if the officer had left them.

    Status and Ampel only if the officer changed them from what the form showed: otherwise the
    stored ones stay, a colleague's included. The next Wiedervorlage as entered if the officer
    changed the proposal (empty: none); otherwise a date a colleague set in the meantime, unless it
    has passed; otherwise None, and the store proposes six months ahead (none for a closed status)."""
    changed = {
        key: value
        for key, value in changed_values(read, entered).items()
        if REVIEW_ATTRIBUTES.get(key) not in keep_theirs
    }
    keep_next = None
    if stored_review_date != read_review_date and stored_review_date is not None and stored_review_date >= today:
        keep_next = stored_review_date
    return {
        "note": entered.get("note"),
        "status": changed.get("status"),
        "assessment": changed.get("assessment"),
        "clear_assessment": "assessment" in changed and not changed["assessment"],
        "next_review": (changed["next"] or None) if "next" in changed else keep_next,
    }
