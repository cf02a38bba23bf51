"""The mail about unread messages: after a while, batched, once, with working links."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from messaging.mail import BATCH_WINDOW, UNREAD_FOR, send_unread_mail
from tests.messaging.test_messages import send_from_client, send_from_clinic

BASE = "http://testserver"


def later(minutes: int = 0):
    return timezone.now() + UNREAD_FOR + timedelta(minutes=1 + minutes)


def links_in(message) -> list[str]:
    return [word for word in message.body.split() if word.startswith(BASE)]


@pytest.mark.django_db
def test_nothing_is_mailed_before_a_message_has_waited(client1, clinician_a):
    send_from_client(client1)
    assert send_unread_mail(base_url=BASE) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_lead_clinician_gets_one_mail_for_several_messages_and_its_link_works(
    client1, clinician_a, clinician_b, as_a
):
    send_from_client(client1, "one")
    send_from_client(client1, "two")
    assert send_unread_mail(base_url=BASE, now=later()) == 1
    [sent] = mail.outbox
    assert sent.to == [clinician_a.user.email]
    assert sent.subject == "2 unread messages on physio"
    assert "one" not in sent.body.split()  # the text stays on the site
    [link] = links_in(sent)
    assert link == f"{BASE}{client1.get_absolute_url()}#section-messages"
    page = as_a.get(link.removeprefix(BASE).split("#")[0])
    assert page.status_code == 200
    assert 'id="section-messages"' in page.content.decode()


@pytest.mark.django_db
def test_the_client_is_mailed_about_the_clinics_answer_and_the_link_opens_it(
    client1, clinician_a, as_client1
):
    send_from_clinic(client1, clinician_a, "Try the easier version")
    assert send_unread_mail(base_url=BASE, now=later()) == 1
    [sent] = mail.outbox
    assert sent.to == [client1.user.email]
    [link] = links_in(sent)
    page = as_client1.get(link.removeprefix(BASE))
    assert page.status_code == 200
    assert "Try the easier version" in page.content.decode()


@pytest.mark.django_db
def test_one_mail_per_batch_window_then_only_what_is_new(client1, clinician_a):
    send_from_client(client1, "one")
    assert send_unread_mail(base_url=BASE, now=later()) == 1
    send_from_client(client1, "two")
    # Within the window nothing more goes, however often the job runs.
    assert send_unread_mail(base_url=BASE, now=later(5)) == 0
    assert send_unread_mail(base_url=BASE, now=later(60)) == 0
    after_window = later(int(BATCH_WINDOW.total_seconds() // 60) + 1)
    assert send_unread_mail(base_url=BASE, now=after_window) == 1
    assert mail.outbox[1].subject == "1 unread message on physio"  # "one" is not mailed again
    assert send_unread_mail(base_url=BASE, now=after_window + BATCH_WINDOW * 2) == 0


@pytest.mark.django_db
def test_read_or_answered_messages_are_not_mailed(client1, clinician_a, clinician_b, as_a):
    send_from_client(client1)
    as_a.get(f"/clients/{client1.pk}/messages/")  # the lead clinician read it
    assert send_unread_mail(base_url=BASE, now=later()) == 0
    send_from_client(client1, "again")
    send_from_clinic(client1, clinician_b, "Answered by a colleague")
    # The colleague answered: the lead is not mailed; the client is, about the answer.
    assert send_unread_mail(base_url=BASE, now=later()) == 1
    assert mail.outbox[0].to == [client1.user.email]


@pytest.mark.django_db
def test_without_a_lead_the_clinicians_who_can_answer_are_mailed(
    client1, clinician_a, clinician_b, viewer
):
    client1.lead_clinician = None
    client1.save()
    send_from_client(client1)
    assert send_unread_mail(base_url=BASE, now=later()) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [clinician_a.user.email, clinician_b.user.email]
    )


@pytest.mark.django_db
def test_the_command_sends_and_needs_a_base_url(client1, clinician_a, settings):
    from django.core.management.base import CommandError

    settings.SITE_URL = ""
    with pytest.raises(CommandError):
        call_command("send_message_mail", stdout=StringIO())
    out = StringIO()
    call_command("send_message_mail", "--base-url", BASE, stdout=out)
    assert out.getvalue().strip() == "0 mails sent."


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_send_each_mail_once(client1, clinician_a):
    send_from_client(client1, "one")
    send_from_client(client1, "two")
    now = later()
    start = threading.Barrier(2)
    counts = []

    def worker():
        try:
            start.wait()
            counts.append(send_unread_mail(base_url=BASE, now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == [0, 1]
    [sent] = mail.outbox
    assert sent.to == [clinician_a.user.email]
    assert sent.subject == "2 unread messages on physio"
