"""The pages of issue 14 in real headless Chromium: logs.html, services.html, the overview's
exceptions and service map and the log lines on waterfalls — no console errors or network
requests, no sideways page scroll and readable chart text at 390 px, and what they show agrees
with report.json and with logs.jsonl read here."""
import json
import os

import pytest

from conftest import EXAMPLE

PAGES = ["logs.html", "services.html", "index.html", "dashboard-errors.html"]


def url(site, name):
    return "file://" + os.path.join(site["dir"], name)


@pytest.mark.parametrize("name", PAGES)
def test_no_console_errors_or_requests(site, watched, name):
    watched.page.goto(url(site, name))
    assert watched.errors == [], watched.errors
    assert watched.external_requests() == []


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", ["logs.html", "services.html"])
def test_no_sideways_scroll_and_readable_charts_at_390(site, phone, name):
    phone.goto(url(site, name))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    sizes = phone.evaluate("""() => [...document.querySelectorAll('svg.chart-svg text')].map(t => {
        const svg = t.ownerSVGElement, vb = svg.viewBox.baseVal;
        const scale = vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
        return parseFloat(getComputedStyle(t).fontSize) * scale; })""")
    assert sizes and min(sizes) >= 9, f"{name}: chart text as small as {min(sizes):.1f} px"


def test_service_map_nodes_link_to_their_traces(site, watched):
    watched.page.goto(url(site, "services.html"))
    nodes = site["report"]["serviceMap"]["nodes"]
    hrefs = watched.page.eval_on_selector_all("svg.service-map a", "as => as.map(a => a.getAttribute('href'))")
    assert len(hrefs) == len(nodes)
    assert all(h.startswith("traces.html?where=") for h in hrefs)
    # Following a service's link filters the table to the traces with a span of that service.
    watched.page.goto(url(site, "services.html"))
    watched.page.locator("svg.service-map a").first.click()
    watched.page.wait_for_url("**/traces.html?where=*")
    assert "service=" in watched.page.locator("[data-role=expr]").first.input_value()


def test_warn_table_lists_every_warning_and_error(site, watched):
    watched.page.goto(url(site, "logs.html"))
    by = site["report"]["logs"]["bySeverity"]
    rows = watched.page.locator("#records tbody tr").count()
    assert rows == min(1000, by["WARN"] + by["ERROR"] + by["FATAL"])


def read_logs():
    """trace id → records (severity number), from logs.jsonl with the standard library."""
    by_trace = {}
    with open(os.path.join(EXAMPLE, "logs.jsonl"), encoding="utf-8") as f:
        for line in f:
            for rl in json.loads(line)["resourceLogs"]:
                for sl in rl["scopeLogs"]:
                    for r in sl["logRecords"]:
                        by_trace.setdefault(r["traceId"], []).append(r["severityNumber"])
    return by_trace


def test_waterfalls_show_each_traces_records_under_their_spans(site, watched):
    by_trace = read_logs()
    checked = 0
    for name in sorted(os.listdir(os.path.join(site["dir"], "traces"))):
        trace = name[:-5]
        watched.page.goto(url(site, "traces/" + name))
        lines = watched.page.locator(".wf .wf-logs li").count()
        assert lines == len(by_trace.get(trace, [])), trace
        badges = watched.page.eval_on_selector_all(".wf-logcount", "bs => bs.map(b => parseInt(b.textContent))")
        assert sum(badges) == lines
        checked += 1 if lines else 0
    assert checked > 0
    assert watched.errors == []


def test_findings_link_to_the_exceptions_table(site, watched):
    watched.page.goto(url(site, "index.html"))
    link = watched.page.locator(".findings li[data-kind=exception] a").first
    href = link.get_attribute("href")
    assert href.startswith("#exception-")
    link.click()
    row = watched.page.locator(href)
    assert row.is_visible()
    assert row.locator("td").nth(1).inner_text().strip() in {e["type"] for e in site["report"]["exceptions"]}


@pytest.mark.parametrize("name", ["logs.html", "services.html"])
def test_tables_fit_a4_when_printed(site, browser, name):
    context = browser.new_context(viewport={"width": 700, "height": 1000})
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(url(site, name))
    for table in page.locator("main table").all():
        width, room = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
        assert width <= room + 0.5, f"{name}: a table is {width} px wide in {room} px"
    context.close()
