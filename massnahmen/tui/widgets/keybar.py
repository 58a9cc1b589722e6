"""The key line at the bottom of every screen.

One line of text instead of Textual's Footer (a widget per key, all of them composed anew whenever
the focus moves): cheaper to draw, and it decides what fits. The keys that are always there – the
screens, F1 Hilfe, Strg+P Befehle, q Beenden – stand at the right end; the current screen's own keys
fill the room left, in the order the screen lists them (the most needed first). Where they do not
all fit, the right end shrinks down to „F1 alle Tasten“ (see KeyBar.arrange_keys). A click on a key
presses it.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Static

# the app's keys that stay visible at any width (their order on the line)
ALWAYS = ("f1", "ctrl+p", "q")
SCREEN_KEYS = ("1", "2", "3", "4", "5")
GAP = "  "
MOST_NEEDED = 5  # a screen's first keys that should be on the line (Maßnahmen: e r n / f)


# the keys as a German keyboard names them (Textual would write esc, del, ^p)
KEY_NAMES = {
    "escape": "Esc",
    "delete": "Entf",
    "enter": "Eingabe",
    "space": "Leer",
    "backspace": "Rück",
    "tab": "Tab",
    "insert": "Einfg",
    "home": "Pos1",
    "end": "Ende",
    "pageup": "Bild↑",
    "pagedown": "Bild↓",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "slash": "/",
}
MODIFIERS = {"ctrl": "Strg", "shift": "Umschalt", "alt": "Alt"}
# descriptions of Textual's own keys that can show on the line, in German; one not listed is left out
TEXTUAL_DESCRIPTIONS = {"Dismiss menu": "Menü schließen", "Exit the command palette": "Befehle schließen"}


def key_name(key: str) -> str:
    """„ctrl+p“ → „Strg+P“, „delete“ → „Entf“, „f1“ → „F1“."""
    *mods, last = key.split("+")
    if last in KEY_NAMES:
        name = KEY_NAMES[last]
    elif len(last) > 1 and last[0] == "f" and last[1:].isdigit():
        name = last.upper()
    else:
        name = last.upper() if mods else last
    return "+".join([MODIFIERS.get(m, m.capitalize()) for m in mods] + [name])


def _key_label(app, binding) -> str:
    return binding.key_display or key_name(binding.key)


def _description(active) -> str | None:
    """The binding's description; for a key of Textual's own widgets its German words, or None."""
    description = active.binding.description
    if type(active.node).__module__.startswith("textual."):
        return TEXTUAL_DESCRIPTIONS.get(description)
    return description


def _width(entries) -> int:
    """Columns the entries take: "key description", separated by GAP."""
    return sum(len(label) + 1 + len(desc) for _, label, desc in entries) + len(GAP) * max(len(entries) - 1, 0)


def _assemble(entries, offset: int, spans: list) -> list:
    """The parts of Content.assemble for these entries; spans gets (start, end, key) of each."""
    parts: list = []
    x = offset
    for i, (key, label, desc) in enumerate(entries):
        if i:
            parts.append(GAP)
            x += len(GAP)
        parts += [(label, "bold $accent"), f" {desc}"]
        spans.append((x, x + len(label) + 1 + len(desc), key))
        x += len(label) + 1 + len(desc)
    return parts


class KeyBar(Static):
    """Bottom line: the screen's keys (as many as fit), then the keys that are always there."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__("", markup=False)
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) per shown key, for clicks

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.show_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self.show_keys()

    def on_resize(self) -> None:
        self.show_keys()

    def entries(self) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        """(own, always): each (key, label shown, description) of the enabled keys to show."""
        own, always, screens = [], {}, []
        seen_actions: set[str] = set()
        description: str | None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key in ALWAYS or key == self.app.COMMAND_PALETTE_BINDING:
                description = "Befehle" if key == self.app.COMMAND_PALETTE_BINDING else binding.description
                always[key] = (key, _key_label(self.app, binding), description)
                continue
            description = _description(active)
            if not binding.show or not active.enabled or not description:
                continue
            if key in SCREEN_KEYS:
                screens.append((key, key, description))
            elif binding.action not in seen_actions:
                seen_actions.add(binding.action)
                own.append((key, _key_label(self.app, binding), description))
        return own, screens + [always[k] for k in ALWAYS if k in always]

    def show_keys(self) -> None:
        if not self.is_attached:
            return
        own, always = self.entries()
        width = max(self.size.width, 20)
        left, right = self.arrange_keys(own, always, width)
        spans: list[tuple[int, int, str]] = []
        gap = max(width - _width(left) - _width(right), 1 if left else 0)
        parts = _assemble(left, 0, spans) + [" " * gap] + _assemble(right, _width(left) + gap, spans)
        self._spans = spans
        self.update(Content.assemble(*parts))

    @staticmethod
    def arrange_keys(own, always, width: int) -> tuple[list, list]:
        """(left, right): the screen's keys that fit, in their order, and the keys that are always
        there. When the screen's keys do not all fit, the line makes room for them step by step – the
        screens as one range „1–5 Bildschirm“, then only F1 and the palette, then only F1 (the fullest
        that leaves room for MOST_NEEDED keys) – and F1 says „alle Tasten“: the ones left out are in
        the help (at 80 columns on the Maßnahmen screen five keys instead of two)."""
        screens = [e for e in always if e[0] in SCREEN_KEYS]
        others = [e for e in always if e not in screens]
        tiers = [always]
        if screens:
            first, last = screens[0][0], screens[-1][0]
            tiers.append([(first, f"{first}–{last}", "Bildschirm")] + others)
        help_key = [e for e in always if e[0] == "f1"]
        tiers += [[e for e in always if e[0] in ("f1", "ctrl+p")], help_key]

        def fitting(right) -> list:
            shown: list = []
            for entry in own:
                if _width(shown + [entry]) + len(GAP) + _width(right) > width:
                    break
                shown.append(entry)
            return shown

        for right in tiers:
            if _width(right) <= width and len(fitting(right)) == len(own):
                return own, right
        tiers = [
            [(key, label, "alle Tasten" if key == "f1" else desc) for key, label, desc in right] for right in tiers
        ]
        for right in tiers:  # the fullest right end that leaves room for the most needed keys
            if len(fitting(right)) >= MOST_NEEDED:
                return fitting(right), right
        tiers = [right for right in tiers if _width(right) <= width] or tiers[-1:]
        right = max(tiers, key=lambda right: len(fitting(right)))  # the first of equals: the fullest
        return fitting(right), right

    def key_at(self, x: int) -> str | None:
        """The key whose label or description is drawn at column x (of the text)."""
        for start, end, key in self._spans:
            if start <= x < end:
                return key
        return None

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x - 1)  # x counts the left padding
        if key is not None:
            event.stop()
            self.app.simulate_key(key)
