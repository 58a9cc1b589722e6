"""Step 3 of the import: write a Plan through the store's bulk writer, inside the transaction the
caller holds (so a failure anywhere leaves the database as it was).

New fields, goals and contacts first (the measures refer to them), then the contacts' new
addresses, the new measures with their history row 'created', the changed measures, and one
history row per changed value (store.history.record_changes, which also raises the versions)."""

from __future__ import annotations

from operator import itemgetter

from massnahmen.domain.clock import now_iso
from massnahmen.importing.plan import ChangedMeasure, NewMeasure, Plan
from massnahmen.importing.resolve import ContactRef, FieldRef, GoalRef, stored_id
from massnahmen.store.bulk import Bulk, ChangeRow, ContactRow, FieldRow, GoalRow, MeasureRow
from massnahmen.store.history import record_changes
from massnahmen.store.measures import COLUMN, VALUE_KEYS


def write_plan(store, bulk: Bulk, plan: Plan, *, context: str, progress=None) -> None:
    """Write what the plan decided; history rows carry context (e.g. "Import liste.csv")."""
    ids = _Ids()
    ids.add(plan.new_fields, bulk.add_fields(FieldRow(code=f.code, name=f.name) for f in plan.new_fields))
    ids.add(plan.new_goals, bulk.add_goals(GoalRow(field_id=ids.of(g.field), name=g.name) for g in plan.new_goals))
    ids.add(
        plan.new_contacts,
        bulk.add_contacts(
            ContactRow(name=c.name, organisation=c.organisation, email=c.email, phone=c.phone)
            for c in plan.new_contacts
        ),
    )
    bulk.update_contacts(
        (
            stored_id(u.contact.id),
            {
                "name": u.contact.name,
                "organisation": u.contact.organisation,
                "role": u.contact.role,
                "email": u.email,
                "phone": u.phone,
            },
        )
        for u in plan.contact_updates
    )

    new, changed = plan.new, plan.changed
    total = len(new) + len(changed)
    if progress:
        progress("Schreiben", 0, total)
    now, user = now_iso(), store.user
    measure_ids = bulk.add_measures(
        MeasureRow(
            code=m.code, **_columns(m, ids), created_at=now, created_by=user, updated_at=now, updated_by=user, version=1
        )
        for m in new
    )
    bulk.add_changes(
        ChangeRow(mid, 1, now, user, "created", None, m.code, context) for mid, m in zip(measure_ids, new, strict=False)
    )
    if progress:
        progress("Schreiben", len(new), total)
    bulk.update_measures((m.id, {"code": m.code, **_columns(m, ids)}) for m in changed)  # code: for the search text
    record_changes(
        store, bulk.conn, [(m.id, key, old, value) for m in changed for key, old, value in m.diffs], context=context
    )
    if progress:
        progress("Schreiben", total, total)


def _column_of(key: str) -> str:
    column = COLUMN[key]
    assert column is not None, key  # a measure's own values are all stored in its row
    return column


_VALUE_COLUMNS = tuple(_column_of(key) for key in VALUE_KEYS)
_VALUES = itemgetter(*VALUE_KEYS)


def _columns(measure: NewMeasure | ChangedMeasure, ids: _Ids) -> dict[str, object]:
    """The measure's values by column of the measures table, with the ids of field, goal, contact."""
    columns = dict(zip(_VALUE_COLUMNS, _VALUES(measure.values), strict=False))
    columns["field_id"] = ids.of(measure.field)
    columns["goal_id"] = ids.of(measure.goal)
    columns["contact_id"] = ids.of(measure.contact)
    return columns


class _Ids:
    """The ids of the new fields, goals and contacts once written; an existing entry is its id."""

    def __init__(self) -> None:
        self._ids: dict[object, int] = {}

    def add(self, records: list, ids: list[int]) -> None:
        self._ids.update(zip(records, ids, strict=False))

    def of(self, ref: FieldRef | GoalRef | ContactRef | None) -> int | None:
        if ref is None or isinstance(ref, int):  # an id (or None) stands for itself
            return ref
        return self._ids[ref]
