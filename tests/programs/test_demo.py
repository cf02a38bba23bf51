"""``manage.py seed_demo`` gives the demo client an active programme with history."""

from io import StringIO

import pytest
from django.core.management import call_command

from exercises.models import Exercise
from programs.demo import DEMO_TITLE, HISTORY_DAYS
from programs.models import CheckIn, ItemLog, Program, ProgramItem, SessionLog
from programs.progress import progress
from programs.today import today_plan
from tests.programs.portal_helpers import days_ago, today


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def seed():
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=StringIO())


def counts():
    return [model.objects.count() for model in (Program, ProgramItem, SessionLog, ItemLog, CheckIn)]


@pytest.fixture
def library(db):
    call_command("seed_library", "--no-media", stdout=StringIO())


def test_the_demo_client_gets_an_active_programme_with_history(library):
    seed()
    program = Program.objects.get(title=DEMO_TITLE)
    client = program.client
    assert client.user.email == "maria@example.test"
    assert program.status == "active"
    assert program.start_date == days_ago(HISTORY_DAYS)
    assert program.items.count() == 4
    assert program.items.filter(times_per_day=2).exists()
    assert program.items.exclude(days_of_week=list(range(7))).exists()
    # About three weeks of history, up to yesterday: today is left for the client.
    dates = set(program.sessions.values_list("date", flat=True))
    assert min(dates) == days_ago(HISTORY_DAYS)
    assert max(dates) == days_ago(1)
    assert len(dates) < HISTORY_DAYS  # some days were missed
    painful = ItemLog.objects.filter(pain__gt=5)
    assert painful.count() == 1
    assert painful.get().pain == 7
    assert CheckIn.objects.filter(client=client).exists()
    # What the portal makes of it.
    result = progress(client, today())
    assert 50 <= result.adherence.percent < 100
    assert any(day.state == "missed" for week in result.weeks for day in week)
    assert today_plan(client, today())[0][0].program == program


def test_a_second_run_changes_nothing(library):
    seed()
    before = counts()
    seed()
    assert counts() == before


def test_an_empty_library_is_loaded_first(db):
    assert not Exercise.objects.exists()
    seed()
    program = Program.objects.get(title=DEMO_TITLE)
    assert Exercise.objects.shared().published().count() >= 4
    slugs = list(program.items.values_list("exercise__slug", flat=True))
    assert slugs[:2] == ["clam-shell", "glute-bridge"]
    # The starter library's demo videos reach the demo client's cards.
    plan, _ = today_plan(program.client, today())
    assert any(entry.media and entry.media.is_video for entry in plan[0].items)
