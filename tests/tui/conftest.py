"""Pilot tests check what the app holds and stores (values, focus, rows, the file), not pixels.
Drawing the screen after every key – which the headless terminal throws away – is a third of their
time, so it is skipped, except in tests marked `renders`: the snapshots, which compare pictures,
and test_every_screen_and_dialog_draws, which draws each screen and dialog once. Layout still
happens, so clicks and sizes are as on a real screen."""

import pytest


@pytest.fixture(autouse=True)
def _draw_only_where_looked_at(request, monkeypatch):
    if request.node.get_closest_marker("renders"):
        # a picture must not depend on whether a slow machine had a quiet second for work ahead
        # (the form built ahead looks the same: test_edit_form_kept)
        from massnahmen.tui.runtime.app import MassnahmenApp

        monkeypatch.setattr(MassnahmenApp, "when_quiet", lambda *args, **kwargs: None)
        return
    from textual.screen import Screen

    def refresh_without_drawing(screen) -> None:
        screen._dirty_widgets.clear()
        screen._compositor._dirty_regions.clear()

    monkeypatch.setattr(Screen, "_compositor_refresh", refresh_without_drawing)


@pytest.fixture(autouse=True)
def _shorter_idle_checks(monkeypatch):
    """The pilot waits after each key until the app is idle, checking every 20 ms (a person's
    pace); 5 ms tells the same, four times sooner."""
    import textual._wait

    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.005)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 0.005 / 20)


_PARSED: dict = {}
_VARIABLES: dict = {}


@pytest.fixture(autouse=True, scope="session")
def _css_parsed_once_per_process():
    """Every app parses the same stylesheets again (Textual keeps its parse cache per app): here
    the rules of one stylesheet text with one set of theme variables are parsed once per test
    process. The parser is a pure function of these; the rules are only read afterwards."""
    import textual.css.stylesheet as stylesheet

    original = stylesheet.parse

    def parse(scope, css, read_from, variables=None, variable_tokens=None, is_default_rules=False,
              tie_breaker=0):
        tokens = variable_tokens or {}
        vkey = _VARIABLES.get(id(tokens))
        if vkey is None or vkey[0] is not tokens:
            vkey = (tokens, tuple(sorted((k, tuple(v)) for k, v in tokens.items())))
            _VARIABLES[id(tokens)] = vkey
        key = (scope, css, read_from, vkey[1], is_default_rules, tie_breaker)
        if key not in _PARSED:
            _PARSED[key] = list(original(scope, css, read_from, variables=variables,
                                         variable_tokens=variable_tokens, is_default_rules=is_default_rules,
                                         tie_breaker=tie_breaker))
        return iter(_PARSED[key])

    stylesheet.parse = parse
    yield
    stylesheet.parse = original
