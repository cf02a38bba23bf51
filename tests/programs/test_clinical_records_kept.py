"""Deleting a client or a programme with clinical records is refused, in the admin with a
clear message and an offer to archive (or finish) instead (issue #9, 5).

The app has no delete of clients or programmes; these records hang off them through
PROTECT foreign keys, so no path deletes them.
"""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from physio.models import Client
from programs.models import CheckIn, Program, ProgramPause, SessionLog
from tests.assessments.factories import AssessmentFactory
from tests.factories import ClientFactory, UserFactory
from tests.programs.portal_helpers import check_in, days_ago, log_item, make_program, today


@pytest.fixture
def as_admin(db, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def delete_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def logged(client1):
    program = make_program(client1, items=1, start=days_ago(5), title="Knee plan")
    log_item(program.items.get(), days_ago(1))
    return program


def test_a_client_with_logged_sessions_is_not_deleted(as_admin, client1, logged):
    page = as_admin.get(delete_url(client1))
    assert page.status_code == 200
    body = page.content.decode()
    assert "This client has clinical records" in body
    assert "Archive the client instead" in body
    assert 'value="Archive this client instead"' in body
    # Confirming anyway deletes nothing: the page comes back with the message.
    response = as_admin.post(delete_url(client1), {"post": "yes"})
    assert response.status_code == 200
    assert "This client has clinical records" in response.content.decode()
    assert Client.objects.filter(pk=client1.pk).exists()
    assert SessionLog.objects.filter(program=logged).exists()


@pytest.mark.parametrize("record", ["check-in", "assessment"])
def test_a_client_with_check_ins_or_assessments_is_not_deleted(as_admin, client1, record):
    if record == "check-in":
        check_in(client1, today(), pain=2)
    else:
        AssessmentFactory(client=client1)
    response = as_admin.post(delete_url(client1), {"post": "yes"})
    assert response.status_code == 200
    assert "This client has clinical records" in response.content.decode()
    assert Client.objects.filter(pk=client1.pk).exists()


def test_the_archive_offer_archives_the_client(as_admin, client1, logged):
    response = as_admin.post(
        changelist(Client), {"action": "archive", "index": "0", "_selected_action": client1.pk}
    )
    assert response.status_code == 302
    client1.refresh_from_db()
    assert client1.archived


def test_a_bulk_delete_of_clients_with_records_says_to_archive(as_admin, client1, logged):
    response = as_admin.post(
        changelist(Client),
        {"action": "delete_selected", "index": "0", "_selected_action": [client1.pk]},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Some of these clients have clinical records" in body
    assert 'value="Archive the selected clients instead"' in body
    assert Client.objects.filter(pk=client1.pk).exists()


def test_a_client_without_clinical_records_can_be_deleted(as_admin, clinic1):
    """A plan nobody logged is not a clinical record: it goes with the client."""
    newcomer = ClientFactory(clinic=clinic1)
    plan = make_program(newcomer, items=2)
    page = as_admin.get(delete_url(newcomer)).content.decode()
    assert "clinical records" not in page
    response = as_admin.post(delete_url(newcomer), {"post": "yes"})
    assert response.status_code == 302
    assert not Client.objects.filter(pk=newcomer.pk).exists()
    assert not Program.objects.filter(pk=plan.pk).exists()


def test_a_programme_with_logged_sessions_is_not_deleted(as_admin, logged):
    page = as_admin.get(delete_url(logged))
    assert page.status_code == 200
    body = page.content.decode()
    assert "The client has logged sessions of this programme" in body
    assert 'value="Finish this programme instead"' in body
    response = as_admin.post(delete_url(logged), {"post": "yes"})
    assert response.status_code == 200
    assert Program.objects.filter(pk=logged.pk).exists()


def test_the_finish_offer_finishes_the_programme_and_records_the_pause(as_admin, logged):
    response = as_admin.post(
        changelist(Program), {"action": "finish", "index": "0", "_selected_action": logged.pk}
    )
    assert response.status_code == 302
    logged.refresh_from_db()
    assert logged.status == "finished"
    pause = ProgramPause.objects.get(program=logged)
    assert (pause.first_day, pause.last_day, pause.status) == (today(), None, "finished")


def test_a_programme_nobody_logged_can_be_deleted(as_admin, client1):
    plan = make_program(client1, items=2)
    response = as_admin.post(delete_url(plan), {"post": "yes"})
    assert response.status_code == 302
    assert not Program.objects.filter(pk=plan.pk).exists()


def test_the_database_refuses_every_path_that_would_delete_records(client1, logged):
    check_in(client1, today(), pain=2)
    with pytest.raises(ProtectedError):
        logged.delete()
    with pytest.raises(ProtectedError):
        client1.delete()
    assert SessionLog.objects.filter(program=logged).exists()
    assert CheckIn.objects.filter(client=client1).exists()
