"""Colour schemes: Dunkel, Hell and Hoher Kontrast, chosen with the palette command „Farbschema“ and
remembered per officer in the database file (preference "theme")."""

from __future__ import annotations

from textual.app import SystemCommand
from textual.theme import Theme

from massnahmen.domain.errors import MassnahmenError
from massnahmen.store.views import get_preference, set_preference
from massnahmen.tui.styles import use_palette

PREFERENCE = "theme"
DEFAULT = "dunkel"

LIGHT = Theme(
    name="massnahmen-hell",
    primary="#004578",
    secondary="#0B5CAD",
    accent="#9A3D00",  # the focus edge and the keys of the key line: dark orange, not Textual's #ffa62b
    warning="#8A5300",
    error="#B3122A",
    success="#1B6E2E",
    foreground="#1A1A1A",
    background="#E6E6E6",
    surface="#F2F2F2",
    panel="#D6D6D6",
    dark=False,
    variables={
        "text-muted": "#4D4D4D",
        "text-disabled": "#666666",  # placeholders: 5:1, Textual's would be 2.6:1
        # the cursor row: a warm yellow that stands out from the greys, also where a terminal has only
        # 256 colours (228 on 255/254; a pale blue became 189 on 188 there); the colours of
        # styles.PALETTES["light"] stay readable on it
        "block-cursor-background": "#FFEF85",
        "block-cursor-foreground": "#000000",
        "block-cursor-blurred-background": "#E0E0E0",
        "footer-key-foreground": "#9A3D00",
        "scrollbar": "#7A7A7A",
        "scrollbar-background": "#D6D6D6",
    },
)

CONTRAST = Theme(
    name="massnahmen-kontrast",
    primary="#00FFFF",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF7070",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#262626",
    dark=True,
    variables={
        "text": "#FFFFFF",
        "text-muted": "#D0D0D0",
        "text-disabled": "#A0A0A0",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-blurred-background": "#505050",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "input-selection-background": "#00FFFF 50%",
        "border": "#FFFF00",
        "footer-key-foreground": "#FFFF00",
        "scrollbar": "#A0A0A0",
        "scrollbar-background": "#262626",
    },
)

# key (stored) → (German name, Textual theme, style palette)
SCHEMES: dict[str, tuple[str, str, str]] = {
    "dunkel": ("Dunkel", "textual-dark", "dark"),
    "hell": ("Hell", LIGHT.name, "light"),
    "kontrast": ("Hoher Kontrast", CONTRAST.name, "contrast"),
}
PALETTE_OF_THEME = {theme: palette for _, theme, palette in SCHEMES.values()}


def stored_scheme(store) -> str:
    """The officer's scheme from the file (one small query), the default when none or unreadable."""
    try:
        key = get_preference(store, PREFERENCE)
    except MassnahmenError:
        return DEFAULT
    return key if key in SCHEMES else DEFAULT


def prepare(app, store) -> str:
    """In the app's __init__: register the schemes, read the officer's and colour with it from now
    on (the first screen's worker may fill it in before the app's on_mount)."""
    app.register_theme(LIGHT)
    app.register_theme(CONTRAST)
    key = stored_scheme(store)
    use_palette(SCHEMES[key][2])
    return key


def install(app, key: str) -> None:
    """In the app's on_mount: show scheme key, follow later changes of the theme (the style map
    first, then the app's `scheme`; screens with coloured texts follow with `on_change`)."""
    app.theme_changed_signal.subscribe(app, lambda theme: follow(app, theme.name))
    apply(app, key)


def follow(app, theme_name: str) -> None:
    use_palette(PALETTE_OF_THEME.get(theme_name, "dark"))
    app.scheme = current(app)


def on_change(screen, restyle) -> None:
    """For a screen whose texts carry colours of the style map, made when they were made: call
    restyle() after a change of scheme, with the new style map in use (also while it is hidden)."""

    def changed(theme) -> None:
        use_palette(PALETTE_OF_THEME.get(theme.name, "dark"))  # whichever subscriber comes first
        restyle()

    screen.app.theme_changed_signal.subscribe(screen, changed)


def apply(app, key: str) -> None:
    _, theme, palette = SCHEMES.get(key, SCHEMES[DEFAULT])
    use_palette(palette)  # before Textual repaints with the new theme
    app.theme = theme


def current(app) -> str:
    return next((k for k, (_, theme, _) in SCHEMES.items() if theme == app.theme), DEFAULT)


def choose(app) -> None:
    """The chooser of „Farbschema“: the choice is shown at once and remembered for this officer."""

    from massnahmen.tui.dialogs.pick import PickDialog  # on first use: not needed for the first frame

    def chosen(key: str | None) -> None:
        if not key:
            return
        apply(app, key)
        try:
            app.db.call(lambda s: set_preference(s, PREFERENCE, key))
        except MassnahmenError as exc:
            app.show_error(exc)
            return
        app.notify(f"Farbschema: {SCHEMES[key][0]}", timeout=3, markup=False)

    choices = [(name, key) for key, (name, _, _) in SCHEMES.items()]
    app.push_screen(PickDialog("Farbschema", choices, current=current(app)), chosen)


def commands(app):
    yield SystemCommand("Farbschema", "Dunkel, Hell oder Hoher Kontrast (für Sie gespeichert)", lambda: choose(app))
