"""In-page links in real headless Chromium: the sticky header must not hide the target of any
in-page link (site pages and the single file, at desktop widths where the header is sticky),
and in the single file the nav highlight follows the section in view."""
import os

import pytest

from conftest import render

HEADER_BOTTOM = "document.querySelector('header.top').getBoundingClientRect().bottom"


def target_top(page, fragment):
    return page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", fragment)


@pytest.fixture(scope="module")
def single(site):
    path = os.path.join(site["base"], "single.html")
    render(path)
    return path


@pytest.mark.parametrize("width", [1400, 900])
def test_link_targets_are_not_under_the_sticky_header(site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    for name, fragment in [("traces.html", "service-0"), ("dashboard-latency.html", "panel-latency-recommendationservice"),
                           ("dashboard-errors.html", "panel-error-rate"), ("compare.html", "comparison-1")]:
        page.goto("file://" + os.path.join(site["dir"], name) + "#" + fragment)
        page.wait_for_timeout(50)
        assert page.evaluate("scrollY") > 0, f"{name}#{fragment} did not scroll"
        assert target_top(page, fragment) >= page.evaluate(HEADER_BOTTOM) - 0.5, f"{name}#{fragment} is under the header at {width} px"
    context.close()


def test_single_file_nav_targets_are_visible_and_the_highlight_follows(single, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 700})
    page = context.new_page()
    page.goto("file://" + single)
    links = page.locator("header.top nav a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) >= 4 and all(h.startswith("#") for h in hrefs), hrefs
    for href in hrefs[1:] + hrefs[:1]:
        page.locator(f"header.top nav a[href='{href}']").click()
        page.wait_for_timeout(150)
        assert target_top(page, href[1:]) >= page.evaluate(HEADER_BOTTOM) - 0.5, f"{href} is under the header"
        current = page.locator("header.top nav a[aria-current='page']")
        assert current.count() == 1 and current.get_attribute("href") == href, \
            f"after {href} the highlight is on {[current.nth(i).get_attribute('href') for i in range(current.count())]}"
    # A waterfall section of the single file belongs to Traces.
    first_trace = page.locator("section.page[id^='trace-']").first.get_attribute("id")
    page.goto("file://" + single + "#" + first_trace)
    page.wait_for_timeout(150)
    assert page.locator("header.top nav a[aria-current='page']").get_attribute("href") == "#traces"
    context.close()
