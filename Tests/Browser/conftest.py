"""Fixtures for the browser tests: the built otel-report binary, Debian's Chromium driven by
Playwright (never `playwright install`: no download), and the example rendered once per run.

The tests skip, saying why, when Chromium or Playwright is absent; Scripts/test.sh treats
"nothing ran" as a failure only when Chromium is present."""
import json
import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "recommendation-cache")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
GENERATED_AT = "2026-01-15T12:00:00Z"
# The walkthrough's two searches (the OpenTelemetry demo's recommendation-cache scenario).
WALKTHROUGH_A = "service=recommendationservice app.cache_hit=true"
WALKTHROUGH_B = "service=recommendationservice app.cache_hit=false"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None


def _skip_reason():
    if sync_playwright is None:
        return "Playwright for Python is not installed (pip install playwright pytest; never `playwright install`)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    return None


def binary():
    """The otel-report binary: $OTEL_REPORT, else the package's debug or release build."""
    if os.environ.get("OTEL_REPORT"):
        return os.environ["OTEL_REPORT"]
    for scratch in (".build/debug", ".build/release"):
        candidate = os.path.join(ROOT, scratch, "otel-report")
        if os.access(candidate, os.X_OK):
            return candidate
    pytest.fail("otel-report is not built: run `swift build --product otel-report` (Scripts/test.sh does)")


def render(out, *extra):
    """Renders the example into `out` (a folder, or a path ending in .html) and returns report.json."""
    json_path = out + ".report.json"
    subprocess.run([binary(), "render", EXAMPLE, "-o", out, "--generated-at", GENERATED_AT, "--quiet",
                    "--json", json_path, *extra], check=True, cwd=ROOT)
    with open(json_path, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="session")
def browser():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The example rendered as a site, and two `render --where` runs of the walkthrough."""
    if _skip_reason():
        pytest.skip(_skip_reason())
    base = tmp_path_factory.mktemp("browser")
    out = str(base / "report")
    report = render(out)
    a = render(str(base / "where-a"), "--where", WALKTHROUGH_A)
    b = render(str(base / "where-b"), "--where", WALKTHROUGH_B)
    yield {"dir": out, "report": report, "a": a, "b": b, "base": str(base)}
    shutil.rmtree(str(base), ignore_errors=True)


class Watched:
    """A page whose console errors, page errors and network requests are recorded."""

    def __init__(self, page):
        self.page = page
        self.errors = []
        self.requests = []
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))

    def external_requests(self):
        """Requests other than the report's own file:// pages (there must be none)."""
        return [u for u in self.requests if not u.startswith("file://")]


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    w = Watched(page)
    yield w
    context.close()
