import os
import shutil
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by fixtures in that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Tests use production's manifest storage, so collect static files once,
    into this run's own folder: two runs side by side never rewrite each
    other's manifest halfway through a test."""
    from django.conf import settings

    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def own_pdf_slots(tmp_path_factory):
    """PDF slots are machine-wide lock files: this run gets its own, so a test
    that fills them never makes another run's PDFs "busy"."""
    from django.conf import settings

    settings.PDF_SLOT_DIR = tmp_path_factory.mktemp("pdf-slots")


def all_pdf_slots_taken():
    """A context manager holding every PDF slot, as if the site were busy."""
    from contextlib import ExitStack

    from django.conf import settings

    from plans import bounded

    stack = ExitStack()
    for _ in range(settings.PDF_SLOTS):
        stack.enter_context(bounded.slot(settings.PDF_SLOT_DIR, settings.PDF_SLOTS))
    return stack


@pytest.fixture(autouse=True)
def english_first():
    """Each test starts in English, whatever the last request activated:
    ``reverse`` gives /es/… addresses while Spanish is active."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """A test's rolled-back content never reaches the next test's pages."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(autouse=True)
def no_plan_left_open():
    """A plan's data key opened by one test never leaks into the next."""
    from plans import crypto

    crypto.active_key.set(None)
    yield
    crypto.active_key.set(None)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, but static files come from WhiteNoise.

    pytest-django serves /static/ through staticfiles' finders, which know
    nothing of the hashed names that production's manifest storage writes.
    Passing requests straight through lets WhiteNoise serve the collected
    files, exactly as it does in production.
    """
    from django.test.testcases import LiveServerThread
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread = LiveServerThread(
        "localhost",
        static_handler=lambda handler: handler,
        connections_override=server.thread.connections_override,
    )
    server.thread.daemon = True
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real guide and checklist content once for the whole run."""
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)


@pytest.fixture
def content(db):
    """The real content. Transactional tests empty the database when they end,
    so a later one loads it again."""
    from guide.models import Section

    if not Section.objects.exists():
        call_command("load_content", verbosity=0)


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        reason = "No Chromium found on PATH (install Debian's 'chromium' or set CHROMIUM_PATH)."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    # Web-first assertions wait for the page to settle; allow for a loaded machine.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _open_page(browser, live_server, **context_args):
    context = browser.new_context(base_url=live_server.url, **context_args)
    context.set_default_timeout(10_000)
    page = context.new_page()
    foreign = []
    origin = urlsplit(live_server.url).netloc

    def note_request(request):
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https"} and parts.netloc != origin:
            foreign.append(request.url)

    page.on("request", note_request)
    return context, page, foreign


@pytest.fixture
def page(browser, live_server):
    """A JavaScript-enabled page on the live server that may only talk to it."""
    context, page, foreign = _open_page(browser, live_server)
    yield page
    context.close()
    assert foreign == [], f"requests to other origins: {foreign}"


@pytest.fixture
def page_without_js(browser, live_server):
    context, page, foreign = _open_page(browser, live_server, java_script_enabled=False)
    yield page
    context.close()
    assert foreign == [], f"requests to other origins: {foreign}"


def expect_no_sideways_scroll(page) -> None:
    """Wait (as expect() does) until the page is no wider than its window."""
    page.wait_for_function(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth",
        timeout=5_000,
    )


def assert_no_axe_violations(page) -> None:
    """axe on a settled page: no htmx request in flight, nothing busy, no
    indicator fading in (a half-faded "Saving…" would fail colour contrast)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    page.wait_for_load_state("load")
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    expect(page.locator("[aria-busy='true']")).to_have_count(0)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def plan_in(page):
    """The plan this browser holds, opened as the site opens it: from the
    device key in its session cookie (nothing else can open a sealed plan)."""
    from importlib import import_module

    from django.conf import settings

    from plans import access

    cookie = next(
        (c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME), None
    )
    if cookie is None:
        return None
    session = import_module(settings.SESSION_ENGINE).SessionStore(cookie["value"])
    device = session.get(access.SESSION_KEY)
    return access.find_plan_by_device(device) if device else None
