"""The filter box in real headless Chromium: Back from a waterfall restores the filtered table;
an invalid expression marks the result as stale; the caption follows the filter; a filter that
matches nothing because of a type mismatch or a stray space says why."""
import pytest

from test_trace_page import assert_clean, embedded, traces_url, type_filter


def visible_rows(page):
    return page.locator(".tx-table tbody tr:not([hidden])").count()


def test_back_restores_the_filtered_table(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    data = embedded(page)
    listed = data["traces"][:data["listed"]]
    want = [t for t in listed if t[4] <= 30e6 and t[6] > 0 and data["strings"][t[1]] == "frontend"]
    assert want, "the example has fast error traces"
    type_filter(page, "service=frontend")
    page.fill(".tx-controls [data-role=max]", "30")
    page.check(".tx-controls [data-role=errors]")
    page.wait_for_timeout(100)
    assert visible_rows(page) == len(want)
    page.locator(".tx-table tbody tr:not([hidden]) a[href^='traces/']").first.click()
    page.wait_for_load_state()
    assert "/traces/" in page.url
    page.go_back()
    page.wait_for_load_state()
    page.wait_for_timeout(200)
    assert page.input_value(".tx-controls [data-role=expr]") == "service=frontend"
    assert page.input_value(".tx-controls [data-role=max]") == "30"
    assert page.is_checked(".tx-controls [data-role=errors]")
    assert visible_rows(page) == len(want), f"{visible_rows(page)} rows listed after Back, {len(want)} match"
    assert page.locator(".tx-match").inner_text().startswith(f"{len(want)} of ")
    assert_clean(watched, site)


def count_text(page):
    return page.locator(".tx-controls [data-role=count]").inner_text()


def test_an_invalid_expression_marks_the_result_stale(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    type_filter(page, "service=frontend")
    page.wait_for_timeout(50)
    rows = visible_rows(page)
    assert not count_text(page).startswith("Not updated")
    type_filter(page, "service=frontend duration>")
    page.wait_for_timeout(50)
    assert count_text(page).startswith("Not updated — the expression has an error; showing the last valid one (service=frontend)")
    assert "tx-stale" in page.locator(".trace-explorer").get_attribute("class")
    assert visible_rows(page) == rows
    type_filter(page, "service=frontend duration>1ms")
    page.wait_for_timeout(50)
    assert not count_text(page).startswith("Not updated")
    assert "tx-stale" not in page.locator(".trace-explorer").get_attribute("class")
    assert_clean(watched, site)


def test_caption_and_service_counts_follow_the_filter(site, watched):
    page = watched.page
    page.goto(traces_url(site))
    data = embedded(page)
    caption = page.locator(".tx-table caption")
    base = caption.inner_text()
    assert base.startswith("All ")
    page.check(".tx-controls [data-role=errors]")
    page.wait_for_timeout(50)
    errors = [t for t in data["traces"] if t[6] > 0]
    shown = "." if len(errors) <= 100 else "; the first 100 are listed."
    assert caption.inner_text() == f"Filtered (errors only): {len(errors):,} of {len(data['traces']):,} traces match, slowest first{shown}"
    assert visible_rows(page) == min(100, len(errors))
    strings = data["strings"]
    for service in ("adservice", "frontend"):
        total = sum(1 for t in data["traces"] if service in [strings[k] for k in t[9:]])
        found = sum(1 for t in errors if service in [strings[k] for k in t[9:]])
        assert page.locator(f".tx-services button[data-service={service}]").inner_text() == f"{service} ({found:,} of {total:,})"
    page.uncheck(".tx-controls [data-role=errors]")
    page.wait_for_timeout(50)
    assert caption.inner_text() == base
    total = sum(1 for t in data["traces"] if "adservice" in [strings[k] for k in t[9:]])
    assert page.locator(".tx-services button[data-service=adservice]").inner_text() == f"adservice ({total:,})"
    assert_clean(watched, site)


@pytest.mark.parametrize("expression,reason", [
    ("app.cache_hit=False", "app.cache_hit is a bool on every span that has it: compare with true or false (lowercase, unquoted); 'False' is not a bool"),
    ('app.cache_hit="false"', 'app.cache_hit is a bool on every span that has it: compare with true or false (lowercase, unquoted); "false" (quoted, so text) is not a bool'),
    ("duration>250 ms", "'ms' is read as a second term (a key named ms): write the unit right after the number, as in duration>250ms"),
    ("app.products.count=many", "app.products.count is a number on every span that has it; 'many' is not a number"),
    ("service=adservice service=cartservice", "each term holds on some span, but no single span satisfies them all"),
    ("no.such.key=1", "no span has an attribute no.such.key"),
])
def test_no_match_says_why(site, watched, expression, reason):
    page = watched.page
    page.goto(traces_url(site))
    type_filter(page, expression)
    page.wait_for_timeout(50)
    text = count_text(page)
    assert text.startswith("0 of "), text
    assert "Why none: " + reason in text, text
    assert_clean(watched, site)


def test_single_file_keeps_the_filter_across_a_waterfall_and_back(site, watched):
    import os
    from conftest import render
    single = os.path.join(site["base"], "single-back.html")
    render(single)
    page = watched.page
    page.goto("file://" + single)
    type_filter(page, "service=frontend")
    page.fill(".tx-controls [data-role=max]", "30")
    page.wait_for_timeout(100)
    rows = visible_rows(page)
    page.locator(".tx-table tbody tr:not([hidden]) a").first.click()
    page.wait_for_timeout(200)
    assert "#trace-" in page.url
    assert page.input_value(".tx-controls [data-role=expr]") == "service=frontend", "opening a waterfall cleared the filter"
    page.go_back()
    page.wait_for_timeout(200)
    assert page.input_value(".tx-controls [data-role=expr]") == "service=frontend"
    assert page.input_value(".tx-controls [data-role=max]") == "30"
    assert visible_rows(page) == rows
    assert watched.errors == []
