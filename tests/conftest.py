"""Shared fixtures: a fixed day, a test user, small databases built through the store."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

FIXED_TODAY = "2026-11-21"


def _fix_environment(monkeypatch) -> None:
    monkeypatch.setenv("MASSNAHMEN_TODAY", FIXED_TODAY)
    monkeypatch.setenv("MASSNAHMEN_USER", "tester")
    monkeypatch.setenv("MASSNAHMEN_BUSY_TIMEOUT", "0.3")
    monkeypatch.delenv("MASSNAHMEN_DB", raising=False)


@pytest.fixture(autouse=True)
def _fixed_environment(monkeypatch):
    """Every test runs on the same day, as the same user, with a short lock wait."""
    _fix_environment(monkeypatch)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


_COMMANDS: dict[int, tuple] = {}


def _cached_command(app):
    """The click command Typer builds from the app, built once: Typer's CliRunner would build it
    again for every call, which costs more than most commands themselves (fuzzing calls hundreds)."""
    hit = _COMMANDS.get(id(app))
    if hit is None or hit[0] is not app:
        hit = _COMMANDS[id(app)] = (app, _BUILD_COMMAND[0](app))
    return hit[1]


_BUILD_COMMAND: list = []


def no_crash(result) -> None:
    """The command ended as a command should: with its exit code (SystemExit, or returning), not with
    an exception – which a user would see as a traceback. Fails with that traceback."""
    import traceback

    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        shown = "".join(traceback.format_exception(*result.exc_info))
        raise AssertionError(f"the command crashed instead of ending with an exit code:\n{shown}")
    assert "Traceback" not in result.output, result.output[-3000:]


@pytest.fixture
def cli(runner, monkeypatch):
    """cli(db_path, 'list', '--format', 'json') → click Result. Every call is checked by no_crash: a
    command that raises anything but SystemExit fails the test with its traceback (CliRunner keeps
    the exception and reports exit code 1, which would look like a refusal)."""
    import typer.testing

    from massnahmen.cli.app import app

    if not _BUILD_COMMAND:
        _BUILD_COMMAND.append(typer.testing._get_command)
    monkeypatch.setattr(typer.testing, "_get_command", _cached_command)

    def invoke(db: Path | None, *args: str, input: str | None = None):
        argv = (["--db", str(db)] if db is not None else []) + [str(a) for a in args]
        result = runner.invoke(app, argv, input=input, catch_exceptions=True)
        no_crash(result)
        return result

    return invoke


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def concept_templates(tmp_path_factory) -> tuple[Path, Path]:
    """The concepts of empty_db and small_db, built once per test run through the store, in the
    tests' environment; a test gets a copy (building costs about 30 ms, copying a tenth of one)."""
    import shutil

    from massnahmen.store import catalog
    from massnahmen.store.db import Store
    from massnahmen.store.measures import add_measure

    folder = tmp_path_factory.mktemp("concepts")
    empty, small = folder / "empty.db", folder / "small.db"
    with pytest.MonkeyPatch.context() as monkeypatch:
        _fix_environment(monkeypatch)
        # a new concept with two fields, one goal and two contacts, no measures
        with Store.create(empty, name="Integrationskonzept Testkreis", body="Kreistag Testkreis") as store:
            catalog.add_field(store, "1", "Bildung und Sprache")
            catalog.add_field(store, "5", "Arbeit und Ausbildung")
            catalog.add_goal(store, "1", "Sprachkursangebote ausbauen", "1.1")
            catalog.add_contact(store, name="Jörg Weiß", organisation="Volkshochschule",
                                email="joerg.weiss@vhs.example.org", phone="03731 799-1234")
            catalog.add_contact(store, organisation="Jobcenter Testkreis")
        shutil.copyfile(empty, small)
        # … plus three measures
        with Store.open(small) as store:
            add_measure(store, {"code": "1.1.1", "title": "Sprachcafé an der Volkshochschule", "field": "1",
                                "goal": "1.1", "contact": "Jörg Weiß", "status": "in Umsetzung",
                                "review_date": "01.11.2026", "partners": "Caritas; Diakonie"})
            add_measure(store, {"code": "1.1.2", "title": "Elternkurse in der Hauptstraße", "field": "1",
                                "review_date": "10.12.2026"})
            add_measure(store, {"code": "5.1", "title": "Jobmesse für Geflüchtete", "field": "5",
                                "contact": "Jobcenter Testkreis", "status": "umgesetzt"})
    return empty, small


@pytest.fixture
def empty_db(concept_templates, tmp_path) -> Path:
    """A new concept with two fields, one goal and two contacts, no measures."""
    import shutil

    path = tmp_path / "konzept.db"
    shutil.copyfile(concept_templates[0], path)
    return path


@pytest.fixture
def small_db(concept_templates, empty_db) -> Path:
    """empty_db plus three measures."""
    import shutil

    shutil.copyfile(concept_templates[1], empty_db)
    return empty_db


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo concept (120 measures) on the fixed day, built once per test run."""
    import os
    from datetime import date

    from massnahmen.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    old = os.environ.get("MASSNAHMEN_TODAY")
    os.environ["MASSNAHMEN_TODAY"] = FIXED_TODAY
    try:
        build_demo(path, today=date.fromisoformat(FIXED_TODAY))
    finally:
        if old is None:
            os.environ.pop("MASSNAHMEN_TODAY", None)
        else:
            os.environ["MASSNAHMEN_TODAY"] = old
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path) -> Path:
    """A private copy of the demo concept, safe to change."""
    import shutil

    target = tmp_path / "demo.db"
    shutil.copyfile(demo_template, target)
    return target


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """`async def` tests (the TUI's pilot tests) run in a fresh event loop; no asyncio plugin needed."""
    import asyncio
    import inspect

    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    kwargs = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


def pytest_xdist_auto_num_workers(config):
    """`-n auto`: one worker more than cores. The TUI's pilot tests spend part of their time
    waiting for the app to go idle (some 40 ms a key); a third worker uses that time."""
    import os

    return (os.cpu_count() or 1) + 1
