"""Messages between a client and their clinic: access, writing, unread counts, links."""

import pytest
from django.urls import reverse

from messaging import selectors, services
from messaging.models import MESSAGE_MAX_LENGTH, Message
from tests.programs.portal_helpers import make_program

PORTAL = reverse("messaging:portal")


def record_url(client) -> str:
    return reverse("messaging:client-messages", args=[client.pk])


def send_from_client(client, body="My knee hurts", item=None):
    return services.message_send(
        client=client, author=client.user, side=Message.Side.CLIENT, body=body, item=item
    )


def send_from_clinic(client, clinician, body="Rest it for two days"):
    return services.message_send(
        client=client, author=clinician.user, side=Message.Side.CLINIC, body=body
    )


@pytest.mark.django_db
class TestPortal:
    def test_the_client_asks_about_an_exercise_from_its_card(self, as_client1, client1):
        program = make_program(client1, items=2)
        item = program.items.first()
        page = as_client1.get(reverse("programs:portal-today"))
        ask = f"{PORTAL}?about={item.pk}#id_body"
        assert ask in page.content.decode()

        form = as_client1.get(f"{PORTAL}?about={item.pk}")
        assert f'<option value="{item.pk}" selected>' in form.content.decode()
        answer = as_client1.post(
            PORTAL, {"body": "This hurts at the front of my knee", "item": item.pk}
        )
        assert answer.status_code == 302
        message = Message.objects.get()
        assert (message.side, message.item, message.author) == ("client", item, client1.user)
        thread = as_client1.get(PORTAL).content.decode()
        assert "This hurts at the front of my knee" in thread
        assert f'about <span class="fw-semibold">{item.exercise.name}</span>' in thread

    def test_an_exercise_of_someone_else_cannot_be_named(self, as_client1, client1, client2):
        other = make_program(client2, items=1).items.get()
        answer = as_client1.post(PORTAL, {"body": "Hello", "item": other.pk})
        assert answer.status_code == 200
        assert "Select a valid choice" in answer.content.decode()
        assert not Message.objects.exists()

    def test_empty_and_too_long_messages_are_refused_and_what_was_typed_stays(self, as_client1):
        answer = as_client1.post(PORTAL, {"body": "   "})
        assert "Write something to send." in answer.content.decode()
        long = "x" * (MESSAGE_MAX_LENGTH + 1)
        answer = as_client1.post(PORTAL, {"body": long})
        html = answer.content.decode()
        assert f"at most {MESSAGE_MAX_LENGTH} characters" in html
        assert long in html
        assert not Message.objects.exists()

    def test_htmx_answers_with_the_conversation_only(self, as_client1):
        answer = as_client1.post(PORTAL, {"body": "Hi"}, headers={"HX-Request": "true"})
        html = answer.content.decode()
        assert answer.status_code == 200
        assert "<html" not in html
        assert 'id="conversation"' in html
        assert "Hi" in html

    def test_clinicians_and_anonymous_do_not_reach_the_portal_page(self, client, as_a):
        assert as_a.get(PORTAL).status_code == 404
        assert client.get(PORTAL).status_code == 302  # to sign in

    def test_wrong_method(self, as_client1):
        assert as_client1.put(PORTAL).status_code == 405

    def test_opening_the_page_reads_the_clinics_messages(self, as_client1, client1, clinician_a):
        send_from_clinic(client1, clinician_a)
        assert selectors.unread_count_for_client(client1) == 1
        menu = as_client1.get(reverse("programs:portal-progress")).content.decode()
        assert '1<span class="visually-hidden"> unread</span>' in menu
        as_client1.get(PORTAL)
        assert selectors.unread_count_for_client(client1) == 0


@pytest.mark.django_db
class TestRecord:
    def test_a_clinician_of_the_clinic_reads_and_answers(self, as_a, client1, clinician_a):
        send_from_client(client1, "Sore after the bridges")
        section = as_a.get(record_url(client1), headers={"HX-Request": "true"})
        html = section.content.decode()
        assert "<html" not in html
        assert "Sore after the bridges" in html
        answer = as_a.post(record_url(client1), {"body": "Do 2 sets instead of 3"})
        assert answer.status_code == 302
        assert answer.url == client1.get_absolute_url() + "#section-messages"
        assert Message.objects.filter(side="clinic", author=clinician_a.user).count() == 1

    def test_every_clinician_of_the_clinic_sees_it_with_their_own_unread(
        self, as_a, as_b, client1, clinician_a, clinician_b
    ):
        send_from_client(client1)
        assert selectors.unread_count_for_clinician(clinician_a) == 1
        assert selectors.unread_count_for_clinician(clinician_b) == 1
        as_a.get(record_url(client1))
        assert selectors.unread_count_for_clinician(clinician_a) == 0
        assert selectors.unread_count_for_clinician(clinician_b) == 1
        assert "My knee hurts" in as_b.get(record_url(client1)).content.decode()

    def test_a_read_only_member_reads_but_cannot_write(self, as_viewer, client1):
        send_from_client(client1)
        page = as_viewer.get(record_url(client1)).content.decode()
        assert "My knee hurts" in page
        assert "read-only access" in page
        assert "<textarea" not in page
        assert as_viewer.post(record_url(client1), {"body": "Hi"}).status_code == 403
        assert Message.objects.count() == 1

    def test_another_clinic_another_client_and_anonymous_get_nothing(
        self, client, as_c, as_client1, client1, client2
    ):
        send_from_client(client1)
        assert as_c.get(record_url(client1)).status_code == 404
        assert as_c.post(record_url(client1), {"body": "Hi"}).status_code == 404
        # A client never reaches the clinician's side, their own or anyone's.
        assert as_client1.get(record_url(client1)).status_code == 404
        assert as_client1.get(record_url(client2)).status_code == 404
        assert client.get(record_url(client1)).status_code == 302
        assert Message.objects.count() == 1

    def test_a_client_sees_only_their_own_conversation(self, as_client1, client2, clinician_c):
        send_from_clinic(client2, clinician_c, "For Dan only")
        assert "For Dan only" not in as_client1.get(PORTAL).content.decode()

    def test_wrong_method(self, as_a, client1):
        assert as_a.delete(record_url(client1)).status_code == 405

    def test_the_record_has_a_messages_section(self, as_a, client1):
        page = as_a.get(client1.get_absolute_url()).content.decode()
        assert f'hx-get="{record_url(client1)}"' in page


@pytest.mark.django_db
class TestClinicianHome:
    def test_clients_waiting_longest_come_first_and_the_nav_counts(
        self, as_a, clinician_a, client1, clinic1
    ):
        from tests.factories import ClientFactory, UserFactory

        later = ClientFactory(clinic=clinic1, first_name="Zed", user=UserFactory())
        send_from_client(client1, "first")
        send_from_client(later, "second")
        send_from_client(later, "third")
        home = as_a.get(reverse("physio:dashboard")).content.decode()
        assert f'hx-get="{reverse("messaging:unread")}"' in home
        assert home.index('id="section-messages"') < home.index('id="section-attention"')
        assert '3<span class="visually-hidden"> unread</span>' in home
        section = as_a.get(reverse("messaging:unread"), headers={"HX-Request": "true"})
        html = section.content.decode()
        assert "<html" not in html
        assert html.index("Cora Client") < html.index("Zed")
        assert "2 unread" in html

    def test_another_clinics_messages_are_not_listed(self, as_c, client1):
        send_from_client(client1)
        html = as_c.get(reverse("messaging:unread")).content.decode()
        assert "Cora" not in html
        assert "No unread messages" in html

    def test_clients_do_not_reach_it(self, as_client1):
        assert as_client1.get(reverse("messaging:unread")).status_code == 404


@pytest.mark.django_db
def test_the_waiting_list_and_badge_do_not_query_more_with_more_clients(
    as_a, clinic1, client1, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ClientFactory, UserFactory

    url = reverse("messaging:unread")
    send_from_client(client1)
    with CaptureQueriesContext(connection) as few:
        as_a.get(url)
    for n in range(5):
        send_from_client(ClientFactory(clinic=clinic1, user=UserFactory(), first_name=f"C{n}"))
    with django_assert_num_queries(len(few.captured_queries)):
        html = as_a.get(url).content.decode()
    assert html.count("1 unread") == 6
