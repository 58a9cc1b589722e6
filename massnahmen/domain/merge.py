"""What saving a form writes onto the stored record: only what the officer changed, so that
what a colleague changed in the meantime stays – also when the officer saves anyway after a
conflict ("Trotzdem übernehmen")."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date


def changed_values(read: Mapping[str, object], entered: Mapping[str, object]) -> dict:
    """The values the officer changed from what the form showed (read): only these are written,
    so that what a colleague changed in the meantime in other fields stays."""
    return {key: value for key, value in entered.items() if value != read.get(key)}


def changed_by_both(mine: Mapping[str, object], theirs: list[Mapping[str, object]]) -> dict[str, Mapping]:
    """The attributes the officer changed (mine: attribute → value) that a colleague changed too
    in the meantime (theirs: history changes, oldest first, keys attribute, new, author): attribute
    → the colleague's last change of it. These need the officer's choice, value by value."""
    last = {c["attribute"]: c for c in theirs if c.get("attribute") in mine}
    return {key: last[key] for key in mine if key in last}


def review_to_write(read: Mapping[str, object], entered: Mapping[str, object], *,
                    read_review_date: date | None, stored_review_date: date | None, today: date) -> dict:
    """What add_review gets for a Sachstand form (keys note, status, assessment, next; next is the
    form's text of the next Wiedervorlage), given what the form showed when it was loaded (read,
    and the Wiedervorlage then stored: read_review_date), what the officer left in it (entered)
    and the Wiedervorlage stored now (stored_review_date; the same as read_review_date unless a
    colleague changed it in the meantime, as when saving with "Trotzdem übernehmen").

    Status and Ampel only if the officer changed them: otherwise the stored ones stay, a
    colleague's included. The next Wiedervorlage as entered if the officer changed the proposal
    (empty: none); otherwise a date a colleague set in the meantime, unless it has passed;
    otherwise None, and the store proposes six months ahead (none for a closed status)."""
    changed = changed_values(read, entered)
    keep_next = None
    if stored_review_date != read_review_date and stored_review_date is not None and stored_review_date >= today:
        keep_next = stored_review_date
    return {
        "note": entered.get("note"),
        "status": changed.get("status"),
        "assessment": changed.get("assessment"),
        "next_review": (changed["next"] or None) if "next" in changed else keep_next,
    }
