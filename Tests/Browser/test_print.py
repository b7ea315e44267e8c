"""Printing in real headless Chromium (print media emulated on an A4-wide page, about 700 CSS
px between the default margins): bars and colour swatches keep their colours without the
"background graphics" option, dark mode prints light, the index services table fits, and the
waterfall's axis labels do not run into each other."""
import os

import pytest

A4_WIDTH = 700


def luminance(css_colour):
    parts = css_colour[css_colour.index("(") + 1:css_colour.index(")")].split(",")
    r, g, b = (float(p) for p in parts[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def waterfalls(site):
    traces = os.path.join(site["dir"], "traces")
    return ["file://" + os.path.join(traces, n) for n in sorted(os.listdir(traces)) if n.endswith(".html")]


@pytest.fixture
def printed(browser):
    def open_page(url, scheme="light", width=A4_WIDTH):
        context = browser.new_context(viewport={"width": width, "height": 1000}, color_scheme=scheme)
        page = context.new_page()
        page.emulate_media(media="print", color_scheme=scheme)
        page.goto(url)
        opened.append(context)
        return page
    opened = []
    yield open_page
    for c in opened:
        c.close()


COLOURED = [".wf-bar", ".service-time > span", ".legend-inline .svc", ".wf-name .svc"]


def test_bars_and_swatches_print_their_colours(site, printed):
    page = printed(waterfalls(site)[0])
    for selector in COLOURED:
        adjust = page.locator(selector).first.evaluate(
            "e => getComputedStyle(e).printColorAdjust || getComputedStyle(e).webkitPrintColorAdjust")
        assert adjust == "exact", f"{selector}: print-color-adjust is {adjust}"
    index = printed("file://" + os.path.join(site["dir"], "index.html"))
    assert index.locator("table .svc").first.evaluate("e => getComputedStyle(e).webkitPrintColorAdjust") == "exact"


@pytest.mark.parametrize("name", ["index.html", "traces.html", "dashboard-latency.html", "logs.html", "services.html"])
def test_dark_mode_prints_light(site, printed, name):
    page = printed("file://" + os.path.join(site["dir"], name), scheme="dark")
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert luminance(body) > 230, body
    for selector in (".card", ".panel", "th", ".chart-svg"):
        if page.locator(selector).count():
            bg = page.locator(selector).first.evaluate("e => getComputedStyle(e).backgroundColor")
            fg = page.locator(selector).first.evaluate("e => getComputedStyle(e).color")
            assert bg == "rgba(0, 0, 0, 0)" or luminance(bg) > 200, f"{name} {selector} background {bg}"
            assert luminance(fg) < 100, f"{name} {selector} text {fg}"


def test_index_services_table_fits_a4(site, printed):
    page = printed("file://" + os.path.join(site["dir"], "index.html"))
    for table in page.locator("main table").all():
        width, room = table.evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
        assert width <= room + 0.5, f"a table is {width} px wide in {room} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= A4_WIDTH


@pytest.mark.parametrize("media,width", [("print", A4_WIDTH), ("screen", 1400), ("screen", 390)])
def test_waterfall_axis_labels_do_not_collide(site, browser, media, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.emulate_media(media=media)
    for url in waterfalls(site)[:10]:
        page.goto(url)
        boxes = page.locator(".wf-axis .ticks span").evaluate_all(
            "spans => spans.filter(s => getComputedStyle(s).display !== 'none').map(s => { const r = s.getBoundingClientRect(); return [r.left, r.right, s.textContent]; })")
        boxes.sort()
        for (l1, r1, t1), (l2, r2, t2) in zip(boxes, boxes[1:]):
            assert r1 + 2 <= l2, f"{url} at {width} px ({media}): {t1!r} and {t2!r} collide"
    context.close()
