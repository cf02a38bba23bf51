"""Sections of the client record that other apps render themselves.

The record page in ``physio`` is a shell: each section is loaded by htmx from a
URL *name*, so ``physio`` never imports the apps that fill it. A section whose
URL name does not exist is an error: the system check in ``physio/checks.py`` stops
the start, and ``resolve_sections`` raises ``NoReverseMatch`` (never a placeholder
that reads like an empty record).
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    url_name: str


CLIENT_RECORD_SECTIONS = [
    Section("assessments", "Assessments", "assessments:client-section"),
    Section("programmes", "Programmes", "programs:client-section"),
    Section("activity", "Activity", "programs:client-activity"),
    Section("messages", "Messages", "messaging:client-messages"),
    Section("outcomes", "Outcome measures", "outcomes:client-section"),
]

DASHBOARD_SECTIONS = [
    # Clients waiting for an answer come first: they are the ones who asked.
    Section("messages", "Messages waiting", "messaging:unread"),
    Section("attention", "Needs attention", "programs:open-flags"),
    Section("adherence", "Adherence, last four weeks", "programs:clinic-adherence"),
    Section("worse", "Scores worse by the MCID or more", "outcomes:worsened"),
]

PORTAL_SECTIONS = [
    Section("today", "Today", "programs:portal-today-section"),
    Section("questionnaires", "Questionnaires", "outcomes:portal-section"),
]


# The arguments each page reverses its sections with (a sample, for the system check).
PAGES = {
    "client record": (CLIENT_RECORD_SECTIONS, (1,)),
    "dashboard": (DASHBOARD_SECTIONS, ()),
    "portal home": (PORTAL_SECTIONS, ()),
}


def resolve_sections(sections, *args):
    """Each section with the URL it loads from; a wrong URL name raises NoReverseMatch."""
    return [(section, reverse(section.url_name, args=args)) for section in sections]
