"""Every trace reachable, in real headless Chromium: every listed trace with an error span links
to a waterfall page that opens; trace ids are whole in the page (selecting a cell copies all 32
digits) though shown shortened; the filter box takes a prefix of 8 or more hex digits."""
import os
import re

from test_trace_page import assert_clean, embedded, traces_url, type_filter


def test_error_traces_link_to_their_waterfalls(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    data = embedded(page)
    listed = data["traces"][:data["listed"]]
    errors = [t[0] for t in listed if t[6] > 0]
    assert errors, "the example has error traces"
    # The table lists a window of 100 rows: filter to the error traces first.
    type_filter(page, "status=error")
    page.wait_for_timeout(100)
    for trace_id in errors:
        link = page.locator(f".tx-table a[href='traces/{trace_id}.html']")
        assert link.count() >= 1, f"error trace {trace_id} has no waterfall link"
        assert os.path.exists(os.path.join(site["dir"], "traces", trace_id + ".html"))
    page.goto("file://" + os.path.join(site["dir"], "traces", errors[-1] + ".html"))
    assert page.locator(".wf-row.error").count() >= 1
    assert watched.errors == []


def test_trace_ids_are_whole_and_a_prefix_finds_the_trace(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    cell = page.locator(".tx-table tbody tr").first.locator(".tid")
    copied = cell.evaluate("e => { const s = getSelection(); s.selectAllChildren(e); return s.toString(); }")
    assert re.fullmatch(r"[0-9a-f]{32}", copied), copied
    assert cell.bounding_box()["width"] < 140, "the id is shown shortened"
    type_filter(page, "trace=" + copied[:8])
    page.wait_for_timeout(100)
    assert page.locator(".tx-match").inner_text().startswith("1 of "), page.locator(".tx-match").inner_text()
    type_filter(page, "trace=" + copied[:7])
    page.wait_for_timeout(100)
    assert page.locator(".tx-match").inner_text().startswith("0 of "), page.locator(".tx-match").inner_text()
    assert_clean(watched, site)
