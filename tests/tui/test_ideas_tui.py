"""The Ideen screen (5) driven with Textual's pilot: the inbox pages, filters and counts; marking
and assigning a field; merging; accepting as a new measure through the prefilled measure form;
linking to an existing measure; declining with a reason. Every flow is checked in the stored file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select, Static

from massnahmen.store.db import Store
from massnahmen.store.ideas import IdeaFilter, NewIdea, count_ideas, get_idea, insert_ideas
from tests.tui.pilot import rendered, running, settle, type_text

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _with_ideas(db: Path, n: int = 3) -> list[int]:
    """Ideas #… in db, newest last; the first texts are fixed, the rest filler."""
    texts = ["Sprachkurse am Abend anbieten. Viele arbeiten tagsüber.", "Abendkurse für Deutsch!",
             "Ein Freibad für alle [bold]sofort[/bold] <script>"]
    texts += [f"Idee Nummer {i} zum Füllen" for i in range(len(texts), n)]
    with Store.open(db) as store, store.write() as conn:
        return insert_ideas(conn, [NewIdea(text=t, submitted_on=f"2026-03-{1 + i % 28:02d}",
                                           channel="Online-Umfrage") for i, t in enumerate(texts[:n])],
                            user="tester")


def _idea(db: Path, idea_id: int):
    with Store.open(db) as s:
        return get_idea(s, idea_id)


async def _to_ideas(pilot):
    await pilot.press("5")
    await settle(pilot)
    return pilot.app.screen


async def _select_idea(pilot, screen, idea_id: int) -> None:
    table = screen.query_one("#i-table", DataTable)
    row = next(i for i, idea in enumerate(screen.ideas) if idea.id == idea_id)
    table.move_cursor(row=row)
    await pilot.pause()


async def test_inbox_counts_filter_and_search(small_db):
    _with_ideas(small_db)
    async with running(small_db) as (app, pilot):
        screen = await _to_ideas(pilot)
        assert app.current_mode == "ideas"
        assert screen.total == 3
        counts = rendered(app)
        assert "3 Ideen" in counts and "neu 3" in counts and "Online-Umfrage 3" in counts
        assert "Ideen je Feld: ohne: 3" in counts
        assert "[bold]sofort[/bold] <script>" in counts  # markup-looking text shown as typed
        await pilot.press("slash")
        await type_text(pilot, "abend")
        await settle(pilot)
        assert {i.id for i in screen.ideas} == {1, 2}
        screen.query_one("#i-search", Input).value = ""
        screen.query_one("#i-status", Select).value = "aufgenommen"
        await settle(pilot)
        assert screen.total == 0 and "Keine Ideen gefunden." in rendered(app)


async def test_large_inbox_is_paged(small_db):
    _with_ideas(small_db, 450)
    async with running(small_db) as (app, pilot):
        screen = await _to_ideas(pilot)
        table = screen.query_one("#i-table", DataTable)
        assert screen.total == 450 and table.row_count == 200
        table.move_cursor(row=199)
        await pilot.press("pagedown")  # at the end of the page: the next page
        await settle(pilot)
        assert screen.page_offset == 200 and table.row_count == 200 and table.cursor_row == 0
        table.move_cursor(row=199)
        await pilot.press("pagedown")
        await settle(pilot)
        assert table.row_count == 50 and "401–450 von 450" in rendered(app)
        table.move_cursor(row=0)
        await pilot.press("pageup")
        await settle(pilot)
        assert screen.page_offset == 200 and table.cursor_row == 199


async def test_mark_and_assign_field(small_db):
    _with_ideas(small_db)
    async with running(small_db) as (app, pilot):
        screen = await _to_ideas(pilot)
        screen.query_one("#i-table").focus()
        await _select_idea(pilot, screen, 3)
        await pilot.press("space", "space")  # marks #3 and #2 (the cursor moves down)
        assert screen.marked == {3, 2}
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("down", "enter")  # the second field: 5 Arbeit und Ausbildung
        await settle(pilot)
        assert screen.marked == set()
    for idea_id in (2, 3):
        idea = _idea(small_db, idea_id)
        assert idea.field_code == "5" and idea.status == "in_pruefung"
    assert _idea(small_db, 1).field_code is None


async def test_merge_duplicate(small_db):
    _with_ideas(small_db)
    async with running(small_db) as (app, pilot):
        screen = await _to_ideas(pilot)
        await _select_idea(pilot, screen, 2)
        await pilot.press("m")
        await settle(pilot)
        await type_text(pilot, "1")
        await pilot.press("enter")
        await settle(pilot)
    idea = _idea(small_db, 2)
    assert idea.status == "zusammengefuehrt" and idea.merged_into == 1


async def test_accept_as_new_measure_opens_prefilled_form(small_db):
    _with_ideas(small_db)
    with Store.open(small_db) as s:
        from massnahmen.store.ideas import set_field

        set_field(s, [1], "1")
    async with running(small_db) as (app, pilot):
        screen = await _to_ideas(pilot)
        assert "Ideen je Feld: 1: 1, ohne: 2" in rendered(app)
        await _select_idea(pilot, screen, 1)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert "Neue Maßnahme aus Idee #1" in rendered(app)
        assert form.query_one("#in-title", Input).value == "Sprachkurse am Abend anbieten"
        assert form.query_one("#in-field", Select).value == "1"
        assert form.query_one("#in-source", Input).value == "Bürgerbeteiligung: Online-Umfrage"
        assert form.query_one("#in-code", Input).value == "1.2"  # the next free Nr. of field 1 (1.1.1, 1.1.2)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    idea = _idea(small_db, 1)
    assert idea.status == "aufgenommen" and idea.measures == ["1.2"]
    from massnahmen.store.measures import get_measure

    with Store.open(small_db) as s:
        measure = get_measure(s, "1.2")
    assert measure.title == "Sprachkurse am Abend anbieten" and measure.source == "Bürgerbeteiligung: Online-Umfrage"


async def test_link_to_existing_measure_and_see_it_in_the_measure_pane(small_db):
    _with_ideas(small_db)
    async with running(small_db) as (app, pilot):
        screen = await _to_ideas(pilot)
        await _select_idea(pilot, screen, 2)
        await pilot.press("l")
        await settle(pilot)
        await type_text(pilot, "sprachcafe")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert _idea(small_db, 2).measures == ["1.1.1"]
        await pilot.press("2")
        await settle(pilot)
        measures = app.screen
        measures.table.focus()
        await settle(pilot)
        text = rendered(app)
        assert "Aus Bürgerideen" in text and "#2" in text and "Abendkurse für Deutsch" in text


async def test_decline_with_reason(small_db):
    _with_ideas(small_db)
    async with running(small_db) as (app, pilot):
        screen = await _to_ideas(pilot)
        await _select_idea(pilot, screen, 3)
        await pilot.press("d")
        await settle(pilot)
        await type_text(pilot, "Dafür ist die Gemeinde zuständig.")
        await pilot.press("enter")
        await settle(pilot)
        assert "nicht aufgenommen" in rendered(app)
    idea = _idea(small_db, 3)
    assert idea.status == "nicht_aufgenommen" and idea.reason == "Dafür ist die Gemeinde zuständig."
    assert idea.reason_public
    with Store.open(small_db) as s:
        assert count_ideas(s, IdeaFilter(status="offen")) == 2


async def test_narrow_terminal(small_db):
    _with_ideas(small_db)
    async with running(small_db, size=(80, 24)) as (app, pilot):
        screen = await _to_ideas(pilot)
        assert screen.has_class("narrow") and screen.total == 3
        assert isinstance(screen.query_one("#i-detail-text"), Static)


async def test_the_detail_shows_the_survey_topic_answer_id_and_similar_ideas(small_db):
    from massnahmen.store.ideas import mark_similar

    with Store.open(small_db) as store, store.write() as conn:
        ids = insert_ideas(conn, [
            NewIdea(text="Sprachcafé in der Bibliothek", submitted_on="2026-03-01", channel="Online-Umfrage"),
            NewIdea(text="Sprachcafé in der Bibliothek (wie oben)", submitted_on="2026-03-02",
                    channel="Online-Umfrage", topic="Begegnung im Quartier", external_id="A-17"),
        ], user="tester")
        mark_similar(conn, ids)
    async with running(small_db, size=(120, 40)) as (app, pilot):
        screen = await _to_ideas(pilot)
        await _select_idea(pilot, screen, ids[1])
        await settle(pilot)
        text = rendered(app)
        assert "Thema laut Umfrage: Begegnung im Quartier" in text
        assert "Antwort-ID: A-17" in text and f"Ähnlicher Text: #{ids[0]}" in text
