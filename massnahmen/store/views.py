"""Saved views (named filters and sorts of the measure table, shared by everyone who opens the
file) and preferences (one officer's settings, such as the colour scheme)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from massnahmen.domain.bounds import MAX_NAME, check_lengths
from massnahmen.domain.clock import now_iso
from massnahmen.domain.errors import AlreadyExists, InvalidValue, NotFound


@dataclass(frozen=True)
class SavedView:
    name: str
    filter: dict
    created_by: str | None
    updated_at: str


def list_views(store) -> list[SavedView]:
    """Every saved view, by name (case-insensitive)."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT name, filter, created_by, coalesce(updated_at, created_at) FROM views ORDER BY lower(name)"
        ).fetchall()
    return [SavedView(name, json.loads(flt), by, at) for name, flt, by, at in rows]


def get_view(store, name: str) -> SavedView:
    for view in list_views(store):
        if view.name == name:
            return view
    raise NotFound(kind="view", value=name)


def save_view(store, name: str, flt: dict, *, replace: bool = False) -> SavedView:
    """Keep flt (JSON-able values) under name. A view of that name is replaced only when asked."""
    name = " ".join((name or "").split())
    if not name:
        raise InvalidValue("Name der Ansicht", "Bitte einen Namen angeben.")
    check_lengths(("Name der Ansicht", name, MAX_NAME))
    text = json.dumps(flt, ensure_ascii=False, sort_keys=True)
    now = now_iso()
    with store.write() as conn:
        exists = conn.execute("SELECT 1 FROM views WHERE name = ?", (name,)).fetchone()
        if exists and not replace:
            raise AlreadyExists(f"Eine Ansicht „{name}“ gibt es schon.", kind="view", value=name)
        if exists:
            conn.execute("UPDATE views SET filter = ?, updated_at = ? WHERE name = ?", (text, now, name))
        else:
            conn.execute(
                "INSERT INTO views (name, filter, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?)",
                (name, text, now, store.user, now),
            )
    return SavedView(name, json.loads(text), store.user, now)


def delete_view(store, name: str) -> None:
    with store.write() as conn:
        if conn.execute("DELETE FROM views WHERE name = ?", (name,)).rowcount == 0:
            raise NotFound(kind="view", value=name)


def get_preference(store, key: str) -> str | None:
    """The current officer's setting key, None when never set."""
    with store.reading() as conn:
        row = conn.execute(
            "SELECT value FROM preferences WHERE user = ? AND key = ?", (store.user or "", key)
        ).fetchone()
    return row[0] if row else None


def set_preference(store, key: str, value: str) -> None:
    with store.write() as conn:
        conn.execute(
            "INSERT INTO preferences (user, key, value) VALUES (?, ?, ?) "
            "ON CONFLICT (user, key) DO UPDATE SET value = excluded.value",
            (store.user or "", key, value),
        )
