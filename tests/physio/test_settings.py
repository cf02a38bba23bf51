"""Deploy-time settings: production values pass Django's deploy checks, and the CSP holds."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_values():
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests allow async-unsafe ORM calls in this process; production does not.
        if key not in {"DEBUG", "HTTPS", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {
            "SECRET_KEY": "k" * 20 + "production-secret-key-that-is-long-and-random-7Yq!",
            "ALLOWED_HOSTS": "physio.example.org",
            # Any reachable database will do; check --deploy does not write to it.
            "DATABASE_URL": os.environ.get("DATABASE_URL")
            or "postgres://postgres@127.0.0.1:5432/postgres",
        }
    )
    if not os.environ.get("DATABASE_URL"):
        db = settings.DATABASES["default"]
        env["DATABASE_URL"] = f"postgres://{db['USER']}@/{db['NAME']}?host={db['HOST']}"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_secret_key_is_required_without_debug():
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/postgres"
    result = subprocess.run(
        [sys.executable, "-c", "import django; import physio.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    directives = dict(
        part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"


def test_no_template_has_inline_script_or_style_attributes():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for line_no, line in enumerate(text.splitlines(), 1):
            stripped = line.strip()
            if "<script" in stripped and "src=" not in stripped:
                offenders.append(f"{path}:{line_no}")
            if " style=" in stripped or " hx-on" in stripped:
                offenders.append(f"{path}:{line_no}")
    assert offenders == []


def start_up(**variables) -> subprocess.CompletedProcess:
    """Import the settings in a fresh process with these variables set."""
    env = dict(os.environ, DEBUG="1", DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres")
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", "import physio.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_misspelt_on_off_value_stops_the_start_naming_the_variable_and_the_words():
    result = start_up(DEBUG="ture")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG='ture' is not understood" in result.stderr
    assert "1, true, yes, on for on; 0, false, no, off or empty for off" in result.stderr


def test_a_number_that_is_not_a_number_stops_the_start():
    result = start_up(INVITATION_DAYS="seven")
    assert result.returncode != 0
    assert "INVITATION_DAYS='seven' is not understood: use a whole number" in result.stderr
    result = start_up(ASSESSMENT_SDD_DEG="8 degrees")
    assert result.returncode != 0
    assert "ASSESSMENT_SDD_DEG='8 degrees' is not understood: use a number" in result.stderr


def test_the_helpers_read_every_accepted_word_and_fall_back_only_when_unset(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from physio.settings import envbool, envfloat, envint

    for word in ["1", "true", "Yes", " ON "]:
        monkeypatch.setenv("SOME_FLAG", word)
        assert envbool("SOME_FLAG", False) is True
    for word in ["0", "false", "No", "off", ""]:
        monkeypatch.setenv("SOME_FLAG", word)
        assert envbool("SOME_FLAG", word == "") is (word == "")
    monkeypatch.delenv("SOME_FLAG")
    assert envbool("SOME_FLAG", True) is True
    for bad in ["ture", "2", "y", "enabled"]:
        monkeypatch.setenv("SOME_FLAG", bad)
        with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
            envbool("SOME_FLAG", False)

    monkeypatch.setenv("SOME_NUMBER", " 42 ")
    assert envint("SOME_NUMBER", 7) == 42
    monkeypatch.setenv("SOME_NUMBER", "")
    assert envint("SOME_NUMBER", 7) == 7
    for bad in ["4.5", "ten", "1e3"]:
        monkeypatch.setenv("SOME_NUMBER", bad)
        with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
            envint("SOME_NUMBER", 7)
    monkeypatch.setenv("SOME_NUMBER", "13.5")
    assert envfloat("SOME_NUMBER", 1.0) == 13.5
    monkeypatch.setenv("SOME_NUMBER", "lots")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        envfloat("SOME_NUMBER", 1.0)
