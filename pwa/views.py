"""The installable portal: the web app manifest and the service worker.

Both are served by views, not as static files: the worker must sit at the site's root
to control the portal's pages (``Service-Worker-Allowed: /`` says so explicitly), and
both carry URLs that only the URL configuration and the static storage know.
"""

import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

# Videos the client played are kept for offline use up to this many bytes in all.
VIDEO_CACHE_BYTES = 150 * 1024 * 1024
# A single video larger than this is never kept (it would push all the others out).
VIDEO_MAX_BYTES = 60 * 1024 * 1024

# What every portal page needs, fetched when the worker installs.
SHELL = [
    "bootstrap/css/bootstrap.min.css",
    "bootstrap/js/bootstrap.bundle.min.js",
    "django_htmx/htmx-2.min.js",
    "css/physio.css",
    "css/portal.css",
    "js/early.js",
    "js/physio.js",
    "js/portal.js",
    "js/pwa.js",
    "img/favicon.svg",
    "pwa/icon-192.png",
]


@login_not_required
@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": "physio: my exercises",
        "short_name": "physio",
        "description": "Your home exercise programme: today's exercises, logging, messages.",
        "id": reverse("physio:portal-home"),
        "start_url": reverse("physio:portal-home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0f5e63",
        "icons": [
            {"src": static("pwa/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("pwa/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("pwa/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _worker_source() -> str:
    config = {
        "today": reverse("programs:portal-today"),
        "home": reverse("physio:portal-home"),
        "todaySection": reverse("programs:portal-today-section"),
        "shell": [static(path) for path in SHELL],
        "staticPrefix": static(""),
        "mediaPrefix": reverse("exercises:media-file", args=[0, "file"]).split("0/file/")[0],
        "videoCacheBytes": VIDEO_CACHE_BYTES,
        "videoMaxBytes": VIDEO_MAX_BYTES,
    }
    body = render_to_string("pwa/sw.js", {"config": json.dumps(config, indent=2)})
    # A new version whenever the worker or what it caches changes: old caches are dropped.
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    return body.replace("__VERSION__", version)


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # The browser checks for a new worker on every visit.
    response["Cache-Control"] = "no-cache"
    return response
