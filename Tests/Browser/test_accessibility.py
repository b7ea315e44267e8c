"""Keyboard and contrast in real headless Chromium: a skip link is the first tab stop (on the
trace page it leads to the filter box), each waterfall row is one tab stop, and duration labels
inside bars keep a WCAG AA contrast of at least 4.5:1, light and dark."""
import os

import pytest

from test_trace_page import traces_url


def waterfalls(site):
    traces = os.path.join(site["dir"], "traces")
    return ["file://" + os.path.join(traces, n) for n in sorted(os.listdir(traces)) if n.endswith(".html")]


def channel(c):
    c = c / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb):
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def parse(css):
    parts = [float(p) for p in css[css.index("(") + 1:css.index(")")].split(",")]
    return parts[:3], (parts[3] if len(parts) == 4 else 1.0)


def over(top, alpha, bottom):
    return [alpha * t + (1 - alpha) * b for t, b in zip(top, bottom)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_duration_labels_inside_bars_have_aa_contrast(site, browser, scheme):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    checked = 0
    for url in waterfalls(site)[:15]:
        page.goto(url)
        for label in page.locator(".wf-dur.inside").all():
            colour, label_bg, bar_bg, bar_opacity = label.evaluate("""e => {
                const bar = e.parentElement.querySelector('.wf-bar'), s = getComputedStyle(e), b = getComputedStyle(bar);
                return [s.color, s.backgroundColor, b.backgroundColor, parseFloat(b.opacity)]; }""")
            page_bg = [255, 255, 255] if scheme == "light" else [18, 21, 27]
            bar_rgb, _ = parse(bar_bg)
            behind = over(bar_rgb, bar_opacity, page_bg)
            bg_rgb, bg_alpha = parse(label_bg)
            behind = over(bg_rgb, bg_alpha, behind)
            text_rgb, _ = parse(colour)
            ratio = contrast(text_rgb, behind)
            assert ratio >= 4.5, f"{url}: label {label.inner_text()!r} at {ratio:.2f}:1"
            checked += 1
    assert checked > 0, "no label inside a bar was checked"
    context.close()


def test_skip_link_leads_to_the_filter_box(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the trace filter"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('data-role')") == "expr"


def test_skip_link_leads_to_the_content(site, watched):
    page = watched.page
    page.goto("file://" + os.path.join(site["dir"], "index.html"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_one_tab_stop_per_waterfall_row(site, watched):
    page = watched.page
    for url in waterfalls(site)[:5]:
        page.goto(url)
        rows = page.locator(".wf .wf-row").count()
        stops = page.evaluate("""() => [...document.querySelectorAll('.wf summary, .wf a[href], .wf button, .wf [tabindex]')]
            .filter(e => e.tabIndex >= 0).length""")
        assert stops == rows, f"{url}: {stops} tab stops for {rows} rows"


def test_scatter_points_are_not_tab_stops(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    linked = page.locator("svg a[href]").count()
    assert linked > 0
    assert page.evaluate("[...document.querySelectorAll('svg a[href]')].filter(a => a.tabIndex >= 0).length") == 0
