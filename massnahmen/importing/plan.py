"""Step 2 of the import: decide for every row what it does, without writing anything.

A column absent from the file leaves that value unchanged; an empty cell clears it; a required value
cannot be cleared. Every row becomes a NewMeasure, a ChangedMeasure, Unchanged or Rejected; the
Plan also lists the fields, goals and contacts the accepted rows need created and the e-mail
addresses and phone numbers of existing contacts the file changes. The dry run and the summary
read the Plan; importing.write writes it."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from massnahmen.domain.bounds import some_of
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.records import Contact
from massnahmen.domain.text import fold_key
from massnahmen.importing.headers import label
from massnahmen.importing.resolve import Catalog, ContactRef, FieldRef, GoalRef, NewContact, NewField, NewGoal
from massnahmen.importing.rows import Problem, Row
from massnahmen.store.measures import VALUE_KEYS, StoredMeasure, measures_by_code

Diff = tuple[str, object, object]  # (attribute key, old, new); field, goal and contact by name


@dataclass(frozen=True, slots=True)
class NewMeasure:
    line: int
    code: str
    values: dict[str, object]  # every key of VALUE_KEYS (None where the file has no column)
    field: FieldRef
    goal: GoalRef | None
    contact: ContactRef | None


@dataclass(frozen=True, slots=True)
class ChangedMeasure:
    line: int
    code: str
    id: int
    version: int  # the stored version the diffs were taken against
    diffs: list[Diff]
    values: dict[str, object]  # every key of VALUE_KEYS, the stored values with the diffs applied
    field: FieldRef
    goal: GoalRef | None
    contact: ContactRef | None


@dataclass(frozen=True, slots=True)
class Unchanged:
    line: int
    code: str


@dataclass(frozen=True, slots=True)
class Rejected:
    row: Row  # the row as read (its raw cells go to the rejects file)
    problems: list[Problem]  # the row's own problems and those found while planning


RowPlan = NewMeasure | ChangedMeasure | Unchanged | Rejected


@dataclass(frozen=True)
class ContactUpdate:
    """New e-mail address and phone number of an existing contact (unchanged ones as stored)."""

    contact: Contact
    email: str | None
    phone: str | None


@dataclass
class Plan:
    rows: list[RowPlan]  # one per row of the file, in its order
    new_fields: list[NewField]  # what the accepted rows need created, in the order first named
    new_goals: list[NewGoal]
    new_contacts: list[NewContact]  # with the first e-mail address and phone the file gives
    contact_updates: list[ContactUpdate]
    created: dict[str, list[str]]  # the names of the new fields, goals and contacts, for the summary
    derived_fields: int = 0  # new measures whose field came from the Nr.
    numbered: list[tuple[int, str]] = dataclasses.field(default_factory=list)  # (line, Nr. given)
    recognised: list[tuple[int, str]] = dataclasses.field(default_factory=list)  # (line, Nr. found by title)
    # (line, Nr., origin): the same title in the field, but a measure of another source – left alone
    elsewhere: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)

    def _of(self, kind: type) -> list:
        return [r for r in self.rows if isinstance(r, kind)]

    @property
    def new(self) -> list[NewMeasure]:
        return self._of(NewMeasure)

    @property
    def changed(self) -> list[ChangedMeasure]:
        return self._of(ChangedMeasure)

    @property
    def unchanged(self) -> list[Unchanged]:
        return self._of(Unchanged)

    @property
    def rejected(self) -> list[Rejected]:
        return self._of(Rejected)

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rejected for p in r.problems]

    @property
    def has_writes(self) -> bool:
        return any(isinstance(r, NewMeasure | ChangedMeasure) for r in self.rows) or bool(self.contact_updates)


NO_FIELD = "keine Nr. und kein Handlungsfeld"  # with numbering: a row that cannot be numbered
_KEY_OF_LABEL = {"Handlungsfeld": "field", "Ziel": "goal", "Zuständig": "contact"}


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def is_running_number(code: str | None) -> bool:
    """A Nr. the import numbers anew with --nummerieren: none at all, or a working group's plain
    running number (digits only: 1, 2, 3 …), which is never taken as the Nr. of a measure."""
    return not code or code.isdigit()


def plan_import(
    store,
    rows: list[Row],
    columns: dict[str, str],
    *,
    progress=None,
    numbering: bool = False,
    default_field: str | None = None,
    context: str | None = None,
) -> Plan:
    """Decide for every row: new, changed, unchanged or refused. Reads the store, writes nothing.

    default_field (the code of an existing field, --field) is the field of rows without one.
    With numbering, a row without a Nr. or with a running number (is_running_number) is a new
    measure with the next free Nr. of its field – unless a measure of the same title (folded)
    already stands in that field: then the row is that measure, unchanged."""
    catalog = Catalog.read(store)
    if numbering:  # running numbers are no Nr.: never matched, never "more than once"
        rows = [dataclasses.replace(row, code=None) if is_running_number(row.code) else row for row in rows]
    stored = measures_by_code(store, (row.code for row in rows if row.code))
    found = _problems_between_rows(rows, stored, columns)
    planner = _RowPlanner(catalog, default_field)
    numberer = _Numberer(store, catalog, rows, columns, context) if numbering else None
    planned: list[RowPlan] = []
    total = len(rows)
    for n, row in enumerate(rows):
        if progress and n % 5000 == 0:
            progress("Abgleichen", n, total)
        problems = row.problems + found.get(row.line, [])
        if not problems:
            try:
                result: NewMeasure | ChangedMeasure | Unchanged
                if numberer is not None and row.code is None:
                    result = numberer.plan(row, planner)
                else:
                    result = planner.plan(row, stored.get(row.code or ""))
            except InvalidValue as exc:  # a reference that cannot be resolved
                column = columns.get(_KEY_OF_LABEL.get(exc.label, ""))
                # a value the file has no column for (--field, derived from the Nr.): named by its label
                problems = [_problem(row, column, exc.detail if column else f"{exc.label}: {exc.detail}")]
            except _Refused as refused:
                problems = [refused.problem]
            else:
                planned.append(result)
                continue
        planned.append(Rejected(row, problems))
    if progress:
        progress("Abgleichen", total, total)
    plan = _finish(catalog, planned, planner.addresses, planner.derived_fields)
    if numberer is not None:
        plan.numbered = numberer.numbered
        plan.recognised = numberer.recognised
        plan.elsewhere = numberer.elsewhere
    return plan


def _problems_between_rows(
    rows: list[Row], stored: dict[str, StoredMeasure], columns: dict[str, str]
) -> dict[int, list[Problem]]:
    """Problems a row has only beside the others or the store: a Nr. that occurs more than once
    (one bounded message per Nr., shared by its rows), an empty Status of an existing measure."""
    lines_by_code: dict[str, list[int]] = {}
    for row in rows:
        if row.code and not row.problems:
            lines_by_code.setdefault(row.code, []).append(row.line)
    found: dict[int, list[Problem]] = {}
    messages: dict[str, str] = {}
    code_column = columns.get("code", "Nr")
    for row in rows:
        lines = lines_by_code.get(row.code or "", [])
        if len(lines) > 1:  # also on a row refused already, beside its own problems
            code = row.code or ""
            if code not in messages:
                unit = "Einträgen" if isinstance(row.raw, dict) else "Zeilen"
                messages[code] = f"„{row.code}“ kommt mehrfach vor ({unit} {some_of(lines)})"
            found.setdefault(row.line, []).append(_problem(row, code_column, messages[code]))
        if row.code in stored and "status" in row.values and row.values["status"] is None:
            found.setdefault(row.line, []).append(_problem(row, columns.get("status"), "darf nicht leer sein"))
    return found


def _problem(row: Row, column: str | None, message: str) -> Problem:
    json_row = isinstance(row.raw, dict)
    return Problem(row.line, column, message, "Eintrag" if json_row else "Zeile", "Feld" if json_row else "Spalte")


class _RowPlanner:
    """Plans one row against its stored measure (None: a new one)."""

    def __init__(self, catalog: Catalog, default_field: str | None = None) -> None:
        self.catalog = catalog
        self.addresses = _Addresses(catalog)
        self.derived_fields = 0
        self.default_field = default_field

    def plan(self, row: Row, stored: StoredMeasure | None) -> NewMeasure | ChangedMeasure | Unchanged:
        if stored is None:
            return self._new(row)
        return self._existing(row, stored)

    def _contact(self, row: Row, current: ContactRef | None) -> ContactRef | None:
        """The contact the row names; current when it has no contact column."""
        spec = row.contact
        if spec is None or ("contact" not in spec and "organisation" not in spec):
            return current
        one_cell = "organisation" not in spec  # one cell: "Name", "Name (Organisation)" or "Name, Organisation"
        return self.catalog.contact(spec.get("contact"), spec.get("organisation"), one_cell=one_cell)

    def _new(self, row: Row) -> NewMeasure:
        values = row.values
        code = values["code"] or ""
        field_text = values.get("field")
        if field_text is None and self.default_field is not None:  # no field of its own: --field
            field_text = self.default_field
        elif "field" not in values:  # "3.2.1" in a table without a Handlungsfeld column: field "3"
            field_text = self.catalog.field_by_code_prefix(code)
            self.derived_fields += field_text is not None
        missing = [
            key
            for key, given in (("title", "title" in values), ("field", "field" in values or field_text is not None))
            if not given
        ]
        if missing:
            what = " und ".join(f"„{label(k)}“" for k in missing)
            raise _Refused(
                _problem(row, None, f"Die neue Maßnahme „{code}“ braucht {what}, die Datei hat dafür keine Spalte")
            )
        field = self.catalog.field(field_text or "")
        goal_text = values.get("goal")
        goal = self.catalog.goal(field, goal_text) if goal_text else None
        contact = self._contact(row, None)
        own: dict[str, object] = {key: values.get(key) for key in VALUE_KEYS}
        own["status"] = own["status"] or "geplant"
        self.addresses.take(row, contact)
        return NewMeasure(row.line, code, own, field, goal, contact)

    def _existing(self, row: Row, stored: StoredMeasure) -> ChangedMeasure | Unchanged:
        values = row.values
        catalog = self.catalog
        diffs: list[Diff] = []
        for key in VALUE_KEYS:
            if key in values:
                old, new = stored.values[key], values[key]
                if (old or None) != (new or None):
                    diffs.append((key, old, new))
        field: FieldRef = stored.field_id
        if values.get("field") is not None or ("field" in values and self.default_field is None):
            field = catalog.field(values["field"] or "")
        goal: GoalRef | None = stored.goal_id
        if "goal" in values:
            goal = catalog.goal(field, values["goal"]) if values["goal"] else None
        elif field != stored.field_id and goal is not None:  # moved: the goal of that name there, if any
            goal = catalog.same_goal_in(field, catalog.goal_name(goal) or "")
        contact = self._contact(row, stored.contact_id)
        merged = stored.values | {key: new for key, _old, new in diffs}
        if field != stored.field_id:
            diffs.append(("field", catalog.field_name(stored.field_id), catalog.field_name(field)))
        if goal != stored.goal_id:
            diffs.append(("goal", catalog.goal_name(stored.goal_id), catalog.goal_name(goal)))
        if contact != stored.contact_id:
            diffs.append(("contact", catalog.contact_name(stored.contact_id), catalog.contact_name(contact)))
        self.addresses.take(row, contact)
        if not diffs:
            return Unchanged(row.line, stored.code)
        return ChangedMeasure(row.line, stored.code, stored.id, stored.version, diffs, merged, field, goal, contact)


class _Numberer:
    """Gives rows without a Nr. the next free ones of their field and recognises rows imported
    before by their title within the field. The next Nr. of a field with the code F is F.n, n one
    more than the highest second part of the Nr. there (4.1.1 … 4.2.3 → 4.3, 4.4; none yet → 4.1);
    a Nr. taken anywhere (in the database or the file) is skipped."""

    def __init__(
        self, store, catalog: Catalog, rows: list[Row], columns: dict[str, str], context: str | None = None
    ) -> None:
        self.catalog = catalog
        self.columns = columns
        with store.reading() as conn:
            measures = conn.execute(
                "SELECT m.code, m.title, m.field_id, m.source, (SELECT c.context FROM changes c WHERE "
                "c.measure_id = m.id AND c.field = 'created' ORDER BY c.id LIMIT 1) FROM measures m"
            ).fetchall()
        self.taken = {code for code, *_rest in measures} | {row.code for row in rows if row.code}
        self.by_title: dict[tuple[FieldRef, str], tuple[int | None, str]] = {}
        self.origins: dict[str, tuple[str | None, str | None]] = {}  # Nr. → (Herkunft, how it was created)
        for code, title, field_id, source, created_by in measures:
            self.by_title.setdefault((field_id, fold_key(title)), (None, code))
            self.origins[code] = (source, created_by)
        self.context = context
        self.next: dict[str, int] = {}
        self.numbered: list[tuple[int, str]] = []  # (line, Nr. given)
        self.recognised: list[tuple[int, str]] = []
        self.elsewhere: list[tuple[int, str, str]] = []  # (line, Nr., its origin): same title, another source

    def plan(self, row: Row, planner: _RowPlanner) -> NewMeasure | Unchanged:
        values = row.values
        field_text = values.get("field") or planner.default_field
        # messages name the file's own column (its title as written), or none
        column = self.columns.get("field") or self.columns.get("code")
        if not field_text:
            raise _Refused(
                _problem(
                    row,
                    column,
                    f"{NO_FIELD} – zum Nummerieren braucht die "
                    "Zeile ein Handlungsfeld (in einer eigenen Spalte oder eines für "
                    "die ganze Datei)",
                )
            )
        if not values.get("title"):
            title_column = self.columns.get("title")
            raise _Refused(
                _problem(
                    row,
                    title_column,
                    "ist leer – die neue Maßnahme braucht einen Titel"
                    if title_column
                    else "Die neue Maßnahme braucht „Maßnahme“ (den Titel), die Datei hat dafür keine Spalte",
                )
            )
        field = self.catalog.field(field_text)
        key = (field, fold_key(str(values["title"])))
        known = self.by_title.get(key)
        if known is not None:
            line, code = known
            if line is not None:  # the same measure twice in this file
                raise _Refused(
                    _problem(
                        row,
                        self.columns.get("title"),
                        f"dieselbe Maßnahme wie Zeile {line} (gleicher Titel im Handlungsfeld)",
                    )
                )
            origin = self._other_origin(row, code)
            if origin is not None:  # not the measure this list made before: say so, change nothing
                self.elsewhere.append((row.line, code, origin))
            else:
                self.recognised.append((row.line, code))
            return Unchanged(row.line, code)
        code = self._next_code(field)
        new = planner.plan(
            dataclasses.replace(row, values=values | {"code": code, "field": field_text}, code=code), None
        )
        assert isinstance(new, NewMeasure)
        self.taken.add(code)  # only now: a row refused while planning takes no Nr.
        self.by_title[key] = (row.line, code)
        self.numbered.append((row.line, code))
        return new

    def _other_origin(self, row: Row, code: str) -> str | None:
        """None if the stored measure of the same title came from this list (made by an import of a
        file of the same name, or of the same Herkunft as the row); else how it came about."""
        source, created_by = self.origins.get(code, (None, None))
        given = row.values.get("source")
        if created_by and created_by == self.context:
            return None
        if given and source and fold_key(str(given)) == fold_key(source):
            return None
        if source:
            return f"Herkunft „{source}“"
        return f"angelegt durch „{created_by}“" if created_by else "von Hand angelegt"

    def _next_code(self, field: FieldRef) -> str:
        """The next free Nr. of the field (not yet taken: see plan)."""
        prefix = field.code if isinstance(field, NewField) else self.catalog.fields[field].code
        if prefix not in self.next:
            pattern = re.compile(re.escape(prefix) + r"\.(\d+)(?:\D|$)")
            parts = [int(m.group(1)) for code in self.taken if (m := pattern.match(code))]
            self.next[prefix] = max(parts, default=0) + 1
        while f"{prefix}.{self.next[prefix]}" in self.taken:
            self.next[prefix] += 1
        return f"{prefix}.{self.next[prefix]}"


class _Addresses:
    """E-mail addresses and phone numbers given beside a contact: a new contact takes the first
    ones given for it; an existing contact is updated with the first that differs from the stored."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.given: dict[ContactRef, dict[str, str]] = {}

    def take(self, row: Row, contact: ContactRef | None) -> None:
        if contact is None or row.contact is None:
            return
        stored = self.catalog.contacts.get(contact) if isinstance(contact, int) else None
        for key in ("email", "phone"):
            value = row.contact.get(key)
            if value and (stored is None or value != getattr(stored, key)):
                self.given.setdefault(contact, {}).setdefault(key, value)


def _finish(catalog: Catalog, planned: list[RowPlan], addresses: _Addresses, derived_fields: int) -> Plan:
    """The plan of the rows with the new entries the accepted rows use."""
    accepted = [r for r in planned if isinstance(r, NewMeasure | ChangedMeasure)]
    used_goals = {r.goal for r in accepted if isinstance(r.goal, NewGoal)}
    used_fields = {r.field for r in accepted if isinstance(r.field, NewField)}
    used_fields |= {g.field for g in used_goals if isinstance(g.field, NewField)}
    used_contacts = {r.contact for r in accepted if isinstance(r.contact, NewContact)}
    new_fields = [f for f in catalog.new_fields if f in used_fields]
    new_goals = [g for g in catalog.new_goals if g in used_goals]
    new_contacts = [
        dataclasses.replace(c, **addresses.given.get(c, {})) for c in catalog.new_contacts if c in used_contacts
    ]
    updates = []
    for ref, changes in addresses.given.items():
        if isinstance(ref, int) and changes:
            stored = catalog.contacts[ref]
            email, phone = changes.get("email", stored.email), changes.get("phone", stored.phone)
            updates.append(ContactUpdate(stored, email, phone))
    created = {
        "fields": [f"{f.code} {f.name}" for f in new_fields],
        "goals": [f"{g.name} ({catalog.field_name(g.field)})" for g in new_goals],
        "contacts": [catalog.contact_name(c) or "" for c in new_contacts],
    }
    return Plan(planned, new_fields, new_goals, new_contacts, updates, created, derived_fields)
