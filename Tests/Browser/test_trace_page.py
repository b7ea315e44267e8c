"""The trace page in real headless Chromium: the walkthrough of the recommendation-cache
scenario (filter to the recommendation service, search app.cache_hit=true, then false, and
compare), checked against `render --where` of the same expressions (report.json's
snapshot.traceCount and snapshot.traceLatencyMs), the scatter against the match count, the
URL fragment against reload, Back and links from compare.html, and the page against console
errors and network requests."""
import json
import os
import re

import pytest

from conftest import WALKTHROUGH_A, WALKTHROUGH_B, render

PERCENTILES = ("p50", "p95", "p99", "max")


def traces_url(site, fragment=""):
    return "file://" + os.path.join(site["dir"], "traces.html") + fragment


def row(page, name):
    """A summary row's exact figures: count, traces with errors, and durations in ms."""
    cells = page.locator(f".tx-stats tr[data-set={name}] td[data-value]")
    values = {c.get_attribute("data-key"): int(float(c.get_attribute("data-value"))) for c in cells.all()}
    return {"count": values["count"], "errors": values["errors"],
            **{k: values[k] / 1e6 for k in PERCENTILES if k in values}}


def expected(report):
    s = report["snapshot"]
    return {"count": s["traceCount"], **{k: s["traceLatencyMs"][k] for k in PERCENTILES}}


def without_errors(r):
    return {k: v for k, v in r.items() if k != "errors"}


def type_filter(page, text):
    page.fill(".tx-controls [data-role=expr]", text)


def emphasised(page):
    """Scatter points drawn as matching (not faded)."""
    return page.locator(".trace-explorer circle.mark:not(.tx-dim)").count()


def varints(data, at, count, signed=False):
    """`count` LEB128 varints (VarintColumn.swift) from byte `at`, zigzag-mapped when `signed`;
    returns them and the end."""
    out = []
    for _ in range(count):
        v, shift = 0, 0
        while True:
            b = data[at]
            at += 1
            v |= (b & 127) << shift
            shift += 7
            if b < 128:
                break
        out.append(v if not signed else v >> 1 if v % 2 == 0 else -((v + 1) >> 1))
    return out, at


def decode(data):
    """The embedded data (version 3, TraceTableData.swift) decoded independently of the page's
    script: adds `traces`, one row per record as [id, root service, root name, start ns,
    duration ns, spans, errors, rank, first span (-1: not embedded), service, …] (string
    indexes), and `spanRows`, the span columns per span."""
    import base64
    r, n = data["records"], data["spanCount"]
    t = base64.b64decode(data["traceColumns"])
    at, columns = r * 16, []
    for signed in (False, True, False, False):
        c, at = varints(t, at, r, signed)
        columns.append(c)
    assert at == len(t)
    traces, first = [], 0
    for k in range(r):
        searchable = k < data["searchable"]
        start, duration, rank, shape = (c[k] for c in columns)
        root_service, root_name, service_set, spans, errors = data["shapes"][shape]
        traces.append([t[k * 16:k * 16 + 16].hex(), root_service, root_name, start * 1_000_000, duration, spans, errors, rank,
                       first if searchable else -1, *data["serviceSets"][service_set]])
        if searchable:
            first += spans
    s = base64.b64decode(data["spanColumns"])
    at, span_columns = 0, []
    for _ in range(7):
        c, at = varints(s, at, n)
        span_columns.append(c)
    rows = []
    for k in range(n):
        pairs, at = varints(s, at, span_columns[6][k])
        rows.append([c[k] for c in span_columns[:6]] + [pairs])
    assert at == len(s)
    return {**data, "traces": traces, "spanRows": rows}


def embedded(page):
    return decode(json.loads(page.locator(".trace-explorer script[type='application/json']").text_content()))


def assert_clean(w, site):
    assert w.errors == [], w.errors
    assert w.external_requests() == [], w.external_requests()
    root = "file://" + site["dir"] + "/"
    assert all(u.startswith(root) and u.endswith(".html") for u in w.requests), w.requests


def test_walkthrough_summaries_equal_where_renders(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    total = site["report"]["snapshot"]["traceCount"]
    # Before any filter: the "all traces" row equals the unfiltered report.json.
    page.wait_for_selector(".tx-stats tr[data-set=all]")
    assert without_errors(row(page, "all")) == expected(site["report"])

    type_filter(page, WALKTHROUGH_A)
    a = expected(site["a"])
    assert without_errors(row(page, "filter")) == a
    assert emphasised(page) == a["count"]
    assert page.locator(".tx-match").inner_text().startswith(f"{a['count']} of {total} traces match")
    assert page.locator("[data-role=count]").inner_text().startswith(f"{a['count']} of {total} traces")

    page.click(".tx-summary [data-role=pin]")
    type_filter(page, WALKTHROUGH_B)
    b = expected(site["b"])
    assert without_errors(row(page, "a")) == a
    assert without_errors(row(page, "b")) == b
    # The scatter colours A and B: points in A (or both), in B (or both).
    in_a = page.locator("circle.mark.tx-a, circle.mark.tx-ab").count()
    in_b = page.locator("circle.mark.tx-b, circle.mark.tx-ab").count()
    assert (in_a, in_b) == (a["count"], b["count"])
    assert emphasised(page) == page.locator("circle.mark.tx-a, circle.mark.tx-b, circle.mark.tx-ab").count()
    # The ratio row states B over A, and the caption names the p99 ratio.
    r = b["p99"] / a["p99"]
    shown = page.locator(".tx-stats tr[data-set=ratio] td[data-key=p99]").inner_text()
    assert shown == (f"{r:.1f}×" if 1 <= r < 10 else shown)
    assert abs(float(shown.rstrip("×")) - r) < 0.05 + 1e-9
    assert page.locator(".tx-verdict").inner_text().startswith(f"B's p99 is {shown} A's.")
    # Both distributions on one axis: one SVG, two curves, an accessible title.
    svg = page.locator(".tx-dist svg")
    assert svg.count() == 1 and svg.locator("path.line").count() == 2
    assert svg.get_attribute("role") == "img" and svg.get_attribute("viewBox")
    assert svg.locator("title").first.text_content().startswith("Share of traces")
    assert page.url.endswith("#a=service%3Drecommendationservice%20app.cache_hit%3Dtrue"
                             "&b=service%3Drecommendationservice%20app.cache_hit%3Dfalse")
    assert_clean(watched, site)


def test_fragment_survives_reload_and_back(site, watched):
    page = watched.page
    a, b = expected(site["a"]), expected(site["b"])
    page.goto(traces_url(site))
    type_filter(page, WALKTHROUGH_A)
    page.click(".tx-summary [data-role=pin]")
    type_filter(page, WALKTHROUGH_B)
    page.reload()
    page.wait_for_selector(".tx-stats tr[data-set=b]")
    assert without_errors(row(page, "a")) == a and without_errors(row(page, "b")) == b
    assert page.input_value(".tx-controls [data-role=expr]") == WALKTHROUGH_B
    # Unpinning is a history step: Back brings A back.
    page.click(".tx-summary [data-role=unpin]")
    assert page.locator(".tx-stats tr[data-set=a]").count() == 0
    page.go_back()
    page.wait_for_selector(".tx-stats tr[data-set=a]")
    assert without_errors(row(page, "a")) == a and without_errors(row(page, "b")) == b
    # Leaving for a waterfall and coming back keeps the comparison.
    page.locator(".tx-table tbody tr:not([hidden]) a").first.click()
    page.wait_for_load_state()
    assert "/traces/" in page.url
    page.go_back()
    page.wait_for_selector(".tx-stats tr[data-set=b]")
    assert without_errors(row(page, "a")) == a and without_errors(row(page, "b")) == b
    assert_clean(watched, site)


def test_compare_page_links_open_the_ab_comparison(site, watched):
    page = watched.page
    page.goto("file://" + os.path.join(site["dir"], "compare.html"))
    link = page.locator("a[href*='app.cache_hit%3Dtrue']").first
    link.click()
    page.wait_for_selector(".tx-stats tr[data-set=b]")
    assert "traces.html#a=" in page.url
    a_label = page.locator(".tx-sets li[data-set=a] code").inner_text()
    b_label = page.locator(".tx-sets li[data-set=b] code").inner_text()
    assert a_label.endswith("app.cache_hit=true") and b_label.endswith("app.cache_hit=false")
    # The same A/B as typing the expressions: an independent render --where of each.
    a_report = render(os.path.join(site["base"], "link-a"), "--where", a_label)
    b_report = render(os.path.join(site["base"], "link-b"), "--where", b_label)
    assert without_errors(row(page, "a")) == expected(a_report)
    assert without_errors(row(page, "b")) == expected(b_report)
    assert_clean(watched, site)


def test_quick_filters_min_max_and_errors_follow_the_scatter(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    data = embedded(page)
    strings = data["strings"]
    traces = data["traces"]

    def check(predicate):
        want = [t for t in traces if predicate(t)]
        got = row(page, "filter")
        assert got["count"] == len(want)
        assert got["errors"] == sum(1 for t in want if t[6] > 0)
        durations = sorted(t[4] for t in want)
        n = len(durations)
        for key, q in (("p50", 5000), ("p95", 9500), ("p99", 9900)):
            assert got[key] == durations[max(1, (q * n + 9999) // 10000) - 1] / 1e6
        assert got["max"] == durations[-1] / 1e6
        assert emphasised(page) == len(want)
        assert page.locator(".tx-match").inner_text().startswith(f"{len(want)} of {len(traces)} traces match")

    page.click(".tx-services button[data-service=productcatalogservice]")
    check(lambda t: "productcatalogservice" in [strings[k] for k in t[9:]])
    page.fill(".tx-controls [data-role=min]", "100")
    check(lambda t: "productcatalogservice" in [strings[k] for k in t[9:]] and t[4] >= 100e6)
    page.fill(".tx-controls [data-role=max]", "1000")
    check(lambda t: "productcatalogservice" in [strings[k] for k in t[9:]] and 100e6 <= t[4] <= 1000e6)
    page.click(".tx-services button[data-service='']")
    page.fill(".tx-controls [data-role=min]", "")
    page.fill(".tx-controls [data-role=max]", "")
    page.check(".tx-controls [data-role=errors]")
    check(lambda t: t[6] > 0)
    # Quick filters are in the fragment too.
    assert "b.err=1" in page.url
    assert_clean(watched, site)


def test_without_javascript_the_page_points_to_the_comparison_page(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(traces_url(site))
    note = page.locator(".tx-nojs.note")
    assert note.is_visible()
    assert "holds the same comparison precomputed" in note.inner_text()
    assert note.locator("a").get_attribute("href") == "compare.html"
    assert not page.locator(".tx-summary").is_visible()
    assert not page.locator(".tx-controls").is_visible()
    context.close()


def test_single_file_layout_restores_the_fragment(site, browser, tmp_path):
    out = str(tmp_path / "report.html")
    render(out)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("file://" + out + "#a=" + re.sub(" ", "%20", WALKTHROUGH_A.replace("=", "%3D")) +
              "&b=" + WALKTHROUGH_B.replace("=", "%3D").replace(" ", "%20"))
    page.wait_for_selector(".tx-stats tr[data-set=b]")
    assert without_errors(row(page, "a")) == expected(site["a"])
    assert without_errors(row(page, "b")) == expected(site["b"])
    assert errors == []
    context.close()


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_walkthrough_fits_the_screen(site, browser, width, scheme):
    """At phone and desktop widths, light and dark: the summary stays within the page width.
    With SCREENSHOT_DIR set, also saves a screenshot of the A/B comparison."""
    context = browser.new_context(viewport={"width": width, "height": 1100}, color_scheme=scheme)
    page = context.new_page()
    page.goto(traces_url(site))
    type_filter(page, WALKTHROUGH_A)
    page.click(".tx-summary [data-role=pin]")
    type_filter(page, WALKTHROUGH_B)
    box = page.locator(".tx-summary").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if os.environ.get("SCREENSHOT_DIR"):
        page.mouse.move(0, 0)  # no hover highlight on the pin button
        # From the page title to the end of the scatter: the walkthrough's view.
        top = page.locator("h1").bounding_box()["y"] - 8
        scatter = page.locator(".tx-match").bounding_box()
        clip = {"x": 0, "y": top, "width": width, "height": scatter["y"] + scatter["height"] + 12 - top}
        page.screenshot(path=os.path.join(os.environ["SCREENSHOT_DIR"], f"compare-ab-{width}-{scheme}.png"), full_page=True, clip=clip)
    context.close()


def test_sampled_scatter_draws_every_match(site, browser, tmp_path):
    """More traces than the plot samples (2,000): the matches the sample left out are added on
    the same axes, so the emphasised points still equal the match count, and the summary still
    equals render --where of a simulated snapshot four times the example's traffic."""
    import subprocess
    from conftest import binary, GENERATED_AT, ROOT
    snap = str(tmp_path / "snapshot")
    subprocess.run([binary(), "simulate", "recommendation-cache", "-o", snap, "--scale", "4"], check=True, cwd=ROOT)

    def render_snapshot(out, *extra):
        subprocess.run([binary(), "render", snap, "-o", out, "--generated-at", GENERATED_AT, "--quiet",
                        "--json", out + ".json", *extra], check=True, cwd=ROOT)
        with open(out + ".json", encoding="utf-8") as f:
            return json.load(f)

    report = render_snapshot(str(tmp_path / "report"))
    where = render_snapshot(str(tmp_path / "where"), "--where", WALKTHROUGH_B)
    total = report["snapshot"]["traceCount"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("file://" + str(tmp_path / "report" / "traces.html"))
    plotted = page.locator(".trace-explorer circle.mark").count()
    assert plotted < total  # the 1,000 slowest and an even sample of the rest
    type_filter(page, WALKTHROUGH_B)
    assert without_errors(row(page, "filter")) == expected(where)
    assert page.locator("g.tx-added circle").count() > 0
    assert emphasised(page) == where["snapshot"]["traceCount"]
    # Added points sit inside the plot area, like the drawn ones.
    box = page.evaluate("""() => { const r = document.querySelector('.trace-explorer svg rect.plot');
        return [+r.getAttribute('x'), +r.getAttribute('y'), +r.getAttribute('width'), +r.getAttribute('height')]; }""")
    for c in page.locator("g.tx-added circle").all()[:200]:
        x, y = float(c.get_attribute("cx")), float(c.get_attribute("cy"))
        assert box[0] - 0.01 <= x <= box[0] + box[2] + 0.01 and box[1] - 0.01 <= y <= box[1] + box[3] + 0.01
    page.fill(".tx-controls [data-role=expr]", "")
    assert page.locator("g.tx-added circle").count() == 0
    assert errors == []
    context.close()


def test_hostile_fragment_stays_text(site, watched):
    """A fragment is anyone's link: its expressions are shown as text and parsed, never markup."""
    page = watched.page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    payload = "x=\"<img src=q onerror=alert(1)>\""
    from urllib.parse import quote
    page.goto(traces_url(site, "#a=" + quote(payload, safe="") + "&b=%3Csvg%20onload%3Dalert(2)%3E&b.svc=%3Cb%3E&b.min=zz"))
    page.wait_for_selector(".tx-stats tr[data-set=b]")
    assert page.locator(".tx-sets li[data-set=a] code").inner_text() == payload
    assert page.locator("main img").count() == 0 and page.locator(".tx-summary svg[onload], main b").count() == 0
    # B does not parse: the error is shown with its position, and B keeps no expression.
    assert "Position" in page.locator(".tx-controls [data-role=error]").inner_text()
    assert page.locator(".tx-services button[aria-pressed=true]").get_attribute("data-service") == ""
    assert dialogs == []
    assert_clean(watched, site)
