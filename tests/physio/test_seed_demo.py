from io import StringIO

from django.core.management import call_command

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
    call_command("seed_demo", stdout=out)
    first = _counts()
    assert first[0] >= 2
    text = out.getvalue()
    assert "alex@riverside.test" in text
    assert "maria@example.test" in text
    assert "curator@physio.test" in text
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    maria = Client.objects.get(email="maria@example.test")
    assert maria.user is not None
    assert User.objects.get(email="curator@physio.test").is_staff
