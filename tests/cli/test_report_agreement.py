"""Every count that appears in two documents is the same in both, on a concept with archived
measures (one of them added and verworfen in the period, then archived): `status`, the
Sachstandsbericht (JSON and Markdown), the look back (JSON and Markdown), and the ideas report
against the ideas list. Archived measures count nowhere except where it is said."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter

import pytest

from massnahmen.domain.ideas import IDEA_STATUS

SINCE = "20.11.2025"  # the period of both documents; the fixed today is 21.11.2026


@pytest.fixture
def concept(demo_db, cli):
    """The demo with a measure added in the period, verworfen and archived, as in the trial."""
    assert cli(demo_db, "add", "--code", "1.9.9", "--title", "Sprachcafé am Bahnhof", "--field", "1").exit_code == 0
    assert cli(demo_db, "edit", "1.9.9", "--status", "verworfen").exit_code == 0
    assert cli(demo_db, "archive", "1.9.9").exit_code == 0
    conn = sqlite3.connect(demo_db)
    archived = conn.execute("SELECT count(*) FROM measures WHERE archived = 1").fetchone()[0]
    conn.close()
    assert archived >= 1
    return demo_db


def _json(cli, db, *args):
    result = cli(db, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _number(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    assert match, (pattern, text[:2000])
    return int(match.group(1).replace(".", ""))


def test_status_report_and_look_back_agree(concept, cli):
    status = _json(cli, concept, "status")
    report = _json(cli, concept, "report", "--since", SINCE)
    look = _json(cli, concept, "report", "--kind", "rueckblick", "--since", SINCE)
    report_md = cli(concept, "report", "--since", SINCE, "--format", "md").output
    look_md = cli(concept, "report", "--kind", "rueckblick", "--since", SINCE, "--format", "md").output
    status_text = cli(concept, "status").output

    # the stock at the Stichtag: status, report and the look back's last year
    total = status["total"]
    assert status["archived"] >= 1  # said apart, not counted
    assert report["summary"]["total"] == look["total"] == total == len(report["measures"])
    assert report["summary"]["status"] == status["status"] == look["years"][-1]["status_at_end"]
    assert report["summary"]["open"] == status["open"]
    assert report["summary"]["umgesetzt"] == status["status"]["umgesetzt"]
    assert report["summary"]["verworfen"] == status["status"]["verworfen"]
    assert look["archived_not_counted"] == status["archived"]
    by_field = {f["code"]: f["status"] for f in status["fields"] if f["total"]}
    assert {c["field"]: c["status"] for c in report["charts"]["status_by_field"]} == by_field
    ampel = report["charts"]["ampel_open"]
    assert ampel == look["years"][-1]["ampel_open_at_end"]
    assert ampel == status["assessment_open"]
    assert report["summary"]["overdue_reviews"] == status["reviews"]["overdue"]

    # the flows of the period: the report's changes and the look back's years
    counts = report["changes"]["counts"]
    years = look["years"]
    assert counts["new"] == sum(y["added"] for y in years)
    assert counts["finished"] == sum(y["finished"] for y in years)
    assert counts["dropped"] == sum(y["dropped"] for y in years)
    assert counts["reviews"] == sum(y["reviews"] for y in years)
    # nothing before the period and nothing archived: what came in is what the concept holds
    assert look["years"][0]["year"] == 2025

    # the Markdown says the same numbers as the JSON
    assert _number(r"umfasst zum Stichtag ([\d.]+) Maßnahme", report_md) == total
    assert _number(r"Umgesetzt: ([\d.]+)", report_md) == status["status"]["umgesetzt"]
    assert _number(r"Verworfen: ([\d.]+)", report_md) == status["status"]["verworfen"]
    assert _number(r"\): ([\d.]+) neu aufgenommen", report_md) == counts["new"]
    assert _number(r"([\d.]+) verworfen, [\d.]+ neu geplant", report_md) == counts["dropped"]
    assert _number(r"([\d.]+) Sachstände eingetragen", report_md) == counts["reviews"]
    assert _number(r"kamen ([\d.]+) Maßnahmen? hinzu", look_md) == counts["new"]
    assert _number(r"wurden umgesetzt und ([\d.]+) verworfen", look_md) == counts["dropped"]
    assert _number(r"([\d.]+) Sachstände? wurden eingetragen", look_md) == counts["reviews"]
    assert _number(r"umfasst das Konzept ([\d.]+) Maßnahme", look_md) == total
    assert "archivierte Maßnahme" in look_md  # where archived measures are named, it is said
    per_year = re.search(r"## Sachstände je Jahr\n(.*?)\n## ", look_md, re.S).group(1)
    rows = re.findall(r"^\| (\d{4}) \| ([\d.]+) \|$", per_year, re.M)
    assert rows and sum(int(n.replace(".", "")) for _y, n in rows) == counts["reviews"]
    assert _number(r"(?m)^([\d.]+) Maßnahmen:", status_text) == total
    assert _number(r"([\d.]+) verworfen;", status_text) == status["status"]["verworfen"]


def test_the_look_back_to_a_day_agrees_with_status_as_of_that_day(concept, cli):
    status = _json(cli, concept, "status", "--as-of", "31.12.2025")
    look = _json(cli, concept, "report", "--kind", "rueckblick", "--until", "31.12.2025")
    report = _json(cli, concept, "report", "--as-of", "31.12.2025", "--since", "01.01.2025")
    look_2025 = _json(cli, concept, "report", "--kind", "rueckblick", "--since", "01.01.2025",
                      "--until", "31.12.2025")
    assert look["total"] == status["total"] == report["summary"]["total"]
    assert look["years"][-1]["status_at_end"] == status["status"] == report["summary"]["status"]
    counts = report["changes"]["counts"]
    (year,) = look_2025["years"]
    assert (year["added"], year["finished"], year["dropped"], year["reviews"]) == (
        counts["new"], counts["finished"], counts["dropped"], counts["reviews"])


def test_default_period_is_the_year_up_to_the_stichtag(concept, cli):
    report = _json(cli, concept, "report", "--as-of", "31.12.2025")
    assert (report["title"]["since"], report["title"]["until"]) == ("2025-01-01", "2025-12-31")
    md = cli(concept, "report", "--as-of", "31.12.2025", "--format", "md").output
    assert "01.01.2025 bis 31.12.2025" in md and "31.12.2024" not in md


def test_html_contents_number_the_fields_once(concept, cli):
    html = cli(concept, "report", "--format", "html").output
    contents = re.search(r'<nav class="contents">(.*?)</nav>', html, re.S).group(1)
    assert "<ol>" not in contents  # the fields carry their own numbers („1 Bildung und Sprache“)
    assert ">1 Bildung und Sprache</a>" in contents


def test_ideas_report_uses_the_words_and_numbers_of_the_ideas_list(concept, cli):
    listed = _json(cli, concept, "ideas", "list")
    assert any(i["status"] == "neu" for i in listed)  # the case of the trial: „neu“ in the list
    report = _json(cli, concept, "report", "--kind", "ideen")
    by_status = Counter(IDEA_STATUS.label(i["status"]) for i in listed)
    assert dict(report["by_decision"]) == dict(by_status)
    assert report["total"] == len(listed)
    words = {i["id"]: IDEA_STATUS.label(i["status"]) for i in listed}
    shown = [idea for section in report["sections"] for idea in section["ideas"]]
    assert shown and all(idea["decision"] == words[idea["id"]] for idea in shown)
    channels = Counter(i["channel"] for i in listed if i["channel"])
    assert {k: v for k, v in report["by_channel"]} == dict(channels)
