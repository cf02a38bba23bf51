"""Where shared state lives: Redis with REDIS_URL, the database or each process without."""

import json
import os
import subprocess
import sys

from tests.production.conftest import ROOT


def settings_with(**variables) -> dict:
    script = (
        "import json, physio.settings as s;"
        "print(json.dumps({'caches': {k: v['BACKEND'] for k, v in s.CACHES.items()},"
        " 'prefixes': {k: v.get('KEY_PREFIX', '') for k, v in s.CACHES.items()},"
        " 'axes': getattr(s, 'AXES_HANDLER', 'axes.handlers.database.AxesDatabaseHandler'),"
        " 'axes_cache': getattr(s, 'AXES_CACHE', 'default'),"
        " 'ratelimit': s.RATELIMIT_USE_CACHE}))"
    )
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres", **variables)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_with_redis_every_cache_the_throttles_and_the_rate_limits_use_it():
    state = settings_with(REDIS_URL="redis://redis.internal:6379/0")
    redis = "django.core.cache.backends.redis.RedisCache"
    assert state["caches"] == {"default": redis, "fragments": redis, "shared": redis}
    assert sorted(state["prefixes"].values()) == ["default", "fragments", "shared"]
    assert state["axes"] == "axes.handlers.cache.AxesCacheHandler"
    assert state["axes_cache"] == "shared"
    assert state["ratelimit"] == "shared"


def test_without_redis_counts_live_in_the_database_and_fragments_in_each_process():
    state = settings_with()
    assert state["caches"] == {
        "default": "django.core.cache.backends.locmem.LocMemCache",
        "fragments": "django.core.cache.backends.locmem.LocMemCache",
        "shared": "django.core.cache.backends.db.DatabaseCache",
    }
    assert state["axes"] == "axes.handlers.database.AxesDatabaseHandler"
    assert state["ratelimit"] == "shared"
