"""FRAGMENT_CACHE_SECONDS is the lifetime of every entry in the fragment cache."""

import time

import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.exercises.factories import ExerciseFactory


@pytest.fixture
def fragments(settings):
    settings.FRAGMENT_CACHE_SECONDS = 120
    cache = caches["fragments"]
    cache.clear()
    yield cache
    cache.clear()


def lifetimes(cache) -> dict[str, float]:
    """Seconds left for each entry (LocMemCache keeps each key's expiry time)."""
    now = time.time()
    return {key: expiry - now for key, expiry in cache._expire_info.items()}


def test_library_cards_live_as_long_as_the_setting_says(as_a, fragments):
    ExerciseFactory(name="Clam shell")
    assert as_a.get(reverse("exercises:library")).status_code == 200
    left = lifetimes(fragments)
    assert left, "the library cached no card"
    assert all(0 < seconds <= 120 for seconds in left.values()), left
