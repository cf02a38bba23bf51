"""The demo client has a few NPRS and PSFS scores, written once."""

from io import StringIO

from django.core.management import call_command

from outcomes.models import Questionnaire
from outcomes.results import client_results
from physio.models import Client


def seed():
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=StringIO())


def test_seed_demo_gives_maria_scores_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    seed()
    maria = Client.objects.get(user__email="maria@example.test")
    assert Questionnaire.objects.filter(client=maria).submitted().count() == 6
    seed()
    assert Questionnaire.objects.filter(client=maria).count() == 6
    results = {r.key: r for r in client_results(maria)}
    assert results["nprs"].change.text == "improved by more than the MCID"  # 6 → 3
    assert results["psfs"].scored[0].activities == [
        "Climbing stairs",
        "Getting out of the car",
        "Walking 30 minutes",
    ]
