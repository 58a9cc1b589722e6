"""What the five screens share: data from the file, read again when it changed."""

from __future__ import annotations

from massnahmen.tui.runtime.restyle import KeepsStyles


class DataScreen(KeepsStyles):
    """A screen showing data from the file. The app marks it `stale` after a change (its own or
    another process's) and calls `refresh_data` for the screen shown; a hidden one reads again
    when it is shown next."""

    stale: bool = False

    def refresh_data(self) -> None:
        raise NotImplementedError
