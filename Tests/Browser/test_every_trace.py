"""Every trace in the filter and the table, in real headless Chromium: on a snapshot larger than
the table (four times the example's traffic), the filter box counts what `render --where` counts
for the same expression over every trace, not the listed rows; the table lists a window of 100
rows (clearing the filter lays out 100 rows, not 654); a trace without a waterfall page opens as
a waterfall drawn from the embedded spans, in tree order with bars where its spans lie; the
no-JavaScript page says how to give any trace a page; span kinds compare case-sensitively in the
filter box as in --where; compare.html draws one histogram strip per value on a shared axis."""
import json
import os
import subprocess

import pytest

from conftest import GENERATED_AT, ROOT, binary, render
from test_trace_page import assert_clean, embedded, traces_url, type_filter


def count_text(page):
    return page.locator(".tx-controls [data-role=count]").inner_text()


@pytest.fixture(scope="module")
def scaled(site, tmp_path_factory):
    """A simulated snapshot four times the example's traffic (2,631 traces, over the table's
    1,000 rows), rendered, and a function rendering it with --where."""
    base = tmp_path_factory.mktemp("scaled")
    snap = str(base / "snapshot")
    subprocess.run([binary(), "simulate", "recommendation-cache", "-o", snap, "--scale", "4"], check=True, cwd=ROOT)

    def render_snapshot(out, *extra):
        subprocess.run([binary(), "render", snap, "-o", str(base / out), "--generated-at", GENERATED_AT, "--quiet",
                        "--json", str(base / out) + ".json", *extra], check=True, cwd=ROOT)
        with open(str(base / out) + ".json", encoding="utf-8") as f:
            return json.load(f)

    report = render_snapshot("report")
    return {"report": report, "url": "file://" + str(base / "report" / "traces.html"), "where": render_snapshot}


@pytest.mark.parametrize("expression", ["status=error", "duration<5ms", "service=adservice", "app.cache_hit=false duration>100ms"])
def test_the_filter_counts_every_trace_as_where_does(scaled, watched, expression):
    page = watched.page
    total = scaled["report"]["snapshot"]["traceCount"]
    assert total > 1000, "the snapshot has more traces than the table lists"
    where = scaled["where"]("where-" + str(abs(hash(expression))), "--where", expression)["snapshot"]["traceCount"]
    page.goto(scaled["url"])
    type_filter(page, expression)
    page.wait_for_timeout(100)
    assert count_text(page).startswith(f"{where:,} of {total:,} traces"), (count_text(page), where)
    assert "undecided" not in count_text(page)
    assert page.locator(".tx-match").inner_text().startswith(f"{where:,} of {total:,} traces match")
    assert page.locator(".tx-table tbody tr").count() == min(100, where)
    assert watched.errors == []


def test_errors_only_counts_every_error_trace(scaled, watched):
    page = watched.page
    total = scaled["report"]["snapshot"]["traceCount"]
    where = scaled["where"]("where-errors", "--where", "status=error")["snapshot"]["traceCount"]
    page.goto(scaled["url"])
    page.check(".tx-controls [data-role=errors]")
    page.wait_for_timeout(100)
    assert count_text(page).startswith(f"{where:,} of {total:,} traces")
    caption = page.locator(".tx-table caption").inner_text()
    assert caption.startswith(f"Filtered (errors only): {where:,} of {total:,} traces match, slowest first")
    assert watched.errors == []


def test_the_table_lists_a_window_and_pages_the_rest(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    total = site["report"]["snapshot"]["traceCount"]
    page.wait_for_timeout(100)
    rows = page.locator(".tx-table tbody tr")
    assert rows.count() == 100
    assert page.locator(".tx-table caption").inner_text() == f"All {total:,} traces, slowest first; the first 100 are listed."
    type_filter(page, "status=error")
    page.wait_for_timeout(50)
    # Clearing the filter lays out one window of rows, not every trace.
    type_filter(page, "")
    page.wait_for_timeout(50)
    assert rows.count() == 100
    page.click(".tx-more [data-role=more]")
    assert rows.count() == 200
    assert page.locator("[data-role=shown]").inner_text() == f"200 of {total:,} listed"
    # The rows are the slowest, in order, whichever the script built.
    data = embedded(page)
    ids = [r.locator(".tid").inner_text() for r in rows.all()[95:105]]
    assert ids == [t[0] for t in data["traces"][95:105]]
    # Sorting orders every trace, not only the window.
    page.click("th[data-sort=duration] button")
    fastest = min(data["traces"], key=lambda t: (t[4], data["traces"].index(t)))
    assert rows.first.locator(".tid").inner_text() == fastest[0]
    assert_clean(watched, site)


def tree_order(spans, first, count):
    """Positions of a trace's spans in waterfall order: depth first, children by start order."""
    children = {k: [] for k in range(count)}
    roots = []
    for k in range(count):
        parent = spans[first + k][3]
        if parent == 0:
            roots.append(k)
        else:
            children[(parent - 1) >> 1].append(k)
    out, stack = [], [(r, 0) for r in reversed(roots)]
    while stack:
        k, depth = stack.pop()
        out.append((k, depth))
        stack.extend((c, depth + 1) for c in reversed(children[k]))
    return out


def test_a_trace_without_a_page_opens_as_a_waterfall(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    data = embedded(page)
    type_filter(page, "service=recommendationservice")
    page.wait_for_timeout(100)
    button = page.locator(".tx-table button.tx-open").first
    index = int(button.get_attribute("data-open"))
    trace = data["traces"][index]
    assert not os.path.exists(os.path.join(site["dir"], "traces", trace[0] + ".html")), "the trace has no page"
    button.click()
    box = page.locator(".tx-waterfall")
    assert box.is_visible()
    assert ("--trace " + trace[0]) in box.inner_text()
    first, count, duration = trace[8], trace[5], trace[4]
    spans, strings = data["spanRows"], data["strings"]
    rows = box.locator(".wf-row")
    assert rows.count() == count
    resources = data["resources"]
    for (k, depth), row in zip(tree_order(spans, first, count), rows.all()):
        s = spans[first + k]
        assert row.locator(".tx-span").inner_text() == strings[resources[s[0]][0]] + ": " + strings[s[1]]
        style = dict(part.split(":") for part in row.locator(".wf-bar").get_attribute("style").strip("; ").split(";"))
        left, width = (float(style[k].strip().rstrip("%")) for k in ("left", " width"))
        assert abs(left - s[4] / duration * 100) < 0.001 and abs(width - s[5] / duration * 100) < 0.001, style
        assert ("error" in row.get_attribute("class")) == (s[2] >> 3 == 2)
    # A span's attributes open under its name.
    rows.nth(1).locator(".tx-span").click()
    assert "rpc.system=grpc" in rows.nth(1).locator(".attrs").inner_text()
    assert_clean(watched, site)


def test_without_javascript_the_page_says_how_to_get_a_waterfall(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(traces_url(site))
    assert "render with --trace ID" in page.locator(".tx-table").locator("xpath=..").locator("xpath=..").inner_text()
    assert page.locator(".tx-waterfall").is_hidden()
    context.close()


def test_span_kind_compares_case_sensitively_as_in_where(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    type_filter(page, "kind=SERVER")
    page.wait_for_timeout(50)
    message = "unknown span kind 'SERVER': expected server, client, internal, producer, consumer or unspecified (values compare case-sensitively, as attribute values do: write server)"
    assert page.locator(".tx-controls [data-role=error]").inner_text().startswith("Position 6: " + message)
    result = subprocess.run([binary(), "render", os.path.join(ROOT, "examples", "recommendation-cache"), "-o",
                             os.path.join(site["base"], "kind-case"), "--where", "kind=SERVER", "--quiet"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and message in result.stderr, result.stderr
    type_filter(page, "kind=server")
    page.wait_for_timeout(50)
    assert page.locator(".tx-controls [data-role=error]").inner_text() == ""
    assert_clean(watched, site)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_compare_histograms_are_strips_on_one_axis(site, browser, scheme):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    page.goto("file://" + os.path.join(site["dir"], "compare.html"))
    charts = page.locator("svg.chart-svg.histogram")
    assert charts.count() > 0
    for chart in charts.all():
        assert "strips" in chart.get_attribute("class") and "overlaid" not in chart.get_attribute("class")
        strips = chart.locator("g.strip")
        legend = chart.locator("xpath=..").locator(".chart-legend li")
        assert strips.count() == legend.count() >= 2
        # One x axis for all strips, bars opaque, each strip in its own colour.
        assert chart.locator("g.axis.x").count() == 1
        fills = set()
        for strip in strips.all():
            bar = strip.locator("rect.bar").first
            if bar.count() == 0:
                continue
            assert bar.evaluate("e => getComputedStyle(e).fillOpacity") == "1"
            fills.add(bar.evaluate("e => getComputedStyle(e).fill"))
        assert len(fills) == strips.count()
    context.close()
