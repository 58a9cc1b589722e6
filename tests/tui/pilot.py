"""Helpers for driving the TUI with Textual's pilot and for reading back what it stored."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from time import monotonic

from textual.widgets import Input, Static

from massnahmen.store.db import Store
from massnahmen.store.measures import MeasureFilter, get_measure, query_measures, update_measure


@asynccontextmanager
async def running(db: Path, size=(80, 24), *, toasts: bool = False):
    """The app on db in a headless terminal, by default the smallest an office has (80×24);
    toasts=True shows notifications on the screen (the test terminal leaves them out)."""
    from massnahmen.tui.runtime.app import MassnahmenApp

    store = Store.open(db)
    app = MassnahmenApp(store, poll_seconds=0)
    try:
        async with app.run_test(size=size, notifications=toasts) as pilot:
            await settle(pilot)
            yield app, pilot
    finally:
        store.close()


async def wait_for_workers(app) -> None:
    """Wait until the app's workers are done. A worker that a newer one of its exclusive group replaced
    ends cancelled: that is the app working as meant (on a busy machine it happens), not a failure."""
    from textual.worker import WorkerCancelled

    for _ in range(20):
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            await asyncio.sleep(0)  # lets the manager drop the cancelled worker


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers finish and their results arrive on the screen."""
    for _ in range(rounds):
        await wait_for_workers(pilot.app)
        await pilot.pause()


async def settle_for_picture(pilot) -> None:
    """settle, and cursors stop blinking (and stay visible), so that a snapshot does not depend on
    how long the steps took on a busy machine."""
    await settle(pilot)
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


async def wait_until(pilot, condition: Callable[[], object], what: str, *, timeout: float = 20.0) -> None:
    """Let the app run until condition() holds, looking every 10 ms: a test waits for what it
    expects, not for a fixed time. The timeout only ends a test that would otherwise hang; it is
    generous, so that a busy machine never fails a test that would pass."""
    deadline = monotonic() + timeout
    while not condition():
        if monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s in vain for {what}")
        await pilot.pause(0.01)


def notifications(app) -> list:
    """The notifications the app has shown and not yet taken back (Notification objects: message,
    title, severity, markup), oldest first. Textual 8.2 has no public way to read them; this is the
    one place the tests read its private list."""
    return list(app._notifications)


class Clock:
    """A clock the test moves by hand, for MassnahmenApp.clock: a quiet second comes when the test
    says so, not when a busy machine gets round to it. `reads` counts the times it was looked at."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


async def palette_searched(pilot):
    """Wait until the open command palette has searched for what was typed and shows the outcome
    (its hits, or the line saying there are none). Returns its list."""
    from textual.command import CommandList

    palette = pilot.app.screen
    hits = palette.query_one(CommandList)

    def done() -> bool:
        searching = any(worker.node is palette and not worker.is_finished for worker in pilot.app.workers)
        return not searching and hits.option_count > 0

    await wait_until(pilot, done, "the palette's search")
    return hits


async def to_measures(pilot) -> None:
    await pilot.press("2")
    await settle(pilot)


async def open_form(pilot, key: str = "e"):
    """The Maßnahmen screen, then key (`e`, `r`) on its first measure: the form it opens."""
    await to_measures(pilot)
    await pilot.press(key)
    await settle(pilot)
    return pilot.app.screen


async def type_text(pilot, text: str) -> None:
    """Type text at paste speed: every key is sent before the first is handled (the pilot's
    press waits for the app to go idle after each key, some 40 ms a character)."""
    from textual import events
    from textual.keys import _character_to_key

    for ch in text:
        key = events.Key(ch if ch.isalnum() else _character_to_key(ch), ch)
        key.set_sender(pilot.app)
        pilot.app._driver.send_message(key)
    await pilot.pause()


async def type_keys(pilot, *keys: str) -> None:
    """Keys as a terminal sends them when they come at once (typed fast, pasted): every key is sent
    before the first is handled. A key is a character or a key's name (backspace, left, enter,
    ctrl+p). Returns when the app has dealt with all of them."""
    from textual import events
    from textual.keys import _character_to_key

    for name in keys:
        if len(name) == 1:
            key = events.Key(name if name.isalnum() else _character_to_key(name), name)
        else:
            key = events.Key(name, {"backspace": "\x7f", "enter": "\r", "ctrl+p": "\x10"}.get(name))
        key.set_sender(pilot.app)
        pilot.app._driver.send_message(key)
    gate = pilot.app.key_gate
    for _ in range(200):  # rounds of the event loop until every key has been dealt with
        await pilot.pause()
        if not gate.turn and not gate.waiting:
            break
    await settle(pilot)


def screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


def stored(db: Path, code: str, reviews: int | None = 5):
    with Store.open(db) as s:
        return get_measure(s, code, reviews=reviews)


def first_code(db: Path) -> str:
    with Store.open(db) as s:
        return query_measures(s, MeasureFilter(), limit=1)[0]["code"]


def rendered(app, width: int = 110) -> str:
    """Every Static of the current screen as the terminal shows it (also rich tables), and the
    value each choice list shows."""
    from rich.console import Console

    from massnahmen.tui.widgets.choice import ChoiceCurrent

    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    for w in app.screen.query("Static, ChoiceCurrent"):
        console.print(w.render() if isinstance(w, ChoiceCurrent) else w.content)
    return console.export_text()



async def review_against_colleague(demo_db, pilot, app, code, colleague: dict, *, mine=None):
    """Open the Sachstand dialog on code, let a colleague save colleague, type a note, press ctrl+s."""
    await to_measures(pilot)
    app.screen.query_one("#search", Input).value = code
    await settle(pilot)
    app.screen.table.cursor_row = next(
        i for i in range(app.screen.table.total) if app.screen.table.row_at(i)["code"] == code)
    await pilot.press("r")
    await settle(pilot)
    dialog = app.screen
    with Store.open(demo_db, user="Kollegin") as other:
        update_measure(other, code, colleague)
    await type_text(pilot, "Nur eine Notiz")
    if mine:
        mine(dialog)
        await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(pilot)
    return dialog


def open_code(demo_db, *, not_assessment: str) -> str:
    with Store.open(demo_db) as s:
        rows = query_measures(s, MeasureFilter(statuses=["in_umsetzung"]))
    return next(r["code"] for r in rows if r["assessment"] not in (not_assessment, None) and r["review_date"])
