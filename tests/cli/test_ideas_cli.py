"""`massnahmen ideas …`: each decision path, the import (header words, bad rows, re-import, late
ideas), the feedback report without personal data, the contact list, and the erasure that leaves
no trace of an e-mail address in the database file's bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import file_digest

SURVEY_HEADER = "Antwort-ID;Datum Abgeschickt;Ihre Idee;Themenbereich;Name (freiwillig);E-Mail (freiwillig);Einwilligung\n"


def _survey(tmp_path: Path, rows: list[str], name: str = "umfrage.csv") -> Path:
    path = tmp_path / name
    path.write_text(SURVEY_HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _ideas(cli, db, *args) -> list[dict]:
    result = cli(db, "ideas", "list", "--format", "json", *args)
    return json.loads(result.stdout) if result.exit_code == 0 else []


@pytest.fixture
def ideas_db(small_db, cli):
    """small_db with three ideas: #1 with a consenting submitter, #2 a duplicate of it, #3 plain."""
    assert cli(small_db, "ideas", "add", "--text", "Sprachkurse am Abend anbieten. Viele arbeiten tagsüber.",
               "--channel", "E-Mail", "--date", "03.03.2026", "--field", "1", "--name", "Erika Muster",
               "--email", "erika@example.org", "--phone", "0345 123456", "--consent").exit_code == 0
    assert cli(small_db, "ideas", "add", "--text", "Abendkurse Deutsch!", "--channel", "Brief",
               "--date", "04.03.2026", "--email", "otto@example.org").exit_code == 0
    assert cli(small_db, "ideas", "add", "--text", "Ein Freibad für alle", "--date", "05.03.2026").exit_code == 0
    return small_db


def test_add_and_show_json_contract(ideas_db, cli):
    result = cli(ideas_db, "ideas", "show", "1", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"id", "text", "channel", "submitted_on", "field", "status", "reason", "measures",
                         "merged_into", "late", "submitter", "topic", "external_id", "similar"}
    assert (data["topic"], data["external_id"], data["similar"]) == (None, None, [])
    assert data["submitter"] == {"name": "Erika Muster", "email": "erika@example.org", "phone": "0345 123456",
                                 "postcode": None, "consent": True}
    assert data["status"] == "neu" and data["field"] == "1" and data["submitted_on"] == "2026-03-03"
    # the list never carries personal data
    assert all(i["submitter"] is None for i in _ideas(cli, ideas_db))


def test_same_idea_twice_is_refused(ideas_db, cli):
    result = cli(ideas_db, "ideas", "add", "--text", "Ein  Freibad für ALLE", "--date", "05.03.2026")
    assert result.exit_code == 1
    assert "schon erfasst (#3)" in result.stderr


def test_unknown_channel_and_bad_email(ideas_db, cli):
    result = cli(ideas_db, "ideas", "add", "--text", "x", "--channel", "Brieftaube")
    assert result.exit_code == 1 and "Kanal „Brieftaube“" in result.stderr
    assert "ideas channels add" in result.stderr
    result = cli(ideas_db, "ideas", "add", "--text", "x", "--email", "kein-at")
    assert result.exit_code == 1 and "E-Mail" in result.stderr


def test_accept_into_existing_measure(ideas_db, cli):
    result = cli(ideas_db, "ideas", "accept", "1", "--measure", "1.1.1")
    assert result.exit_code == 0, result.stderr
    idea = json.loads(cli(ideas_db, "ideas", "show", "#1", "--format", "json").stdout)
    assert idea["status"] == "aufgenommen" and idea["measures"] == ["1.1.1"]
    # a second measure for the same idea
    assert cli(ideas_db, "ideas", "accept", "1", "--measure", "5.1").exit_code == 0
    idea = json.loads(cli(ideas_db, "ideas", "show", "1", "--format", "json").stdout)
    assert idea["measures"] == ["1.1.1", "5.1"]
    shown = cli(ideas_db, "show", "1.1.1").stdout
    assert "Aus Bürgerideen:" in shown and "#1" in shown and "Sprachkurse am Abend" in shown
    assert "Erika" not in shown


def test_accept_as_new_measure_is_prefilled(ideas_db, cli):
    result = cli(ideas_db, "ideas", "accept", "1", "--new", "--code", "1.1.9")
    assert result.exit_code == 0, result.stderr
    measure = json.loads(cli(ideas_db, "show", "1.1.9", "--format", "json").stdout)
    assert measure["title"] == "Sprachkurse am Abend anbieten"
    assert measure["field"] == "Bildung und Sprache" or measure["field_code"] == "1"
    assert measure["source"] == "Bürgerbeteiligung: E-Mail"
    assert "Viele arbeiten tagsüber" in measure["description"]


def test_accept_new_without_field_needs_one(ideas_db, cli):
    result = cli(ideas_db, "ideas", "accept", "3", "--new", "--code", "9.1")
    assert result.exit_code == 1 and "Handlungsfeld" in result.stderr
    assert cli(ideas_db, "ideas", "accept", "3", "--new", "--code", "9.1", "--field", "5",
               "--title", "Freibad").exit_code == 0


def test_accept_new_without_code_takes_the_next_free_nr_of_the_field(ideas_db, cli):
    import sqlite3

    conn = sqlite3.connect(ideas_db)
    taken = [r[0] for r in conn.execute("SELECT m.code FROM measures m JOIN fields f ON f.id = m.field_id "
                                        "WHERE f.code = '1'")]
    conn.close()
    assert sorted(taken) == ["1.1.1", "1.1.2"], taken
    result = cli(ideas_db, "ideas", "accept", "1", "--new")
    assert result.exit_code == 0, result.stderr
    assert "neue Maßnahme 1.2 angelegt (die nächste freie Nr. im Handlungsfeld)" in result.stdout
    assert json.loads(cli(ideas_db, "show", "1.2", "--format", "json").stdout)["title"] == \
        "Sprachkurse am Abend anbieten"
    # with --field the Nr. follows that field
    result = cli(ideas_db, "ideas", "accept", "3", "--new", "--field", "1", "--title", "Freibad")
    assert result.exit_code == 0 and "neue Maßnahme 1.3 angelegt" in result.stdout, result.output


def test_next_free_code():
    from massnahmen.domain.text import next_free_code

    assert next_free_code("3", []) == "3.1"
    assert next_free_code("3", ["3.1.4", "3.2", "30.7", "3.x"]) == "3.3"
    assert next_free_code("Ü2", ["Ü2.9", "Ü2.10"]) == "Ü2.11"


def test_wrong_accept_calls_exit_2(ideas_db, cli):
    assert cli(ideas_db, "ideas", "accept", "1").exit_code == 2
    assert cli(ideas_db, "ideas", "accept", "1", "--measure", "1.1.1", "--new", "--code", "x").exit_code == 2
    result = cli(ideas_db, "ideas", "accept", "1", "--measure", "7.7")
    assert result.exit_code == 1 and "7.7" in result.stderr
    result = cli(ideas_db, "ideas", "accept", "99", "--measure", "1.1.1")
    assert result.exit_code == 1 and "#99" in result.stderr and "Traceback" not in result.stderr


def test_merge_and_decline(ideas_db, cli):
    assert cli(ideas_db, "ideas", "merge", "2", "--into", "1").exit_code == 0
    assert cli(ideas_db, "ideas", "merge", "1", "--into", "1").exit_code == 1
    result = cli(ideas_db, "ideas", "decline", "3", "--reason", "Dafür ist die Gemeinde zuständig.")
    assert result.exit_code == 0
    ideas = {i["id"]: i for i in _ideas(cli, ideas_db)}
    assert ideas[2]["status"] == "zusammengefuehrt" and ideas[2]["merged_into"] == 1
    assert ideas[3]["status"] == "nicht_aufgenommen" and ideas[3]["reason"].startswith("Dafür")
    # a merged idea is decided where it went
    assert cli(ideas_db, "ideas", "decline", "2", "--reason", "x").exit_code == 1
    # and can be reopened
    assert cli(ideas_db, "ideas", "reopen", "2").exit_code == 0
    assert _ideas(cli, ideas_db, "--status", "in_pruefung")[0]["id"] == 2
    history = cli(ideas_db, "ideas", "show", "2").stdout
    assert "zusammengeführt mit – → #1" in history and "tester" in history


def test_assign_field_moves_new_ideas_to_review(ideas_db, cli):
    assert cli(ideas_db, "ideas", "assign", "2", "3", "--field", "5").exit_code == 0
    ideas = {i["id"]: i for i in _ideas(cli, ideas_db, "--field", "5")}
    assert set(ideas) == {2, 3} and {i["status"] for i in ideas.values()} == {"in_pruefung"}
    assert len(_ideas(cli, ideas_db, "--status", "offen")) == 3


def test_list_filters_and_formats(ideas_db, cli):
    assert [i["id"] for i in _ideas(cli, ideas_db, "--channel", "Brief")] == [3, 2]
    assert [i["id"] for i in _ideas(cli, ideas_db, "--search", "freibad")] == [3]
    assert cli(ideas_db, "ideas", "list", "--status", "quatsch").exit_code == 1
    assert cli(ideas_db, "ideas", "list", "--format", "xml").exit_code == 2
    csv_text = cli(ideas_db, "ideas", "list", "--format", "csv").stdout
    assert csv_text.startswith("Nr.;Idee;Datum;Kanal") and "erika" not in csv_text
    table = cli(ideas_db, "ideas", "list").stdout
    assert "#1" in table and "Erika" not in table


def test_contact_list_only_with_consent(ideas_db, cli):
    result = cli(ideas_db, "ideas", "list", "--format", "csv", "--with-contacts")
    assert result.exit_code == 0
    assert "erika@example.org" in result.stdout and "otto@example.org" not in result.stdout
    data = _ideas(cli, ideas_db, "--with-contacts")
    assert [i["id"] for i in data] == [1] and data[0]["submitter"]["email"] == "erika@example.org"


def test_feedback_report_has_no_personal_data(ideas_db, cli, tmp_path):
    cli(ideas_db, "review", "1.1.1", "--note", "Erster Abendkurs läuft seit Oktober.")
    cli(ideas_db, "ideas", "accept", "1", "--measure", "1.1.1")
    cli(ideas_db, "ideas", "merge", "2", "--into", "1")
    cli(ideas_db, "ideas", "decline", "3", "--reason", "Dafür ist die Gemeinde zuständig.")
    md = cli(ideas_db, "ideas", "report").stdout
    assert md.startswith("# Was ist aus Ihren Ideen geworden?")
    assert "Sprachkurse am Abend" in md and "(und 1 ähnliche Idee)" in md
    assert "Maßnahme 1.1.1 „Sprachcafé an der Volkshochschule“: in Umsetzung" in md
    assert "Erster Abendkurs läuft seit Oktober." in md
    assert "Dafür ist die Gemeinde zuständig." in md
    out = tmp_path / "ideen.html"
    assert cli(ideas_db, "ideas", "report", "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Sprachcafé" in page
    data = json.loads(cli(ideas_db, "ideas", "report", "--format", "json").stdout)
    assert data["total"] == 3
    for text in (md, page, json.dumps(data, ensure_ascii=False)):
        for personal in ("Erika", "Muster", "erika@example.org", "otto@example.org", "0345 123456"):
            assert personal not in text
    # written again over its own earlier output, never over the database
    assert cli(ideas_db, "ideas", "report", "-o", str(out)).exit_code == 0
    assert cli(ideas_db, "ideas", "report", "-o", str(ideas_db)).exit_code == 1


def test_internal_reason_is_not_published(ideas_db, cli):
    cli(ideas_db, "ideas", "decline", "3", "--reason", "Ratsmitglied X ist dagegen", "--internal")
    md = cli(ideas_db, "ideas", "report").stdout
    assert "Ratsmitglied" not in md and "auf Nachfrage" in md


def test_forget_erases_bytes(ideas_db, cli):
    assert b"erika@example.org" in ideas_db.read_bytes()
    result = cli(ideas_db, "ideas", "forget", "--submitter", "ERIKA@example.org", "--yes")
    assert result.exit_code == 0, result.stderr
    data = ideas_db.read_bytes()
    assert b"erika@example.org" not in data and b"Erika Muster" not in data and b"0345 123456" not in data
    idea = json.loads(cli(ideas_db, "ideas", "show", "1", "--format", "json").stdout)
    assert idea["submitter"] is None and idea["text"].startswith("Sprachkurse")
    assert "Angaben der Einreicher·in gespeichert → gelöscht" in cli(ideas_db, "ideas", "show", "1").stdout
    # nothing left to erase: exit 1
    assert cli(ideas_db, "ideas", "forget", "--submitter", "erika@example.org", "--yes").exit_code == 1


def test_forget_by_id_and_retention(ideas_db, cli):
    assert cli(ideas_db, "ideas", "forget").exit_code == 2
    assert cli(ideas_db, "ideas", "forget", "2", "--yes").exit_code == 0
    assert b"otto@example.org" not in ideas_db.read_bytes()
    assert cli(ideas_db, "ideas", "forget", "--older-than", "04.03.2026", "-y").exit_code == 0
    assert b"erika@example.org" not in ideas_db.read_bytes()


def test_forget_without_a_terminal_and_without_yes_erases_nothing(ideas_db, cli):
    before = file_digest(ideas_db)
    result = cli(ideas_db, "ideas", "forget", "--submitter", "erika@example.org", input="j\n")  # piped: no tty
    assert result.exit_code == 1
    assert "Persönliche Angaben zu 1 Idee endgültig löschen (#1)?" in result.stderr
    assert "zum Löschen ohne Rückfrage --yes angeben" in result.stderr and "Traceback" not in result.stderr
    assert file_digest(ideas_db) == before and b"erika@example.org" in ideas_db.read_bytes()


@pytest.mark.parametrize(("answer", "erased"), [("j\n", True), ("ja\n", True), ("n\n", False), ("\n", False)])
def test_forget_asks_on_a_terminal(ideas_db, cli, monkeypatch, answer, erased):
    import massnahmen.cli.ideas as ideas_cli

    monkeypatch.setattr(ideas_cli, "stdin_is_terminal", lambda: True)
    result = cli(ideas_db, "ideas", "forget", "1", "2", input=answer)
    assert "Persönliche Angaben zu 2 Ideen endgültig löschen (#1, #2)? [j/N]" in result.stderr
    assert (b"erika@example.org" not in ideas_db.read_bytes()) is erased
    assert result.exit_code == (0 if erased else 1)
    if not erased:
        assert "Nichts gelöscht." in result.stderr


def test_channels(ideas_db, cli):
    assert cli(ideas_db, "ideas", "channels", "add", "Regionalkonferenz Dessau").exit_code == 0
    assert cli(ideas_db, "ideas", "channels", "add", "regionalkonferenz dessau").exit_code == 1
    listing = cli(ideas_db, "ideas", "channels").stdout
    assert "Regionalkonferenz Dessau" in listing
    assert cli(ideas_db, "ideas", "channels", "remove", "Brief").exit_code == 1  # ideas use it
    assert cli(ideas_db, "ideas", "channels", "remove", "Regionalkonferenz Dessau").exit_code == 0
    assert cli(ideas_db, "ideas", "channels", "rename", "x").exit_code == 2


# -- import ------------------------------------------------------------------------------------
def test_import_survey_and_reimport(small_db, cli, tmp_path):
    path = _survey(tmp_path, [
        '17;2026-03-01 10:15:00;"Mehr Sprachkurse am Abend.\nMit Kinderbetreuung! 🙂";Bildung und Sprache;Eva;eva@example.org;Ja',
        "18;02.03.2026;[bold]Markup[/bold] <script>alert(1)</script>;Wohnen;;;",
        "19;2026-03-20;=SUM(A1:A3) als Idee;;;;nein",
        "20;;;;;;",
    ])
    result = cli(small_db, "ideas", "import", str(path), "--channel", "Online-Umfrage", "--deadline", "15.03.2026")
    assert result.exit_code == 0, result.stderr
    assert "3 neue Ideen" in result.stdout and "davon 1 nach Fristende" in result.stdout
    assert "Kein Handlungsfeld, als Thema der Idee behalten: „Wohnen“ (1 Idee)" in result.stderr
    ideas = {i["text"][:6]: i for i in _ideas(cli, small_db)}
    assert ideas["Mehr S"]["field"] == "1" and ideas["Mehr S"]["submitted_on"] == "2026-03-01"
    assert "🙂" in ideas["Mehr S"]["text"] and "\n" in ideas["Mehr S"]["text"]
    assert ideas["=SUM(A"]["late"] is True and ideas["[bold]"]["field"] is None
    csv_text = cli(small_db, "ideas", "list", "--format", "csv").stdout
    assert "'=SUM(A1:A3)" in csv_text
    again = cli(small_db, "ideas", "import", str(path), "--channel", "Online-Umfrage")
    assert again.exit_code == 0 and "0 neue Ideen, 3 schon vorhanden" in again.stdout
    assert len(_ideas(cli, small_db)) == 3


def test_import_keeps_the_survey_topic_and_answer_id(small_db, cli, tmp_path):
    path = _survey(tmp_path, [
        "17;01.03.2026;Mehr Sprachkurse am Abend;Bildung und Sprache;;;",
        "18;02.03.2026;Bezahlbare Wohnungen für Familien;Wohnen in der Stadt;;;",
        "19;03.03.2026;Wohnungsbörse im Internet;Wohnen in der Stadt;;;",
        "20;04.03.2026;Ein Freibad für alle;Freizeit & Sport;;;",
    ])
    result = cli(small_db, "ideas", "import", str(path), "--channel", "Online-Umfrage")
    assert result.exit_code == 0, result.stderr
    assert "„Wohnen in der Stadt“ (2 Ideen), „Freizeit & Sport“ (1 Idee)" in result.stderr
    ideas = {i["external_id"]: i for i in _ideas(cli, small_db)}
    assert set(ideas) == {"17", "18", "19", "20"}
    assert (ideas["17"]["field"], ideas["17"]["topic"]) == ("1", None)
    assert (ideas["18"]["field"], ideas["18"]["topic"]) == (None, "Wohnen in der Stadt")
    # shown, filterable, and assignable to a field later (the topic stays what the survey said)
    shown = cli(small_db, "ideas", "show", str(ideas["18"]["id"])).stdout
    assert "Thema" in shown and "Wohnen in der Stadt (laut Umfrage; noch ohne Handlungsfeld)" in shown
    assert "Antwort-ID" in shown and "18" in shown
    table = cli(small_db, "ideas", "list").stdout
    assert "Thema" in table and "Wohnen in der" in table
    assert sorted(i["external_id"] for i in _ideas(cli, small_db, "--topic", "wohnen stadt")) == ["18", "19"]
    assert [i["external_id"] for i in _ideas(cli, small_db, "--topic", "-")] == ["17"]
    assert cli(small_db, "ideas", "list", "--topic", "Kultur").exit_code == 1
    result = cli(small_db, "ideas", "assign", "--topic", "Wohnen in der Stadt", "--field", "1")
    assert result.exit_code == 0 and "2 Ideen geändert" in result.stdout
    ideas = {i["external_id"]: i for i in _ideas(cli, small_db)}
    assert (ideas["18"]["field"], ideas["18"]["topic"], ideas["18"]["status"]) == ("1", "Wohnen in der Stadt",
                                                                                  "in_pruefung")
    csv_text = cli(small_db, "ideas", "list", "--format", "csv").stdout
    assert "Thema laut Umfrage;Antwort-ID;ähnlich wie" in csv_text.splitlines()[0]
    assert ";Freizeit & Sport;20;" in csv_text
    # bad calls
    assert cli(small_db, "ideas", "assign", "--field", "1").exit_code == 2
    assert cli(small_db, "ideas", "assign", "1", "--topic", "Wohnen", "--field", "1").exit_code == 2
    missing = cli(small_db, "ideas", "assign", "--topic", "Kultur", "--field", "1")
    assert missing.exit_code == 1 and "Keine Ideen zum Thema „Kultur“" in missing.stderr


def test_reimport_with_changed_text_updates_the_idea_found_by_its_answer_id(small_db, cli, tmp_path):
    first = _survey(tmp_path, ["17;01.03.2026;Mehr Sprachkurse am Abend;;;;",
                               "18;02.03.2026;Ein Freibad für alle;;;;"], name="erste.csv")
    assert cli(small_db, "ideas", "import", str(first), "--channel", "Online-Umfrage").exit_code == 0
    before = {i["external_id"]: i for i in _ideas(cli, small_db)}
    second = _survey(tmp_path, ["17;01.03.2026;Mehr Sprachkurse am Abend, auch am Wochenende;;;;",
                                "18;02.03.2026;Ein Freibad für alle;;;;"], name="zweite.csv")
    dry = cli(small_db, "ideas", "import", str(second), "--channel", "Online-Umfrage", "--dry-run")
    assert dry.exit_code == 0 and "0 neue Ideen, 1 geänderte (an der Antwort-ID erkannt), 1 schon vorhanden" \
        in dry.stdout, dry.output
    digest = file_digest(small_db)
    result = cli(small_db, "ideas", "import", str(second), "--channel", "Online-Umfrage")
    assert result.exit_code == 0 and "1 geänderte" in result.stdout
    assert f"Geändert: #{before['17']['id']} (Text)" in result.stderr
    assert file_digest(small_db) != digest
    after = {i["external_id"]: i for i in _ideas(cli, small_db)}
    assert len(after) == 2 and after["17"]["id"] == before["17"]["id"]
    assert after["17"]["text"] == "Mehr Sprachkurse am Abend, auch am Wochenende"
    assert "Text Mehr Sprachkurse am Abend → Mehr Sprachkurse am Abend, auch am Wochenende (Import zweite.csv)" \
        in cli(small_db, "ideas", "show", str(after["17"]["id"])).stdout
    again = cli(small_db, "ideas", "import", str(second), "--channel", "Online-Umfrage")
    assert "0 neue Ideen, 2 schon vorhanden" in again.stdout
    # the same answer ID from another channel (another survey) is another idea
    other = cli(small_db, "ideas", "import", str(first), "--channel", "Veranstaltung")
    assert "2 neue Ideen" in other.stdout and len(_ideas(cli, small_db)) == 4


def test_an_answer_id_twice_in_one_file_is_an_error(small_db, cli, tmp_path):
    path = _survey(tmp_path, ["17;01.03.2026;Mehr Sprachkurse;;;;", "17;01.03.2026;Ein Freibad;;;;"])
    digest = file_digest(small_db)
    result = cli(small_db, "ideas", "import", str(path), "--channel", "Online-Umfrage")
    assert result.exit_code == 1
    assert "Zeile 3, Spalte „Antwort-ID“: „17“ steht schon in Zeile 2" in result.stderr
    assert file_digest(small_db) == digest and cli(small_db, "ideas", "list").exit_code == 1


def test_near_duplicate_ideas_are_flagged_as_similar(small_db, cli, tmp_path):
    assert cli(small_db, "ideas", "add", "--text", "Sprachcafé in der Bibliothek", "--date", "01.03.2026").exit_code == 0
    path = _survey(tmp_path, [
        "1;02.03.2026;Sprachcafé in der Bibliothek (wie oben);;;;",
        "2;02.03.2026;Ein Freibad für alle;;;;",
        "3;03.03.2026;Ein Freibad für alle!;;;;",
        "4;03.03.2026;Mehr Radwege zur Schule;;;;",
    ])
    dry = cli(small_db, "ideas", "import", str(path), "--channel", "Online-Umfrage", "--dry-run")
    assert "Ähnlich: Zeile 2 gleicht fast #1 (vor dem Import)" in dry.stderr
    assert "Ähnlich: Zeile 4 gleicht fast Zeile 3 (vor dem Import)" in dry.stderr
    result = cli(small_db, "ideas", "import", str(path), "--channel", "Online-Umfrage")
    assert result.exit_code == 0
    assert "4 neue Ideen" in result.stdout and "2 ähnlich anderen" in result.stdout
    assert "Ähnlich: #2 gleicht fast #1" in result.stderr and "Ähnlich: #4 gleicht fast #3" in result.stderr
    ideas = {i["id"]: i for i in _ideas(cli, small_db)}
    assert ideas[1]["similar"] == [2] and ideas[2]["similar"] == [1] and ideas[5]["similar"] == []
    assert ideas[3]["similar"] == [4] and ideas[4]["similar"] == [3]
    shown = cli(small_db, "ideas", "show", "2").stdout
    assert "Ähnlicher Text" in shown and "#1 „Sprachcafé in der Bibliothek“" in shown
    assert "(ähnlich: #1)" in cli(small_db, "ideas", "list").stdout
    # an idea typed in is compared as well
    assert cli(small_db, "ideas", "add", "--text", "Mehr Radwege zur Schule.", "--date", "04.03.2026").exit_code == 0
    assert json.loads(cli(small_db, "ideas", "show", "6", "--format", "json").stdout)["similar"] == [5]


def test_import_bad_row_writes_nothing(small_db, cli, tmp_path):
    path = _survey(tmp_path, [
        "1;01.03.2026;Gute Idee;;;;",
        "2;01.03.2026;Noch eine;;;;",
        "3;31.02.2026;Kaputtes Datum;;;;",
        "4;01.03.2026;Falsche Mail;;;keine-mail;",
    ])
    result = cli(small_db, "ideas", "import", str(path), "--channel", "Online-Umfrage")
    assert result.exit_code == 1
    assert "Zeile 4, Spalte „Datum Abgeschickt“: „31.02.2026“ ist kein gültiges Datum" in result.stderr
    assert "Zeile 5, Spalte „E-Mail (freiwillig)“" in result.stderr
    assert "Nichts importiert" in result.stderr
    assert cli(small_db, "ideas", "list").exit_code == 1
    skipped = cli(small_db, "ideas", "import", str(path), "--channel", "Online-Umfrage", "--on-error", "skip")
    assert skipped.exit_code == 0 and "2 neue Ideen" in skipped.stdout


def test_import_dry_run_map_and_missing_column(small_db, cli, tmp_path):
    path = tmp_path / "karten.csv"
    path.write_text("Frage 3,Wann\nMehr Bänke im Park,01.04.2026\n", encoding="utf-8")
    refused = cli(small_db, "ideas", "import", str(path), "--channel", "Veranstaltung")
    assert refused.exit_code == 1 and "Spalte mit den Ideen" in refused.stderr
    dry = cli(small_db, "ideas", "import", str(path), "--channel", "Fachtag 2026", "--map", "Frage 3=Idee",
              "--map", "Wann=Datum", "--dry-run")
    assert dry.exit_code == 0 and "Probelauf" in dry.stdout and "1 neue Idee" in dry.stdout
    assert cli(small_db, "ideas", "list").exit_code == 1
    assert cli(small_db, "ideas", "import", str(path), "--map", "Frage 3=Idee").exit_code == 2  # no channel
    done = cli(small_db, "ideas", "import", str(path), "--channel", "Fachtag 2026", "--map", "Frage 3=Idee",
               "--map", "Wann=Datum")
    assert done.exit_code == 0
    assert _ideas(cli, small_db)[0]["channel"] == "Fachtag 2026"


def test_removing_a_field_takes_its_ideas_along(ideas_db, cli):
    result = cli(ideas_db, "fields", "remove", "1", "--move-to", "5")
    assert result.exit_code == 0, result.stderr
    idea = json.loads(cli(ideas_db, "ideas", "show", "1", "--format", "json").stdout)
    assert idea["field"] == "5"


def test_markup_in_ideas_stays_text_in_the_report(small_db, cli, tmp_path):
    assert cli(small_db, "ideas", "add", "--text", "<script>alert(1)</script> [bold]laut[/bold] =SUM(A1)",
               "--field", "1").exit_code == 0
    page = cli(small_db, "ideas", "report", "--format", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    md = cli(small_db, "ideas", "report").stdout
    assert "<script>" not in md and "\\[bold\\]laut" in md
    shown = cli(small_db, "ideas", "list").stdout
    assert "[bold]laut[/bold]" in shown


def test_report_kind_ideen_is_the_feedback_report(ideas_db, cli, tmp_path):
    direct = cli(ideas_db, "ideas", "report", "--format", "md")
    via_report = cli(ideas_db, "report", "--kind", "ideen", "--format", "md")
    assert via_report.exit_code == 0, via_report.output
    assert via_report.stdout == direct.stdout
    assert "Was ist aus Ihren Ideen geworden?" in via_report.stdout
    before = file_digest(ideas_db)
    pdf = cli(ideas_db, "report", "--kind", "ideen", "-o", str(tmp_path / "ideen.pdf"))
    assert pdf.exit_code == 0, pdf.output
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "ideen.pdf").pages)
    assert "Was ist aus Ihren Ideen geworden?" in text
    assert "@" not in text  # no submitter's e-mail address
    again = cli(ideas_db, "ideas", "report", "-o", str(tmp_path / "ideen.pdf"))
    assert again.exit_code == 0, again.output  # an earlier feedback PDF is replaced without --force
    mixed = cli(ideas_db, "report", "--kind", "ideen", "--with-contacts")
    assert mixed.exit_code == 2
    assert "--with-contacts gilt nicht für die Rückmeldung zu den Ideen" in mixed.stderr
    assert file_digest(ideas_db) == before
