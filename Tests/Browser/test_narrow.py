"""A 390 px phone screen in real headless Chromium: no page scrolls sideways, chart text stays
readable, waterfall span names are not cut, and the slowest-traces table shows Duration."""
import os

import pytest

WIDTH = 390
PAGES = ["index.html", "dashboard-latency.html", "dashboard-errors.html", "dashboard-resources.html",
         "traces.html", "compare.html"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": 844})
    yield context.new_page()
    context.close()


def waterfalls(site):
    traces = os.path.join(site["dir"], "traces")
    return ["file://" + os.path.join(traces, n) for n in sorted(os.listdir(traces)) if n.endswith(".html")]


@pytest.mark.parametrize("name", PAGES)
def test_no_sideways_page_scroll(site, phone, name):
    phone.goto("file://" + os.path.join(site["dir"], name))
    width = phone.evaluate("document.documentElement.scrollWidth")
    wide = phone.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.table-wrap, figure, pre, .tx-table-wrap'))
        .slice(0, 3).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 40))""")
    assert width <= WIDTH, f"{name} is {width} px wide: {wide}"


@pytest.mark.parametrize("name", ["index.html", "dashboard-latency.html"])
def test_chart_labels_stay_readable(site, phone, name):
    phone.goto("file://" + os.path.join(site["dir"], name))
    sizes = phone.evaluate("""() => [...document.querySelectorAll('svg.chart-svg text')].map(t => {
        const svg = t.ownerSVGElement, vb = svg.viewBox.baseVal;
        const scale = vb && vb.width ? svg.getBoundingClientRect().width / vb.width : 1;
        return parseFloat(getComputedStyle(t).fontSize) * scale; })""")
    assert sizes, "no chart text found"
    assert min(sizes) >= 9, f"{name}: chart text as small as {min(sizes):.1f} px"


def test_waterfall_names_are_not_cut(site, phone):
    for url in waterfalls(site)[:5]:
        phone.goto(url)
        cut = phone.evaluate("""() => [...document.querySelectorAll('.wf-name')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 60))""")
        assert cut == [], f"{url}: names cut: {cut[:3]}"
        assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_slowest_traces_table_shows_duration(site, phone):
    phone.goto("file://" + os.path.join(site["dir"], "index.html"))
    header = phone.locator("#slowest th", has_text="Duration").first
    box = header.bounding_box()
    assert box is not None and box["x"] + box["width"] <= WIDTH, f"Duration header at {box}"
