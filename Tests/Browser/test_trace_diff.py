"""The waterfall's diff against the typical trace in real headless Chromium: the slowest trace
of the example names get_product_list first (the time it adds), the baseline link opens the
typical trace's own page, and a 390 px screen keeps what changed in view without page scroll."""
import os

SLOW_OP = "get_product_list"


def page_url(site, href):
    return "file://" + os.path.join(site["dir"], href)


def diff_rows(page):
    return page.evaluate("""() => [...document.querySelectorAll('#diff tbody tr')].map(tr =>
        [...tr.querySelectorAll('td')].map(td => td.textContent.trim()))""")


def added_ms(text):
    sign = -1 if text.startswith("\u2212") else 1
    return sign * float(text.lstrip("+\u2212").replace(",", "").split()[0]) * (1000 if text.endswith(" s") else 1)


def test_the_slowest_trace_is_diffed_against_its_typical_trace(site, watched):
    report = site["report"]
    slowest = report["slowestTraces"][0]
    assert slowest["baseline"], "the slowest trace has no baseline"
    page = watched.page
    page.goto(page_url(site, slowest["page"]))
    assert page.locator("#diff").is_visible()
    rows = diff_rows(page)
    assert rows, "no diff rows"
    # Sorted by the time each path adds; the leaking operation adds the most.
    added = [added_ms(r[1]) for r in rows]
    assert added == sorted(added, reverse=True), added
    assert SLOW_OP in rows[0][0] and rows[0][2].startswith("slower"), rows[0]
    # The typical trace's page: linked, and it says it is the typical one.
    link = page.locator("#diff a.diff-baseline")
    assert link.inner_text() == slowest["baseline"]
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith("/traces/" + slowest["baseline"] + ".html"), page.url
    assert "This is the typical" in page.locator("#diff").inner_text()
    assert watched.errors == []
    assert watched.external_requests() == []
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.go_back()
        page.locator("#diff").screenshot(path=os.path.join(shots, "trace-diff-1400.png"))


def test_the_diff_fits_a_phone_screen(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(page_url(site, site["report"]["slowestTraces"][0]["page"]))
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # Without scrolling the table sideways, what changed (time added, the tag) is in view.
        right = page.evaluate("""() => [...document.querySelectorAll('#diff th')]
            .find(th => th.textContent.trim() === 'Change').getBoundingClientRect().right""")
        assert right <= 390, f"the Change column ends at {right} px"
        shots = os.environ.get("SCREENSHOT_DIR")
        if shots:
            page.locator("#diff").screenshot(path=os.path.join(shots, "trace-diff-390-dark.png"))
    finally:
        context.close()


def test_compare_page_shows_where_the_time_goes(site, watched):
    page = watched.page
    page.goto(page_url(site, "compare.html"))
    section = page.locator("section[aria-label='slowest 5% of frontend: GET /api/recommendations']")
    first = section.locator("div.table-wrap tbody tr").first.locator("td").nth(2).inner_text()
    assert first == SLOW_OP
    assert section.locator("svg.diverging-bar-chart rect.bar").count() >= 2
    assert "strong" in page.locator("#correlation").inner_text()
    assert watched.errors == []
