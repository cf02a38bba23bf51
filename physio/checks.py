"""System checks run at start-up (runserver, migrate, check, every management command)."""

from django.core.checks import Error, Tags, register
from django.urls import NoReverseMatch, reverse

from physio.sections import PAGES


@register(Tags.urls)
def section_url_names(app_configs, **kwargs) -> list[Error]:
    """Every section of the record, dashboard and portal home loads from a URL that exists."""
    errors = []
    for page, (sections, args) in PAGES.items():
        for section in sections:
            try:
                reverse(section.url_name, args=args)
            except NoReverseMatch:
                errors.append(
                    Error(
                        f"The {page}'s section {section.key!r} loads from the URL name "
                        f"{section.url_name!r}, which no URL pattern has.",
                        hint="Fix the name in physio/sections.py or add the URL to its app.",
                        obj=f"physio.sections.{section.key}",
                        id="physio.E001",
                    )
                )
    return errors
