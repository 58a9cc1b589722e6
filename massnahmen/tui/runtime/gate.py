"""The one gate through which every database call of the TUI passes."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from massnahmen.domain.errors import MassnahmenError
from massnahmen.store.db import Store
from massnahmen.store.problems import translate_error


class DbGate:
    """Serialises database work: the connection is shared by the UI thread and the workers,
    and only one of them may use it at a time.

    `show_error(exc)` and `call_from_thread(fn, *args)` come from the app: an error in a worker
    becomes a notification on the UI thread. The UI thread is the one that made the gate (the
    app's, in its __init__) until `on_ui_thread` says otherwise (the app's on_mount)."""

    def __init__(
        self, store: Store, show_error: Callable[[MassnahmenError], None], call_from_thread: Callable[..., Any]
    ) -> None:
        self.store = store
        self.show_error = show_error
        self.call_from_thread = call_from_thread
        self.lock = threading.RLock()
        self._mark = threading.Lock()
        self._abandonable: object = None  # a token while a long, abandonable query runs
        self.ui_thread = threading.get_ident()

    def on_ui_thread(self) -> None:
        """Called on the thread that runs the app: errors there are raised, not notified."""
        self.ui_thread = threading.get_ident()

    @contextmanager
    def abandonable(self, token: object) -> Iterator[None]:
        """Inside: the running query may be interrupted by `interrupt_unless` with another token
        (a count for a filter that is no longer shown)."""
        with self._mark:
            self._abandonable = token
        try:
            yield
        finally:
            with self._mark:
                self._abandonable = None

    def interrupt_unless(self, token: object) -> None:
        """Abort the running abandonable query if it belongs to another token (a stale count)."""
        with self._mark:
            if self._abandonable is not None and self._abandonable != token:
                self.store.conn.interrupt()
                self._abandonable = None

    def call(self, fn: Callable[[Store], Any], *, gen_check: Callable[[], bool] | None = None) -> Any:
        """Run fn(store) under the lock. From a worker thread a MassnahmenError becomes a
        notification and None; on the UI thread it is raised to the caller."""
        on_ui = threading.get_ident() == self.ui_thread
        try:
            try:
                with self.lock:
                    if gen_check is not None and not gen_check():
                        return None
                    return fn(self.store)
            except sqlite3.Error as exc:  # one no store function translated: German all the same
                raise translate_error(exc, self.store.path) from None
        except MassnahmenError as exc:
            if gen_check is not None and not gen_check():
                return None  # abandoned (interrupted) work for an old filter
            if on_ui:
                raise
            self.call_from_thread(self.show_error, exc)
            return None

    def try_call(self, fn: Callable[[Store], Any]) -> tuple[bool, Any]:
        """Run fn only if nobody else is using the database right now."""
        if not self.lock.acquire(blocking=False):
            return False, None
        try:
            return True, fn(self.store)
        finally:
            self.lock.release()
