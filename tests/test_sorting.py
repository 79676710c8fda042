"""Sorting the overview in a real browser (Debian's headless Chromium)."""

from __future__ import annotations

import pytest
from conftest import serve

GROUP = '.paper-group[data-group="{}"]'


def order(page, group: str) -> list[str]:
    return page.eval_on_selector_all(
        GROUP.format(group) + " tbody tr", "rows => rows.map(r => r.dataset.bibkey)"
    )


def header(page, column: str, group: str = "Model Architecture"):
    return page.locator(GROUP.format(group) + f' th[data-column="{column}"]')


@pytest.fixture
def overview(app, browser):
    app.build()
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # Browsers ask every server for a favicon, which the site does not have.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.on("pageerror", lambda e: errors.append(str(e)))
    with serve(app.outdir) as base:
        page.goto(base + "index.html")
        yield page
    page.close()
    assert errors == []


@pytest.mark.sphinx("html", testroot="basic")
def test_clicking_a_header_sorts_every_group_and_a_second_click_reverses(overview):
    page = overview
    assert order(page, "정규화") == ["ioffe2015batch", "dauphin2021deconstructing"]
    header(page, "title").locator("button").click()
    # Every group follows, and every table announces the new order.
    assert order(page, "정규화") == ["ioffe2015batch", "dauphin2021deconstructing"]
    assert order(page, "Model Architecture") == ["beyer2020done", "ioffe2015batch"]
    assert header(page, "title", "정규화").get_attribute("aria-sort") == "ascending"
    assert header(page, "rating", "정규화").get_attribute("aria-sort") == "none"
    header(page, "title").locator("button").click()
    assert order(page, "Model Architecture") == ["ioffe2015batch", "beyer2020done"]
    assert order(page, "정규화") == ["dauphin2021deconstructing", "ioffe2015batch"]
    assert header(page, "title", "Survey").get_attribute("aria-sort") == "descending"


@pytest.mark.sphinx("html", testroot="basic")
def test_numbers_sort_as_numbers_and_unrated_stays_last(app, browser, overview):
    page = overview
    # Make the Survey group hold a rated and an unrated paper next to each other.
    page.evaluate(
        """() => {
        const survey = document.querySelector('.paper-group[data-group="Survey"] tbody');
        for (const key of ["ioffe2015batch", "dauphin2021deconstructing"]) {
          survey.append(document.querySelector(`tr[data-bibkey="${key}"]`).cloneNode(true));
        }
      }"""
    )
    button = header(page, "rating", "Survey").locator("button")
    button.click()
    assert order(page, "Survey") == ["dauphin2021deconstructing", "ioffe2015batch", "lecun2015deep"]
    button.click()
    assert order(page, "Survey") == ["ioffe2015batch", "dauphin2021deconstructing", "lecun2015deep"]


@pytest.mark.sphinx("html", testroot="basic")
def test_headers_sort_from_the_keyboard(overview):
    page = overview
    header(page, "venue").locator("button").focus()
    page.keyboard.press("Enter")
    assert order(page, "Model Architecture") == ["beyer2020done", "ioffe2015batch"]
    page.keyboard.press("Space")
    assert order(page, "Model Architecture") == ["ioffe2015batch", "beyer2020done"]
    assert header(page, "venue").get_attribute("aria-sort") == "descending"


@pytest.mark.sphinx("html", testroot="basic")
def test_sorting_works_from_file_urls(app, browser):
    app.build()
    page = browser.new_page()
    page.goto((app.outdir / "index.html").as_uri())
    header(page, "title").locator("button").click()
    assert order(page, "Model Architecture") == ["beyer2020done", "ioffe2015batch"]
    page.close()
