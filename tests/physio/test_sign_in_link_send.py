"""Sign-in links: only for client-only accounts, capped under concurrent requests, mailed
by a task after the transaction commits (issue #9, points 1 and 2)."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection, transaction

from physio.models import SignInLink
from physio.services import SIGN_IN_LINKS_PER_WINDOW, sign_in_link_send
from tests.factories import ClientFactory, ClinicianFactory, UserFactory

BASE_URL = "https://physio.example.org/"


def _staff(user):
    user.is_staff = True
    user.save()


def _superuser(user):
    user.is_staff = user.is_superuser = True
    user.save()


def _clinician(user):
    ClinicianFactory(user=user)


def _group_member(user):
    user.groups.add(Group.objects.get_or_create(name="Curators")[0])


@pytest.mark.parametrize(
    "make_it", [_staff, _superuser, _clinician, _group_member], ids=lambda f: f.__name__[1:]
)
def test_no_link_for_staff_or_clinician_accounts_even_with_a_client_record(
    make_it, db, django_capture_on_commit_callbacks
):
    user = UserFactory(email="both@example.test")
    ClientFactory(user=user, email=user.email)
    make_it(user)
    with django_capture_on_commit_callbacks(execute=True):
        assert sign_in_link_send(email=user.email, base_url=BASE_URL) is None
    assert not SignInLink.objects.exists()
    assert not mail.outbox


def test_the_mail_leaves_only_after_commit(client1, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        link = sign_in_link_send(email=client1.user.email, base_url=BASE_URL)
        assert link is not None
        assert not mail.outbox  # nothing sent inside the transaction
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [client1.user.email]
    # The task gave the link the token it mailed; the one made in the request is gone.
    token = mail.outbox[0].body.split("/sign-in/link/", 1)[1].split("/", 1)[0]
    assert SignInLink.find(token) == link


def test_no_mail_and_no_link_when_the_transaction_rolls_back(
    client1, django_capture_on_commit_callbacks
):
    def send_then_fail():
        with transaction.atomic():
            sign_in_link_send(email=client1.user.email, base_url=BASE_URL)
            raise RuntimeError("something later in the request failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        send_then_fail()
    assert callbacks == []
    assert not mail.outbox
    assert not SignInLink.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_exceed_the_cap(clinic1):
    """Real threads, real PostgreSQL connections, all released at once by a barrier."""
    user = UserFactory(email="racer@example.test")
    ClientFactory(clinic=clinic1, user=user, email=user.email)
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    errors = []

    def request_a_link():
        try:
            barrier.wait(timeout=30)
            sign_in_link_send(email=user.email, base_url=BASE_URL)
        except Exception as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request_a_link) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert SignInLink.objects.filter(user=user).count() == SIGN_IN_LINKS_PER_WINDOW
    assert len(mail.outbox) == SIGN_IN_LINKS_PER_WINDOW


@pytest.mark.parametrize("make_it", [_staff, _clinician], ids=["staff", "clinician"])
def test_a_link_sent_before_the_account_became_staff_does_not_sign_in(
    make_it, client, client1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_in_link_send(email=client1.user.email, base_url=BASE_URL)
    path = "/sign-in/link/" + mail.outbox[0].body.split("/sign-in/link/", 1)[1].split()[0]
    make_it(client1.user)
    response = client.post(path)
    assert response.status_code == 410
    assert "_auth_user_id" not in client.session
