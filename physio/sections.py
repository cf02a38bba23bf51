"""Sections of the client record that other apps render themselves.

The record page in ``physio`` is a shell: each section is loaded by htmx from a
URL *name*, so ``physio`` never imports the apps that fill it. A section whose
URL name does not exist yet shows a placeholder.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    url_name: str
    empty_text: str


CLIENT_RECORD_SECTIONS = [
    Section("assessments", "Assessments", "assessments:client-section", "No assessments yet."),
    Section("programmes", "Programmes", "programs:client-section", "No programmes yet."),
    Section("activity", "Activity", "programs:client-activity", "No activity logged yet."),
]

DASHBOARD_SECTIONS = [
    Section("attention", "Needs attention", "programs:open-flags", "Nothing to review."),
    Section(
        "adherence", "Adherence, last four weeks", "programs:clinic-adherence", "No sessions due."
    ),
]

PORTAL_SECTIONS = [
    Section("today", "Today", "programs:portal-today-section", "Your programme will appear here."),
]


def resolve_sections(sections, *args):
    """Each section with the URL it loads from, or None where no app provides it yet."""
    resolved = []
    for section in sections:
        try:
            url = reverse(section.url_name, args=args)
        except NoReverseMatch:
            url = None
        resolved.append((section, url))
    return resolved
