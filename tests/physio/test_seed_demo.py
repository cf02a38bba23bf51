from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from physio.models import Client, Clinic, Clinician, User


def _counts():
    return (
        Clinic.objects.count(),
        Clinician.objects.count(),
        Client.objects.count(),
        User.objects.count(),
    )


def test_seed_demo_is_idempotent_and_prints_sign_ins(db):
    out = StringIO()
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=out)
    first = _counts()
    assert first[0] >= 2
    text = out.getvalue()
    assert "alex@riverside.test" in text
    assert "maria@example.test" in text
    assert "curator@physio.test" in text
    call_command("seed_demo", "--i-know-this-is-not-production", stdout=StringIO())
    assert _counts() == first
    maria = Client.objects.get(email="maria@example.test")
    assert maria.user is not None
    assert User.objects.get(email="curator@physio.test").is_staff


def test_seed_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        call_command("seed_demo", stdout=StringIO())
    assert _counts() == (0, 0, 0, 0)


def test_seed_demo_runs_with_debug(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert User.objects.filter(email="curator@physio.test").exists()
