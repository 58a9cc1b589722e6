"""Keys typed quickly (or pasted as keys) take effect in the order they were typed, one after another.

Textual hands a key to the focused widget and goes on with the next key at once, but the first key
may still be on its way: an Input inserts a character where it gets it, while Backspace, the arrows
or Enter travel up to the app and come back as an action; a key that opens the palette or a form,
or that moves to the search box, takes effect only once the key has arrived. Characters typed
meanwhile overtake it – „farbschema“, ten Backspaces and „uberf“ typed at once ended as „farbs“ or
„fuber“, and „/“ with a word after it typed the word into the table.

So the app hands out the next key only when the one before has been dealt with: a marker message
follows each key on the same way up (each widget handles its messages in order, so the marker comes
after the key at every step), and where the key opened another screen, the marker goes once more
through that screen, after it has been built and has put the focus where it wants it. A marker that
does not arrive (its widget was removed on the way) gives way after a moment.

This relies on how Textual passes keys (`App.on_event`, forwarded events bubbling to the app);
tests/tui/test_fast_typing.py fails if an update changes it."""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable

from textual import events
from textual.message import Message
from textual.message_pump import MessagePump

GIVE_WAY_SECONDS = 0.5  # a lost marker holds the keys at most this long


class KeyPassed(Message, bubble=True):
    """Follows a key up from the widget it went to; at the app, the key has been dealt with."""

    def __init__(self, turn: int) -> None:
        super().__init__()
        self.turn = turn


class KeyGate:
    """One key at a time: `handle` is called with every key as it comes from the terminal, `passed`
    with every KeyPassed that reaches the app. send(key) is Textual's own handling of a key."""

    def __init__(self, app, send: Callable[[events.Key], Awaitable[None]]) -> None:
        self.app = app
        self.send = send
        self.waiting: deque[events.Key] = deque()
        self.turn = 0  # of the key on its way; 0: none is
        self._count = 0
        self._screen = None  # the screen the key on its way went to
        self._timer = None

    async def handle(self, key: events.Key) -> None:
        self.waiting.append(key)
        if not self.turn:
            await self._next()

    async def _next(self) -> None:
        """Send the waiting keys until one is on its way (keys a priority binding took are done at once)."""
        while self.waiting and not self.turn:
            self._count += 1
            turn = self.turn = self._count
            key = self.waiting.popleft()
            self._screen = screen = self.app.screen
            target = self.app.focused or screen
            await self.send(key)
            if key.is_forwarded:  # on its way up from target
                self._follow(target, turn)
            elif self.app.screen is not screen:  # a priority key (Strg+P) opened another screen
                self._screen = self.app.screen
                self._follow(self.app.screen, turn)
            else:
                self.turn = 0

    def _follow(self, node: MessagePump, turn: int) -> None:
        """Send the marker for turn after the key, from node up; give way if it cannot go or is lost."""
        if self._timer is not None:
            self._timer.stop()
        if not node.post_message(KeyPassed(turn)):
            self._timer = self.app.set_timer(0, lambda: self._done(turn))
        else:
            self._timer = self.app.set_timer(GIVE_WAY_SECONDS, lambda: self._done(turn))

    async def passed(self, message: KeyPassed) -> None:
        message.stop()
        if message.turn != self.turn:
            return  # late, after giving way
        if self.app.screen is not self._screen:  # the key opened or closed a screen: once more through it
            self._screen = self.app.screen
            self._follow(self.app.screen, message.turn)
            return
        await self._done(message.turn)

    async def _done(self, turn: int) -> None:
        if turn != self.turn:
            return
        self.turn = 0
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        await self._next()
