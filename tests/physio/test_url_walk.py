"""Every URL in the project, taken from the resolver, refuses anonymous visitors.

New views are covered without editing this file: a view that is not in PUBLIC must
answer an anonymous GET with a redirect to the sign-in page.
"""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Deliberately public: signing in, password reset, invitation links, and what the
# installable portal and calendar apps fetch without a session.
PUBLIC = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation-accept",
    "sign-in-link",
    "sign-in-link-use",
    "admin:login",
    # A calendar app cannot sign in: the secret address is the key (unknown ones 404).
    "calendars:feed",
    # The browser fetches the app manifest and the service worker without cookies.
    "pwa:manifest",
    "pwa:service-worker",
}

SAMPLE = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "uuid": "00000000-0000-4000-8000-000000000001",
    "path": "a/b",
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, prefix + _route(entry), ns)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), prefix + _route(entry)


def _route(entry) -> str:
    pattern = entry.pattern
    route = getattr(pattern, "_route", None)
    if route is None:  # a regex pattern (the admin uses a few)
        regex = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
        return regex
    for name, converter in getattr(pattern, "converters", {}).items():
        kind = type(converter).__name__.replace("Converter", "").lower()
        value = SAMPLE.get(kind, "1")
        route = route.replace(f"<{kind}:{name}>", value).replace(f"<{name}>", value)
    return route


def _urls():
    seen = set()
    for name, route in _walk(get_resolver().url_patterns):
        if "(?P" in route or "(" in route:  # regex routes with groups: fill what we can
            continue
        url = "/" + route
        if url not in seen:
            seen.add(url)
            yield name, url


ALL_URLS = list(_urls())


def test_the_walk_finds_the_project_views():
    names = {name for name, _ in ALL_URLS}
    assert {"physio:client-list", "physio:client-detail", "admin:index", "home"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url"), ALL_URLS, ids=[url for _, url in ALL_URLS])
def test_anonymous_is_sent_to_sign_in(client, name, url):
    response = client.get(url)
    if name in PUBLIC:
        assert response.status_code in {200, 302, 404, 405, 410}
        return
    assert response.status_code == 302, f"{url} answered {response.status_code}"
    # The admin keeps its own sign-in page for curators; everything else uses ours.
    sign_in_pages = (resolve_url(settings.LOGIN_URL), reverse("admin:login"))
    location = response["Location"]
    assert location.startswith(sign_in_pages), f"{url} redirected to {location}"
