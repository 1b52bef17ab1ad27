"""Browser tests: Playwright for Python driving the system Chromium against a live server.

Without Chromium the tests skip with the reason; with ``E2E_REQUIRED=1`` (CI) they fail.
"""

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1280, "height": 900}
GUIDE_VIEWPORT = {"width": 1280, "height": 800}
GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images" / "guide"
MOBILE = {"width": 320, "height": 640}


def chromium_path():
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if os.path.exists(configured) else None
    return shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        reason = "Chromium introuvable (installez le paquet Debian chromium ou définissez CHROMIUM_PATH)"
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(reason + " ; E2E_REQUIRED=1 exige les tests navigateur.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _new_page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="fr-FR", timezone_id="Europe/Paris", bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, DESKTOP)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser, live_server):
    context, page = _new_page(browser, MOBILE)
    page.base_url = live_server.url
    yield page
    context.close()


def assert_accessible(page):
    """axe-core (WCAG 2.1 A/AA rules) finds no violation on the page as it is now, and the page reflows: no
    horizontal scrolling of the whole page at its width (WCAG 1.4.10; a wide figure scrolls in its own region)."""
    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}},
    )
    assert results.violations_count == 0, results.generate_report()
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"la page défile horizontalement : {widths[0]} px de contenu pour {widths[1]} px"


def submit_admin_login(page, username, password):
    """Fills Wagtail's login form (already open) as an editor does, by its labels, and sends it."""
    page.get_by_label(re.compile("utilisateur", re.IGNORECASE)).fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name=re.compile("identifier", re.IGNORECASE)).click()


@pytest.fixture
def axe():
    return assert_accessible


class GuideScreenshots:
    """Saves the screenshots of ``docs/guide-redaction.md``, only when ``GUIDE_SCREENSHOTS=1`` (``make
    guide-screenshots``): ordinary runs walk the same journeys and assert the same things without rewriting
    the committed images. Images are reduced to 128 colours, which keeps text sharp and files small."""

    def __init__(self, enabled, directory=GUIDE_IMAGES):
        self.enabled = enabled
        self.directory = directory

    def __call__(self, target, name, **options):
        """``target`` is a page (its viewport, or ``clip``) or a locator (that element only)."""
        if not self.enabled:
            return
        from PIL import Image

        png = target.screenshot(animations="disabled", **options)
        image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=128)
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"{name}.png"
        image.save(path, optimize=True)


@pytest.fixture
def guide_screenshot():
    return GuideScreenshots(os.environ.get("GUIDE_SCREENSHOTS") == "1")


@pytest.fixture
def guide_page(browser, live_server):
    """A desktop page at the guide's screenshot size, for journeys through the page editor.

    The editor pings and releases its editing session in the background (a beacon when the page is left); one
    still in flight when the test database is flushed locks SQLite's session table. So the page is left for a
    blank one, with a moment for that beacon, before the flush."""
    context, page = _new_page(browser, GUIDE_VIEWPORT)
    page.base_url = live_server.url
    yield page
    page.goto("about:blank")
    page.wait_for_timeout(300)
    context.close()
