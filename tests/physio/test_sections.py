"""A section of the record, dashboard or portal home with a wrong URL name fails loudly."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import NoReverseMatch, reverse

from physio import sections
from physio.checks import section_url_names
from physio.sections import Section, resolve_sections


@pytest.fixture
def misnamed(monkeypatch):
    """The record's assessments section pointing at a URL name nobody has."""
    record = [
        Section("assessments", "Assessments", "assessments:client-sectoin"),
        *sections.CLIENT_RECORD_SECTIONS[1:],
    ]
    monkeypatch.setitem(sections.PAGES, "client record", (record, (1,)))
    return record


def test_every_real_section_loads_from_a_url_that_exists():
    assert section_url_names(None) == []


def test_the_check_names_the_page_the_section_and_the_wrong_url_name(misnamed):
    errors = section_url_names(None)
    assert [error.id for error in errors] == ["physio.E001"]
    assert "client record" in errors[0].msg
    assert "'assessments'" in errors[0].msg
    assert "'assessments:client-sectoin'" in errors[0].msg


def test_start_up_stops_on_a_wrong_url_name(misnamed):
    with pytest.raises(SystemCheckError, match="physio.E001"):
        call_command("check")


def test_resolving_a_wrong_url_name_raises_instead_of_showing_an_empty_section(misnamed):
    with pytest.raises(NoReverseMatch):
        resolve_sections(misnamed, 1)


def test_the_record_loads_each_section_from_its_url(as_a, client1):
    body = as_a.get(reverse("physio:client-detail", args=[client1.pk])).content.decode()
    for section in sections.CLIENT_RECORD_SECTIONS:
        assert f'hx-get="{reverse(section.url_name, args=[client1.pk])}"' in body
