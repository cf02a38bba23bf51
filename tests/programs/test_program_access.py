"""Every clinician page of programmes, for every persona.

- a clinician of the clinic reaches it;
- a clinician of another clinic gets 404 (never a hint that it exists);
- a client with a portal account gets 404, even for their own programme;
- a read-only member reads but gets 403 on every write;
- the wrong method gets 405.
"""

import pytest
from django.urls import reverse

from tests.programs.factories import (
    ExerciseFactory,
    ProgramFactory,
    ProgramItemFactory,
    ProgramTemplateFactory,
    ProgressionFactory,
)


@pytest.fixture
def world(client1, clinic1):
    program = ProgramFactory(client=client1)
    item = ProgramItemFactory(program=program)
    harder = ProgressionFactory(easier=item.exercise).harder
    template = ProgramTemplateFactory(clinic=clinic1)
    return {
        "client": client1.pk,
        "program": program.pk,
        "item": item.pk,
        "harder": harder.pk,
        "exercise": ExerciseFactory().pk,
        "template": template.pk,
    }


# (URL name, argument keys, read or write, allowed methods)
PAGES = [
    ("client-section", ["client"], "read", {"GET"}),
    ("program-create", ["client"], "write", {"GET", "POST"}),
    ("program-from-template", ["client"], "write", {"GET", "POST"}),
    ("builder", ["program"], "read", {"GET"}),
    ("program-edit", ["program"], "write", {"GET", "POST"}),
    ("library-search", ["program"], "read", {"GET"}),
    ("item-add", ["program"], "write", {"POST"}),
    ("items-reorder", ["program"], "write", {"POST"}),
    ("item-detail", ["program", "item"], "read", {"GET"}),
    ("item-edit", ["program", "item"], "write", {"GET", "POST"}),
    ("item-move", ["program", "item"], "write", {"POST"}),
    ("item-remove", ["program", "item"], "write", {"POST"}),
    ("item-swap", ["program", "item"], "write", {"POST"}),
    ("template-save", ["program"], "write", {"GET", "POST"}),
    ("handout", ["program"], "read", {"GET"}),
    ("handout-pdf", ["program"], "read", {"GET"}),
    ("template-detail", ["template"], "read", {"GET"}),
    ("template-delete", ["template"], "write", {"POST"}),
]
IDS = [page[0] for page in PAGES]


def _call(http, world, name, keys, method):
    url = reverse(f"programs:{name}", args=[world[key] for key in keys])
    data = {"exercise": world["harder"] if name == "item-swap" else world["exercise"]}
    if method == "GET":
        return http.get(url, {"q": "exercise"})
    return http.post(url, data)


def _method(methods):
    return "GET" if "GET" in methods else "POST"


@pytest.mark.parametrize(("name", "keys", "kind", "methods"), PAGES, ids=IDS)
def test_a_clinician_of_the_clinic_reaches_it(as_b, world, name, keys, kind, methods):
    response = _call(as_b, world, name, keys, _method(methods))
    assert response.status_code in {200, 302}


@pytest.mark.parametrize(("name", "keys", "kind", "methods"), PAGES, ids=IDS)
def test_another_clinic_gets_404(as_c, world, name, keys, kind, methods):
    for method in methods:
        assert _call(as_c, world, name, keys, method).status_code == 404


@pytest.mark.parametrize(("name", "keys", "kind", "methods"), PAGES, ids=IDS)
def test_a_client_gets_404(as_client1, world, name, keys, kind, methods):
    for method in methods:
        assert _call(as_client1, world, name, keys, method).status_code == 404


@pytest.mark.parametrize(("name", "keys", "kind", "methods"), PAGES, ids=IDS)
def test_a_viewer_reads_but_cannot_write(as_viewer, world, name, keys, kind, methods):
    status = _call(as_viewer, world, name, keys, _method(methods)).status_code
    assert status in ({403} if kind == "write" else {200, 302})


@pytest.mark.parametrize(("name", "keys", "kind", "methods"), PAGES, ids=IDS)
def test_the_wrong_method_gets_405(as_a, world, name, keys, kind, methods):
    url = reverse(f"programs:{name}", args=[world[key] for key in keys])
    for method in {"GET", "POST"} - methods:
        assert getattr(as_a, method.lower())(url).status_code == 405
    assert as_a.delete(url).status_code == 405


def test_the_template_list_is_for_clinicians(as_a, as_client1, as_viewer):
    url = reverse("programs:template-list")
    assert as_a.get(url).status_code == 200
    assert as_viewer.get(url).status_code == 200
    assert as_client1.get(url).status_code == 404
    assert as_a.post(url).status_code == 405
