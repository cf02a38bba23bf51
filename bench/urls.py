"""The bench's urlconf: the app's URLs and the trivial full page the targets compare with.

The trivial page lives here, not in the app: a signed-in view rendering ``base.html``
with nothing in it, through the same middleware and context processors as every page.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


def empty_page(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


urlpatterns = [
    path("bench/empty-page/", empty_page, name="bench-empty-page"),
    path("", include("physio.urls")),
]
