"""The Ampel of a colour, as public monitoring exports give it: a hex code (`#01873B`, `#AE1B1B`)
or a colour's name (`green`, `orange`, `white`, `grün`).

A colour close to green is „grün“, one between orange and yellow „gelb“, one close to red „rot“;
white, grey, black and the other hues (blue, violet) are „nicht bewertet“ (None)."""

from __future__ import annotations

import colorsys
import re

from massnahmen.domain.text import fold_key

_HEX = re.compile(r"^#?([0-9a-f]{6}|[0-9a-f]{3})$", re.IGNORECASE)
_NAMES = {
    "gruen": ("green", "gruen", "grun", "darkgreen", "lightgreen", "dunkelgrun", "hellgrun", "lime", "olive"),
    "gelb": ("yellow", "gelb", "orange", "amber", "gold", "darkorange", "lightyellow", "hellgelb", "ocker"),
    "rot": ("red", "rot", "darkred", "dunkelrot", "crimson", "firebrick", "hellrot", "tomato"),
    None: (
        "white",
        "weiss",
        "weis",
        "grey",
        "gray",
        "grau",
        "black",
        "schwarz",
        "silver",
        "lightgrey",
        "lightgray",
        "hellgrau",
        "none",
        "transparent",
        "keine",
        "ohne",
    ),
}
_BY_NAME = {fold_key(word): key for key, words in _NAMES.items() for word in words}


def assessment_of_colour(text: str) -> tuple[str | None, bool]:
    """(Ampel key or None for „nicht bewertet“, whether the colour was recognised at all)."""
    raw = (text or "").strip()
    if not raw:
        return None, True
    folded = fold_key(raw)
    if folded in _BY_NAME:
        return _BY_NAME[folded], True
    m = _HEX.match(raw)
    if not m:
        return None, False
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    if saturation < 0.25 or lightness > 0.92 or lightness < 0.08:  # white, grey, black
        return None, True
    degrees = hue * 360
    if degrees < 18 or degrees >= 330:
        return "rot", True
    if degrees < 70:
        return "gelb", True
    if degrees < 170:
        return "gruen", True
    return None, True  # blue, violet: no Ampel colour
