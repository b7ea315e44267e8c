"""Waterfall pages in real headless Chromium: clicking a bar selects its span (the detail card
becomes the URL's target) instead of folding the subtree, as a click inside <summary> would."""
import os
import re


def waterfall_url(site):
    traces = os.path.join(site["dir"], "traces")
    name = sorted(n for n in os.listdir(traces) if n.endswith(".html"))[0]
    return "file://" + os.path.join(traces, name)


def test_clicking_a_bar_selects_the_span_and_does_not_fold(site, watched):
    page = watched.page
    page.goto(waterfall_url(site))
    root = page.locator(".wf > details").first
    assert root.evaluate("d => d.open")
    root.locator(":scope > summary .wf-bar").first.click()
    assert root.evaluate("d => d.open"), "clicking the root's bar folded its subtree"
    assert re.search(r"#span-0$", page.url), page.url
    card = page.locator("#span-0")
    assert card.evaluate("e => e.matches(':target')")
    assert watched.errors == []
