"""The trail: who saw and who changed a client's data, kept so no path escapes or erases it."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import AssessmentEvent
from physio import trail
from physio.models import AccessEvent, ClientEvent
from programs import portal_services
from programs.models import ItemLog, ProgramItem, ProgramItemEvent
from tests.assessments.factories import AssessmentFactory, record_hip_drop
from tests.conftest import _signed_in
from tests.factories import ClinicianFactory, UserFactory
from tests.programs.factories import ProgramFactory, ProgramItemFactory

pytestmark = pytest.mark.django_db


def trail_url(client) -> str:
    return f"/clients/{client.pk}/trail/"


@pytest.fixture
def clinic_admin(clinic1):
    return ClinicianFactory(
        clinic=clinic1, role="admin", user__email="boss@clinic1.test", user__full_name="Bea Boss"
    )


@pytest.fixture
def as_admin(clinic_admin):
    return _signed_in(clinic_admin.user)


@pytest.fixture
def superuser(db):
    return UserFactory(
        email="root@physio.test", full_name="Sue Super", is_staff=True, is_superuser=True
    )


@pytest.fixture
def as_superuser(superuser):
    return _signed_in(superuser)


@pytest.fixture
def item(client1, clinician_a):
    program = ProgramFactory(client=client1, created_by=clinician_a)
    return ProgramItemFactory(program=program, sets=2, reps=15)


def changes_of(client, **filters) -> list:
    """The client's trail as entries, newest first (every user resolved by the test)."""
    from physio.models import User

    rows = list(trail.timeline(client_id=client.pk, **filters))
    return trail.entries(rows, User.objects.in_bulk())


def looked_at(client, *, by, at, label) -> AccessEvent:
    """A view of the record logged at ``at`` (the log is insert-only, so set it up front)."""
    return AccessEvent.objects.create(
        at=at,
        user=by,
        clinic=client.clinic,
        client=client,
        kind="record",
        object_id=str(client.pk),
        label=label,
    )


def change(entries, what: str, field: str):
    for entry in entries:
        for found in entry.changes:
            if entry.what == what and found.field == field and entry.action == "update":
                return entry, found
    raise AssertionError(f"no change of {what}.{field} in the trail")


# --- who changed what ------------------------------------------------------------------


def test_an_admin_change_to_a_client_is_recorded_with_who_and_before_after(
    as_superuser, superuser, client1, clinician_a
):
    response = as_superuser.post(
        f"/admin/physio/client/{client1.pk}/change/",
        {
            "clinic": client1.clinic_id,
            "lead_clinician": clinician_a.pk,
            "user": client1.user_id,
            "first_name": "Cora",
            "last_name": "Client",
            "date_of_birth": "1980-05-17",
            "email": client1.email,
            "conditions": "",
            "notes": "Changed in the admin",
        },
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    event = ClientEvent.objects.filter(pgh_obj_id=client1.pk).order_by("-pgh_id").first()
    assert event.pgh_label == "update"
    assert event.pgh_context["user"] == superuser.pk
    assert event.pgh_context["url"] == f"/admin/physio/client/{client1.pk}/change/"
    assert event.pgh_context["ip"] == "198.51.100.7"
    entry, notes = change(changes_of(client1), "client", "notes")
    assert entry.who == superuser
    assert (notes.before, notes.after) == (None, "Changed in the admin")


def test_a_bulk_update_of_items_and_logs_is_recorded_with_before_and_after(client1, item):
    today = timezone.localdate()
    portal_services.item_log_save(item=item, day=today, round=1, today=today, done=True, pain=2)

    # Bulk updates skip save() and signals; the triggers still see them.
    assert ProgramItem.objects.filter(pk=item.pk).update(sets=5) == 1
    assert ItemLog.objects.filter(item=item).update(pain=7) == 1

    entries = changes_of(client1)
    _, sets = change(entries, "programme item", "sets")
    assert (sets.before, sets.after) == (2, 5)
    _, pain = change(entries, "exercise log", "pain (0–10)")
    assert (pain.before, pain.after) == (2, 7)
    assert ProgramItemEvent.objects.filter(pgh_obj_id=item.pk, sets=5).exists()


def test_deletes_are_recorded_and_the_rows_stay_in_the_trail(as_a, client1, clinician_a):
    assessment = AssessmentFactory(client=client1, clinician=clinician_a, notes="First visit")
    response = as_a.post(f"/assessments/{assessment.pk}/delete/")
    assert response.status_code == 302

    deleted = [e for e in changes_of(client1) if e.action == "delete"]
    whats = {entry.what for entry in deleted}
    assert {"assessment", "hip-drop test", "knee-valgus test"} <= whats
    assert AssessmentEvent.objects.filter(pgh_obj_id=assessment.pk, pgh_label="delete").exists()
    assessment_entry = next(e for e in deleted if e.what == "assessment")
    assert assessment_entry.who == clinician_a.user
    assert any(c.before == "First visit" for c in assessment_entry.changes)


def test_a_requests_changes_carry_its_user(as_a, client1, clinician_a):
    response = as_a.post(
        f"/clients/{client1.pk}/edit/",
        {"first_name": "Cora", "last_name": "Changed", "email": client1.email},
    )
    assert response.status_code == 302
    entry, last_name = change(changes_of(client1), "client", "last name")
    assert entry.who == clinician_a.user
    assert (last_name.before, last_name.after) == ("Client", "Changed")


def test_a_shell_change_carries_the_command_and_the_os_user(client1, monkeypatch):
    import getpass

    import manage

    code = (
        "from physio.models import Client; "
        f"Client.objects.filter(pk={client1.pk}).update(notes='fixed by hand')"
    )
    monkeypatch.setattr("sys.argv", ["manage.py", "shell", "-c", code])
    # A command closes every connection when it ends; the test's transaction lives on one.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    manage.main()

    event = ClientEvent.objects.filter(pgh_obj_id=client1.pk).order_by("-pgh_id").first()
    assert event.notes == "fixed by hand"
    assert event.pgh_context == {"command": "manage.py shell", "os_user": getpass.getuser()}
    entry, notes = change(changes_of(client1), "client", "notes")
    assert entry.who is None
    assert entry.via == "manage.py shell"


# --- who saw what ----------------------------------------------------------------------


def assert_one_access(*, user, client, kind, object_id, address):
    event = AccessEvent.objects.get(kind=kind)
    assert event.user_id == user.pk
    assert event.client_id == client.pk
    assert event.clinic_id == client.clinic_id
    assert event.object_id == str(object_id)
    assert event.ip_address == address
    assert timezone.now() - event.at < timedelta(minutes=1)
    return event


def test_viewing_the_record_is_logged(as_a, clinician_a, client1):
    response = as_a.get(f"/clients/{client1.pk}/", REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 200
    event = assert_one_access(
        user=clinician_a.user,
        client=client1,
        kind="record",
        object_id=client1.pk,
        address="203.0.113.5",
    )
    assert event.label == "Cora Client"


def test_viewing_an_assessment_is_logged(as_a, clinician_a, client1):
    assessment = AssessmentFactory(client=client1, clinician=clinician_a)
    response = as_a.get(f"/assessments/{assessment.pk}/", REMOTE_ADDR="203.0.113.6")
    assert response.status_code == 200
    assert_one_access(
        user=clinician_a.user,
        client=client1,
        kind="assessment",
        object_id=assessment.pk,
        address="203.0.113.6",
    )


def test_viewing_a_photo_is_logged(as_b, clinician_a, clinician_b, client1, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    assessment = AssessmentFactory(client=client1, clinician=clinician_a)
    record_hip_drop(assessment, side="left", drop_deg=4, by=clinician_a)
    photo = assessment.photos.get()
    response = as_b.get(f"/assessments/photos/{photo.key}/", REMOTE_ADDR="2001:db8::1")
    assert response.status_code == 200
    assert_one_access(
        user=clinician_b.user,
        client=client1,
        kind="photo",
        object_id=photo.pk,
        address="2001:db8::1",
    )


def test_a_strangers_refused_view_is_not_logged_as_a_view(as_c, client1):
    assert as_c.get(f"/clients/{client1.pk}/").status_code == 404
    assert not AccessEvent.objects.exists()


def test_the_forwarded_address_counts_only_behind_a_proxy(as_a, client1, settings):
    headers = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "192.0.2.99, 203.0.113.9"}
    settings.BEHIND_PROXY = False
    as_a.get(f"/clients/{client1.pk}/", **headers)
    settings.BEHIND_PROXY = True
    as_a.get(f"/clients/{client1.pk}/", **headers)
    # The proxy appends the address it saw; the first entries came from the client.
    assert list(AccessEvent.objects.order_by("pk").values_list("ip_address", flat=True)) == [
        "10.0.0.2",
        "203.0.113.9",
    ]


# --- the trail page --------------------------------------------------------------------


def test_a_clinic_admin_sees_who_viewed_and_who_changed(as_admin, as_a, client1, item):
    as_a.get(f"/clients/{client1.pk}/", REMOTE_ADDR="203.0.113.5")
    ProgramItem.objects.filter(pk=item.pk).update(sets=4)

    response = as_admin.get(trail_url(client1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ann A" in page
    assert "viewed the client record" in page
    assert "from 203.0.113.5" in page
    assert "changed a programme item" in page
    assert "2 → 4" in page


def test_the_record_links_the_trail_for_clinic_admins_only(as_admin, as_a, client1):
    assert trail_url(client1) in as_admin.get(f"/clients/{client1.pk}/").content.decode()
    assert trail_url(client1) not in as_a.get(f"/clients/{client1.pk}/").content.decode()


def test_it_shows_this_month_by_default_and_any_period_on_request(as_admin, client1, clinician_b):
    long_ago = timezone.now() - timedelta(days=400)
    looked_at(client1, by=clinician_b.user, at=long_ago, label="an old look")
    assert "an old look" not in as_admin.get(trail_url(client1)).content.decode()
    since = (long_ago - timedelta(days=1)).date().isoformat()
    until = (long_ago + timedelta(days=1)).date().isoformat()
    response = as_admin.get(trail_url(client1), {"since": since, "until": until})
    assert "an old look" in response.content.decode()


def test_it_filters_by_person(as_admin, as_a, as_b, client1, clinician_a):
    as_a.get(f"/clients/{client1.pk}/")
    as_b.get(f"/clients/{client1.pk}/")
    page = as_admin.get(trail_url(client1), {"who": clinician_a.user.pk}).content.decode()
    assert "Ann A</span>" in page
    assert "Ben B</span>" not in page


def test_it_says_what_is_wrong_with_a_period_and_keeps_it(as_admin, client1):
    response = as_admin.get(trail_url(client1), {"since": "2026-05-10", "until": "2026-05-01"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "cannot be before its start" in page
    assert 'value="2026-05-10"' in page


def test_a_clinician_who_is_not_an_admin_is_refused(as_a, as_viewer, client1):
    assert as_a.get(trail_url(client1)).status_code == 403
    assert as_viewer.get(trail_url(client1)).status_code == 403


def test_a_stranger_clinics_admin_gets_404(clinic2, client1):
    other_admin = ClinicianFactory(clinic=clinic2, role="admin")
    assert _signed_in(other_admin.user).get(trail_url(client1)).status_code == 404


def test_a_client_gets_404(as_client1, client1):
    assert as_client1.get(trail_url(client1)).status_code == 404


def test_it_rejects_post(as_admin, client1):
    assert as_admin.post(trail_url(client1)).status_code == 405


def test_htmx_gets_the_entries_only(as_admin, as_a, client1):
    as_a.get(f"/clients/{client1.pk}/")
    response = as_admin.get(trail_url(client1), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert 'id="trail-entries"' in page
    assert "<html" not in page


def test_it_pages_newest_first(as_admin, client1, clinician_a, settings):
    settings.TRAIL_ENTRIES_PER_PAGE = 2
    now = timezone.now()
    for minutes, label in [(3, "oldest look"), (2, "middle look"), (1, "newest look")]:
        looked_at(client1, by=clinician_a.user, at=now - timedelta(minutes=minutes), label=label)
    by_ann = {"who": clinician_a.user.pk}
    first = as_admin.get(trail_url(client1), by_ann).content.decode()
    assert first.index("newest look") < first.index("middle look")
    assert "oldest look" not in first
    second = as_admin.get(trail_url(client1), {**by_ann, "page": 2}).content.decode()
    assert "oldest look" in second
    assert "newest look" not in second


def test_the_query_count_does_not_grow_with_entries(
    as_admin, as_a, client1, clinician_a, item, django_assert_num_queries
):
    as_a.get(f"/clients/{client1.pk}/")
    with CaptureQueriesContext(connection) as few:
        as_admin.get(trail_url(client1))
    queries = len(few.captured_queries)  # now: later requests reset the query log
    for _ in range(5):
        as_a.get(f"/clients/{client1.pk}/")
    AssessmentFactory(client=client1, clinician=clinician_a)
    ProgramItem.objects.filter(pk=item.pk).update(sets=6)
    ProgramItemFactory(program=item.program)
    with django_assert_num_queries(queries):
        response = as_admin.get(trail_url(client1))
    assert response.content.decode().count('class="list-group-item"') > 10


# --- nobody edits or deletes the trail -------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_access_log_and_events_refuse_update_and_delete(as_a, client1, item):
    # Transactional on purpose: the test database is then emptied by TRUNCATE, which the
    # row triggers must not block (the next test starts from nothing).
    as_a.get(f"/clients/{client1.pk}/")
    access = AccessEvent.objects.get()
    event = ProgramItemEvent.objects.filter(pgh_obj_id=item.pk).first()
    attempts = [
        lambda: access.delete(),
        lambda: AccessEvent.objects.update(label="nothing to see"),
        lambda: AccessEvent.objects.all().delete(),
        lambda: event.delete(),
        lambda: ProgramItemEvent.objects.update(sets=1),
        lambda: ClientEvent.objects.all().delete(),
        lambda: ClientEvent.objects.filter(pgh_obj_id=client1.pk).update(notes="rewritten"),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
            attempt()
    assert AccessEvent.objects.get().label == "Cora Client"
    assert ProgramItemEvent.objects.filter(pk=event.pk).exists()


def test_the_admin_shows_the_trail_read_only(as_superuser, as_a, client1):
    as_a.get(f"/clients/{client1.pk}/")
    access = AccessEvent.objects.get()
    event = ClientEvent.objects.filter(pgh_obj_id=client1.pk).first()
    assert as_superuser.get("/admin/physio/accessevent/").status_code == 200
    assert as_superuser.get("/admin/physio/clientevent/").status_code == 200
    view = as_superuser.get(f"/admin/physio/accessevent/{access.pk}/change/")
    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()
    for url in [
        f"/admin/physio/accessevent/{access.pk}/delete/",
        f"/admin/physio/clientevent/{event.pk}/delete/",
        "/admin/physio/accessevent/add/",
        "/admin/programs/programitemevent/add/",
    ]:
        assert as_superuser.post(url, {"post": "yes"}).status_code == 403, url
    posted = as_superuser.post(
        f"/admin/physio/accessevent/{access.pk}/change/", {"label": "edited"}
    )
    assert posted.status_code == 403
    assert AccessEvent.objects.get().label == "Cora Client"


def test_the_purge_command_removes_only_entries_before_the_date(as_a, client1, clinician_a):
    as_a.get(f"/clients/{client1.pk}/")
    looked_at(
        client1, by=clinician_a.user, at=timezone.now() - timedelta(days=3000), label="long ago"
    )
    events = ClientEvent.objects.count()
    out = io.StringIO()
    day = (timezone.localdate() - timedelta(days=365)).isoformat()
    call_command("trail_purge", before=day, stdout=out)
    assert "Purged 1 access-log entries and 0 change events" in out.getvalue()
    assert list(AccessEvent.objects.values_list("label", flat=True)) == ["Cora Client"]
    assert ClientEvent.objects.count() == events
    call_command("trail_purge", before=timezone.localdate().isoformat(), stdout=out)
    # Events of today stay; the protection is back once the command is done.
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AccessEvent.objects.all().delete()


@pytest.mark.parametrize(
    ("what", "said"),
    [("exercise log", "an exercise log"), ("programme item", "a programme item")],
)
def test_an_entry_says_what_changed_with_its_article(what, said):
    entry = trail.Entry(
        source="change",
        at=timezone.now(),
        who=None,
        what=what,
        object_id="1",
        action="insert",
        label="",
        address="",
        via="",
    )
    assert entry.a_what == said
