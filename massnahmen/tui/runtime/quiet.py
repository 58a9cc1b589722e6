"""Work in quiet seconds, and the cycle collector around the TUI's start.

- `when_quiet`: work ahead that blocks the screen for a moment (building the measure form, loading
  the filter choices) waits until no key or click came for a second, so that it happens while the
  officer reads rather than types.
- `start_without_collector` / `collector_back_on`: the start makes some 60 000 long-lived objects
  (Textual, the store, the first screen); the cycle collector would walk them several times before
  the first frame (≈ 80 ms) and later in a full pass in the middle of typing (≈ 50 ms). So the
  collector is off from the command line's start to the first frame; then what the start made is
  frozen (never walked again) and the collector looks after what comes later. What the first
  seconds bring on top (the Maßnahmen screen's modules, the kept form) is frozen at the first
  quiet second.

No Textual here: an owner is anything with Textual's `set_timer` (a screen, the app)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from time import monotonic
from typing import Any


def when_quiet(
    owner: Any,
    callback: Callable[[], None],
    seconds: float,
    last_input: Callable[[], float],
    clock: Callable[[], float] = monotonic,
) -> None:
    """Call back once neither a key nor a click came for `seconds` (last_input: the time of the
    last one on `clock`, which tests can move themselves). The waiting ends with owner, so nothing
    is called back on a closing app."""

    def check() -> None:
        wait = last_input() + seconds - clock()
        if wait > 0.01:
            owner.set_timer(wait, check)
        else:
            callback()

    owner.set_timer(seconds, check)


@contextmanager
def start_without_collector() -> Iterator[None]:
    """Around the TUI's whole run: the collector is off until the app's first frame
    (collector_back_on), and on again afterwards for callers that go on after the app."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()  # (a no-op when the app did it)


def collector_paused() -> bool:
    return not gc.isenabled()


def collector_back_on(
    app: Any, seconds: float, last_input: Callable[[], float], clock: Callable[[], float] = monotonic
) -> None:
    """After the first frame: freeze what the start made, collect from now on, and freeze again
    at the first quiet second what the first seconds brought."""
    gc.freeze()
    gc.enable()
    when_quiet(app, gc.freeze, seconds, last_input, clock)
