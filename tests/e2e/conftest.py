"""Real Chromium through Playwright against pytest-django's live server.

The browser is the Debian ``chromium`` binary (or ``CHROMIUM_PATH``). Outside CI a
missing browser skips these tests with a message; under CI (``CI`` set) it fails.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still plain synchronous code, so Django's async guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 375, "height": 740}


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = (
            "Chromium not found: install the Debian package `chromium` "
            "(apt-get install chromium) or set CHROMIUM_PATH."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--autoplay-policy=no-user-gesture-required",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, transactional_db):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, email: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> Path:
    """Keep a screenshot under var/screenshots for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


_AXE = None
# Skipped heading levels are only "moderate" to axe-core, but they break navigating a
# page by its headings with a screen reader, so they fail too.
ALSO_FAILING = {"heading-order"}


def accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical violations (and skipped heading levels) on the
    page as it is now, one line per element: rule id, impact, the element's selector and
    what is wrong. axe-core comes inside the axe-playwright-python wheel: no network."""
    global _AXE
    if _AXE is None:
        from axe_playwright_python.sync_playwright import Axe

        _AXE = Axe()
    page.wait_for_load_state("networkidle")  # htmx sections are in place
    results = _AXE.run(page).response
    problems = []
    for violation in results["violations"]:
        if (
            violation["impact"] not in {"serious", "critical"}
            and violation["id"] not in ALSO_FAILING
        ):
            continue
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            problems.append(
                f"{violation['id']} ({violation['impact']}) at {node['target']}: "
                f"{violation['help']}. {summary}"
            )
    return problems


def assert_accessible(page) -> None:
    """Fail on any serious or critical axe-core violation, listing each with its place."""
    problems = accessibility_problems(page)
    assert problems == [], f"{page.url}:\n" + "\n".join(problems)
