"""One rule for blank values (README „Leere Werte“): an option that names a day (--as-of, --today,
--since, --until, --date, --answer-by, --deadline, --older-than) is left out or given a day – empty
or only spaces is a usage error (exit 2), never a traceback and never silently today. A value of
add/edit that is empty or only spaces clears the value ('' and ' ' mean the same)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import file_digest

DAY_OPTIONS = [
    ("status", "--as-of"),
    ("status", "--today"),
    ("list", "--as-of"),
    ("due", "--today"),
    ("report", "--as-of"),
    ("report", "--since"),
    ("report", "--today"),
    ("changes", "--since"),
    ("changes --since 01.01.2026", "--today"),
    ("review 1.1.1 -m Notiz", "--date"),
    ("request create", "--answer-by"),
    ("ideas add --text Idee", "--date"),
    ("ideas forget", "--older-than"),
]


@pytest.mark.parametrize("blank", ["", " ", "\t"], ids=["empty", "space", "tab"])
@pytest.mark.parametrize("command,option", DAY_OPTIONS, ids=[f"{c.split()[0]}{o}" for c, o in DAY_OPTIONS])
def test_a_blank_day_option_is_a_usage_error(cli, small_db, tmp_path, command, option, blank):
    before = file_digest(small_db)
    args = command.split() + [option, blank]
    if command == "report":
        args += ["--format", "md"]
    result = cli(small_db, *args)
    assert result.exit_code == 2, result.output
    assert f"{option} braucht ein Datum" in result.stderr
    assert "Traceback" not in result.output
    assert file_digest(small_db) == before


@pytest.mark.parametrize("blank", ["", " ", "\t"], ids=["empty", "space", "tab"])
def test_demo_refuses_a_blank_today(cli, tmp_path, blank):
    result = cli(None, "demo", tmp_path / "demo.db", "--measures", "5", "--today", blank)
    assert result.exit_code == 2, result.output
    assert "--today braucht ein Datum" in result.stderr
    assert not (tmp_path / "demo.db").exists()


@pytest.mark.parametrize("blank", ["", " ", "  \t"], ids=["empty", "space", "spaces-tab"])
@pytest.mark.parametrize("option,key", [("--review-date", "review_date"), ("--partners", "partners"),
                                        ("--contact", "contact")])
def test_edit_clears_with_empty_and_blank_alike(cli, small_db, option, key, blank):
    result = cli(small_db, "edit", "1.1.1", option, blank)
    assert result.exit_code == 0, result.output
    assert "geändert" in result.output
    shown = json.loads(cli(small_db, "show", "1.1.1", "--format", "json").output)
    assert shown[key] in (None, "")


def test_a_day_option_still_takes_a_day(cli, small_db):
    result = cli(small_db, "status", "--as-of", " 21.11.2026 ")
    assert result.exit_code == 0, result.output
    assert "21.11.2026" in result.output
