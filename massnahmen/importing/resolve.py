"""Step 1 of the import: what a row's Handlungsfeld, Ziel and Zuständig cells name.

The Catalog reads the store's fields, goals and contacts once and indexes them, so that every
lookup takes constant (or logarithmic) time however many the database and the file hold. A cell
names an existing entry (its id) or one the import would create (NewField, NewGoal, NewContact);
a second cell naming the same new entry gets the same record. Nothing is written here."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from dataclasses import dataclass

from massnahmen.domain.contacts import contact_display
from massnahmen.domain.errors import InvalidValue
from massnahmen.domain.records import Contact, Field, Goal
from massnahmen.domain.text import fold, fold_key
from massnahmen.store.catalog import all_contacts, all_goals, fields_in_order


@dataclass(frozen=True)
class NewField:
    """A Handlungsfeld the import creates."""

    code: str
    name: str


@dataclass(frozen=True)
class NewGoal:
    """A Ziel the import creates, in an existing field (its id) or a new one."""

    field: int | NewField
    name: str


@dataclass(frozen=True)
class NewContact:
    """A contact the import creates; e-mail and phone are the first ones the file gives for it
    (they do not take part in comparing two NewContacts)."""

    name: str | None
    organisation: str | None
    email: str | None = dataclasses.field(default=None, compare=False)
    phone: str | None = dataclasses.field(default=None, compare=False)


FieldRef = int | NewField  # an existing field's id, or the new field
GoalRef = int | NewGoal
ContactRef = int | NewContact

_CODE_NAME = re.compile(r"^(\S+)\s+(.+)$")  # "3 Bildung und Sprache"
_FIELD_CODE = re.compile(r"[0-9][0-9.]*|[A-ZÄÖÜ]{1,3}[0-9]*")  # what may be taken as a new field's code
_DISPLAY = re.compile(r"^(.+?)\s*\(([^()]+)\)$")  # "Name (Organisation)"

_ORGANISATION_WORDS = re.compile(  # heads of German compound nouns: "Gesundheitsamt", "Kreisverband"
    r"(?:amt|jobcenter|agentur|verein|e\.? ?v|gmbh|ggmbh|kammer|ihk|hwk|volkshochschule|vhs|schule|stadt|"
    r"landkreis|kreis|verband|caritas|diakonie|awo|drk|bamf|polizei|polizeirevier|gemeinde|beirat|buro|stelle|"
    r"zentrum|netzwerk|ministerium|behorde|dienst|werk|bibliothek|kita|hochschule|universitat|stiftung|"
    r"initiative|verwaltung|referat|fachbereich|abteilung|arbeitsgruppe|arbeitskreis|organisation|kirche|"
    r"moschee|club|klub|kommune|landratsamt|rathaus|ag|ak)\b"
)


def looks_like_organisation(text: str) -> bool:
    """'Gesundheitsamt', 'AWO Kreisverband', 'Stadtbibliothek' rather than a person's name."""
    return bool(_ORGANISATION_WORDS.search(fold(text)))


def stored_id(record_id: int | None) -> int:
    """The id of a record read from the store: always set there (None only before it is saved)."""
    assert record_id is not None
    return record_id


class Catalog:
    """The store's fields, goals and contacts, indexed for the lookups of the import, plus the
    new ones the import's cells have named so far (in the order they were first named)."""

    def __init__(self, fields: list[Field], goals: list[Goal], contacts: list[Contact]) -> None:
        # fields: by code, by folded name, by (code, folded name); names sorted for "begins with"
        self.fields = {f.id: f for f in fields}
        self._field_by_code: dict[str, int] = {}
        self._fields_by_key: dict[str, list[int]] = {}
        self._field_by_code_key: dict[tuple[str, str], int] = {}
        for f in fields:  # in list order: the first of equal codes or names wins
            fid = stored_id(f.id)
            self._field_by_code.setdefault(f.code, fid)
            self._fields_by_key.setdefault(fold_key(f.name), []).append(fid)
            self._field_by_code_key.setdefault((f.code, fold_key(f.name)), fid)
        self._field_keys = sorted(self._fields_by_key)
        self._codes = {f.code for f in fields}  # taken, also by new fields
        self._max_number = max((int(c) for c in self._codes if c.isdigit()), default=0)
        # goals: per field, by code and by folded name
        self.goals = {g.id: g for g in goals}
        self._goals_by_field: dict[int, tuple[dict[str, list[int]], dict[str, list[int]]]] = {}
        for g in goals:
            gid = stored_id(g.id)
            by_code, by_name = self._goals_by_field.setdefault(stored_id(g.field_id), ({}, {}))
            if g.code:
                by_code.setdefault(g.code, []).append(gid)
            by_name.setdefault(fold_key(g.name), []).append(gid)
        # contacts: by (folded name, folded organisation), by name, by organisation
        self.contacts = {c.id: c for c in contacts}
        self._contact_by_pair: dict[tuple[str, str], ContactRef] = {}
        self._contacts_by_name: dict[str, list[ContactRef]] = {}
        self._contacts_by_org: dict[str, list[ContactRef]] = {}
        for c in contacts:
            self._index_contact(stored_id(c.id), c.name, c.organisation)
        # what the import would create, and each distinct cell's answer
        self.new_fields: list[NewField] = []
        self.new_goals: list[NewGoal] = []
        self.new_contacts: list[NewContact] = []
        self._new_field_by_key: dict[str, NewField] = {}
        self._new_goal_by_key: dict[tuple[FieldRef, str], NewGoal] = {}
        self._answers: dict[tuple, object] = {}

    @classmethod
    def read(cls, store) -> Catalog:
        return cls(fields_in_order(store), all_goals(store), all_contacts(store))

    # -- names for the history and the summary ----------------------------------------------
    def field_name(self, ref: FieldRef | None) -> str | None:
        if ref is None:
            return None
        return ref.name if isinstance(ref, NewField) else self.fields[ref].name

    def goal_name(self, ref: GoalRef | None) -> str | None:
        if ref is None:
            return None
        return ref.name if isinstance(ref, NewGoal) else self.goals[ref].name

    def contact_name(self, ref: ContactRef | None) -> str | None:
        if ref is None:
            return None
        c = ref if isinstance(ref, NewContact) else self.contacts[ref]
        return contact_display(c.name, c.organisation) or None

    def _answer(self, key: tuple, find):
        """find() once per distinct cell (an ambiguous name is refused the same way each time)."""
        if key not in self._answers:
            try:
                self._answers[key] = find()
            except InvalidValue as exc:
                self._answers[key] = exc
        answer = self._answers[key]
        if isinstance(answer, InvalidValue):
            raise answer
        return answer

    # -- fields -----------------------------------------------------------------------------
    def field(self, text: str) -> FieldRef:
        """The field a cell names: a new one already named, an existing one (by code, name, the
        beginning of a name, or "code name"), else a new one. InvalidValue when ambiguous."""
        return self._answer(("field", text), lambda: self._find_field(text.strip()))

    def _find_field(self, text: str) -> FieldRef:
        planned = self._new_field_by_key.get(fold_key(text))
        if planned is not None:
            return planned
        found = self._existing_field(text)
        if found is not None:
            return found
        m = _CODE_NAME.match(text)
        coded = m is not None and _FIELD_CODE.fullmatch(m.group(1)) is not None
        if m:  # "3 Bildung und Sprache": code and name of one field
            found = self._field_by_code_key.get((m.group(1), fold_key(m.group(2))))
            if found is not None:
                return found
        if coded and m is not None:  # the name of an existing field under another code: that field
            named = self._fields_by_key.get(fold_key(m.group(2)), [])
            if len(named) == 1:
                return named[0]
        if coded and m is not None and m.group(1) not in self._codes:
            new = NewField(m.group(1), m.group(2).strip())
        else:  # the code is taken: the next free one, and the name without the other code
            number = self._max_number + 1
            while str(number) in self._codes:
                number += 1
            new = NewField(str(number), m.group(2).strip() if coded and m is not None else text)
        self._codes.add(new.code)
        if new.code.isdigit():
            self._max_number = max(self._max_number, int(new.code))
        self.new_fields.append(new)
        self._new_field_by_key.setdefault(fold_key(new.name), new)
        self._new_field_by_key.setdefault(fold_key(f"{new.code} {new.name}"), new)
        return new

    def _existing_field(self, text: str) -> int | None:
        """What store.catalog.find_field finds: by code, by name, by the beginning of a name; None
        when nothing matches; InvalidValue when several do."""
        if text in self._field_by_code:
            return self._field_by_code[text]
        key = fold_key(text)
        matches = self._fields_by_key.get(key, [])
        if not matches and key:  # the names beginning with key follow it in sorted order
            at = bisect_left(self._field_keys, key)
            names = [k for k in self._field_keys[at : at + 2] if k.startswith(key)]
            matches = [fid for k in names for fid in self._fields_by_key[k]]
        if len(matches) > 1:
            raise InvalidValue(
                "Handlungsfeld",
                f"„{text}“ ist nicht eindeutig (mehrere Handlungsfelder "
                "beginnen so); bitte den vollen Namen oder das Kürzel angeben",
            )
        return matches[0] if matches else None

    def field_by_code_prefix(self, code: str) -> str | None:
        """The code of an existing field that the measure's Nr. starts with ("3.2.1" → "3")."""
        prefix = re.split(r"[.\-/ ]", code, maxsplit=1)[0]
        if prefix and prefix != code and prefix in self._field_by_code:
            return prefix
        return None

    # -- goals ------------------------------------------------------------------------------
    def goal(self, field: FieldRef, text: str) -> GoalRef:
        """The goal a cell names inside a field (by '#id', code or name), else a new one."""
        return self._answer(("goal", field, text), lambda: self._find_goal(field, text.strip()))

    def _find_goal(self, field: FieldRef, text: str) -> GoalRef:
        if isinstance(field, int):
            found = self._existing_goal(field, text)
            if found is not None:
                return found
        key = (field, fold_key(text))
        if key not in self._new_goal_by_key:
            self._new_goal_by_key[key] = new = NewGoal(field, text)
            self.new_goals.append(new)
        return self._new_goal_by_key[key]

    def _existing_goal(self, field_id: int, text: str) -> int | None:
        """What store.catalog.find_goal finds inside one field (None: nothing)."""
        if text.startswith("#") and text[1:].isdigit():
            goal = self.goals.get(int(text[1:]))
            return goal.id if goal is not None and goal.field_id == field_id else None
        by_code, by_name = self._goals_by_field.get(field_id, ({}, {}))
        matches = by_code.get(text) or by_name.get(fold_key(text), [])
        if len(matches) > 1:
            raise InvalidValue("Ziel", f"„{text}“ ist in diesem Handlungsfeld nicht eindeutig")
        return matches[0] if matches else None

    def same_goal_in(self, field: FieldRef, name: str) -> int | None:
        """The one existing goal of this name in another field (when a measure moves), else None."""
        if not isinstance(field, int):
            return None
        try:
            return self._existing_goal(field, name.strip())
        except InvalidValue:
            return None

    # -- contacts ---------------------------------------------------------------------------
    def contact(self, name: str | None, organisation: str | None, *, one_cell: bool) -> ContactRef | None:
        """A contact by name and organisation (two columns), or by one cell holding
        'Name', 'Organisation', 'Name (Organisation)' or 'Name, Organisation'."""
        return self._answer(
            ("contact", name, organisation, one_cell), lambda: self._find_contact(name, organisation, one_cell)
        )

    def _index_contact(self, ref: ContactRef, name: str | None, organisation: str | None) -> None:
        self._contact_by_pair.setdefault((fold_key(name), fold_key(organisation)), ref)
        if name:
            self._contacts_by_name.setdefault(fold_key(name), []).append(ref)
        if organisation:
            self._contacts_by_org.setdefault(fold_key(organisation), []).append(ref)

    def _pair(self, name: str | None, organisation: str | None) -> ContactRef | None:
        return self._contact_by_pair.get((fold_key(name), fold_key(organisation)))

    def _find_contact(self, name: str | None, org: str | None, one_cell: bool) -> ContactRef | None:
        if not name and not org:
            return None
        if not org:  # an empty Organisation cell: "Name, Organisation" may still stand in Zuständig
            one_cell = True
        if not one_cell:
            found = self._pair(name, org)
            return found if found is not None else self._new_contact(name, org)
        cell = name or org or ""
        found = self._pair(cell, None) or self._pair(None, cell)
        if found:
            return found
        parts: tuple[str | None, str | None] = (cell, None)
        m = _DISPLAY.match(cell)
        if m:
            parts = (m.group(1).strip(), m.group(2).strip())
        elif "," in cell:
            first, rest = cell.split(",", 1)
            if first.strip() and rest.strip():
                parts = (first.strip(), rest.strip())
        found = self._pair(*parts)
        if found:
            return found
        if parts[1] is None:
            by_name = self._contacts_by_name.get(fold_key(cell), [])
            if len(by_name) == 1:
                return by_name[0]
            at_org = self._contacts_by_org.get(fold_key(cell), [])
            if len(at_org) == 1:  # the one contact of that organisation, as `--contact ORG` finds it
                return at_org[0]
            if looks_like_organisation(cell):
                parts = (None, cell)
        return self._new_contact(*parts)

    def _new_contact(self, name: str | None, organisation: str | None) -> NewContact:
        new = NewContact(name, organisation)
        self.new_contacts.append(new)
        self._index_contact(new, name, organisation)
        return new
