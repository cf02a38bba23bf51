"""Data migrations of the programmes app, run forward from the state before them."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("programs", "0001_initial")]


@pytest.fixture
def before_pauses(transactional_db):
    """The schema before 0002; migrated forward again when the test ends."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield MigrationExecutor(connection)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_programmes_stopped_before_pauses_existed_are_paused_since_their_last_change(
    before_pauses, client1
):
    old = before_pauses.loader.project_state(BEFORE).apps
    Program = old.get_model("programs", "Program")
    common = {"client_id": client1.pk, "title": "Plan", "start_date": date(2026, 1, 5)}
    paused = Program.objects.create(status="paused", **common)
    finished = Program.objects.create(status="finished", **common)
    active = Program.objects.create(status="active", **common)
    Program.objects.filter(pk=paused.pk).update(updated_at="2026-02-10T12:00:00+00:00")
    before_pauses.loader.build_graph()
    before_pauses.migrate([("programs", "0002_program_pause")])
    new = before_pauses.loader.project_state([("programs", "0002_program_pause")]).apps
    ProgramPause = new.get_model("programs", "ProgramPause")
    rows = {p.program_id: p for p in ProgramPause.objects.all()}
    assert set(rows) == {paused.pk, finished.pk}
    assert active.pk not in rows
    assert rows[paused.pk].first_day == date(2026, 2, 10)
    assert rows[paused.pk].last_day is None
    assert rows[finished.pk].status == "finished"
