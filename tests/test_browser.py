"""The overview in a real browser (Debian's headless Chromium driven by Playwright)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import build_site, copy_site_files, serve

GROUP = '.paper-group[data-group="{}"]'
ALL = ["ioffe2015batch", "dauphin2021deconstructing", "lecun2015deep", "beyer2020done"]


def order(page, group: str | None = None) -> list[str]:
    scope = GROUP.format(group) if group else ".paper-groups"
    return page.eval_on_selector_all(
        scope + " tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.bibkey)"
    )


def groups(page) -> list[str]:
    return page.eval_on_selector_all(
        ".paper-group:not([hidden])", "sections => sections.map(s => s.dataset.group)"
    )


def header(page, column: str, group: str = "Model Architecture"):
    return page.locator(GROUP.format(group) + f' th[data-column="{column}"]')


def cell_values(page, column: str) -> list[str | None]:
    """The sort values of ``column`` down the one table of a group-by-none view."""
    return page.eval_on_selector_all(
        f'.paper-groups tbody tr:not([hidden]) td[data-column="{column}"]',
        """cells => cells.map(c => {
            const v = c.hasAttribute('data-value') ? c.dataset.value : c.textContent.trim();
            return v === '' ? null : v;
        })""",
    )


def query(page) -> dict[str, str]:
    """The page's query once the URL written after the last change is in place.

    Playwright's page.url follows history changes a moment late, and the page writes its URL
    in a timer of its own; a zero timer set now runs after that one.
    """
    search = page.evaluate("new Promise(done => setTimeout(() => done(location.search), 0))")
    return {k: v[0] for k, v in parse_qs(urlsplit(search).query).items()}


def here(page) -> str:
    return page.evaluate("location.pathname.slice(1) + location.search")


@pytest.fixture
def site(app, browser):
    """The built test site served on 127.0.0.1, and a function opening a page of it."""
    app.build()
    pages = []
    errors: list[str] = []
    with serve(app.outdir) as base:

        def open_page(path: str = "index.html", **options):
            page = browser.new_page(**options)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            # Browsers ask every server for a favicon, which the site does not have.
            page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
            page.goto(base + path)
            pages.append(page)
            return page

        yield open_page
    for page in pages:
        page.close()
    assert errors == []


@pytest.fixture
def overview(site):
    return site()


@pytest.mark.sphinx("html", testroot="basic")
def test_clicking_a_header_sorts_every_group_and_a_second_click_reverses(overview):
    page = overview
    assert order(page, "정규화") == ["ioffe2015batch", "dauphin2021deconstructing"]
    header(page, "title").locator("button").click()
    assert order(page, "정규화") == ["ioffe2015batch", "dauphin2021deconstructing"]
    assert order(page, "Model Architecture") == ["beyer2020done", "ioffe2015batch"]
    assert header(page, "title", "정규화").get_attribute("aria-sort") == "ascending"
    assert header(page, "rating", "정규화").get_attribute("aria-sort") == "none"
    header(page, "title").locator("button").click()
    assert order(page, "Model Architecture") == ["ioffe2015batch", "beyer2020done"]
    assert order(page, "정규화") == ["dauphin2021deconstructing", "ioffe2015batch"]
    assert header(page, "title", "Survey").get_attribute("aria-sort") == "descending"


@pytest.mark.sphinx("html", testroot="basic")
@pytest.mark.parametrize("column", ["title", "venue", "rating", "tags", "summary", "source"])
def test_every_column_sorts_both_ways_with_missing_values_last(site, column):
    page = site("index.html?group=none")
    numeric = column == "rating"

    def key(value: str) -> object:
        return float(value) if numeric else value.casefold()

    button = page.locator(f'th[data-column="{column}"] button')
    for direction in ("ascending", "descending"):
        button.click()
        values = cell_values(page, column)
        present = [v for v in values if v is not None]
        assert values == present + [None] * (len(values) - len(present)), values
        assert [key(v) for v in present] == sorted(
            (key(v) for v in present), reverse=direction == "descending"
        ), (column, direction, present)
        assert page.locator(f'th[data-column="{column}"]').get_attribute("aria-sort") == direction
        assert query(page)["sort"] == ("" if direction == "ascending" else "-") + column


@pytest.mark.sphinx("html", testroot="basic")
def test_filter_as_you_type_in_english_and_korean(overview):
    page = overview
    assert page.inner_text(".paper-count") == "4 of 4 papers"
    page.fill("input.paper-search", "NORMALIZATION")  # case does not matter
    assert sorted(set(order(page))) == ["dauphin2021deconstructing", "ioffe2015batch"]
    assert page.inner_text(".paper-count") == "2 of 4 papers"
    assert groups(page) == ["Model Architecture", "정규화"]  # Survey has no match: hidden
    assert page.inner_text(GROUP.format("Model Architecture") + " .paper-group-count") == "1"
    page.fill("input.paper-search", "기반하여")
    assert set(order(page)) == {"ioffe2015batch"}
    page.fill("input.paper-search", "ImageNet이 과연")  # every word must match
    assert order(page) == ["beyer2020done"]
    page.fill("input.paper-search", "ICLR'21")  # the publication column
    assert order(page) == ["dauphin2021deconstructing"]
    page.fill("input.paper-search", "no such paper")
    assert order(page) == [] and page.is_visible(".paper-no-match")
    assert page.inner_text(".paper-count") == "0 of 4 papers"


@pytest.mark.sphinx("html", testroot="basic")
def test_a_tag_chip_filters_and_a_second_click_clears(overview):
    page = overview
    chip = page.locator('.paper-chips [data-tag="정규화"]')
    chip.click()
    assert chip.get_attribute("aria-pressed") == "true"
    assert sorted(set(order(page))) == ["dauphin2021deconstructing", "ioffe2015batch"]
    assert query(page) == {"tag": "정규화"}
    chip.click()
    assert chip.get_attribute("aria-pressed") == "false"
    assert len(set(order(page))) == 4
    assert query(page) == {}


@pytest.mark.sphinx("html", testroot="basic")
def test_regrouping_in_the_browser(overview):
    page = overview
    page.select_option("select.paper-group-by", "year")
    assert groups(page) == ["2021", "2020", "2015"]
    assert page.get_attribute(GROUP.format("2015"), "id") == "year-2015"
    assert order(page, "2015") == ["ioffe2015batch", "lecun2015deep"]  # rating, unrated last
    page.select_option("select.paper-group-by", "venue")
    # A preprint with no other venue is grouped under arXiv, as its Publication reads.
    assert groups(page) == ["arXiv", "ICLR", "ICML", "Nature"]
    page.select_option("select.paper-group-by", "none")
    assert order(page) == [
        "ioffe2015batch",
        "beyer2020done",
        "dauphin2021deconstructing",
        "lecun2015deep",
    ]
    page.select_option("select.paper-group-by", "tag")
    assert groups(page) == ["Model Architecture", "Survey", "정규화"]
    assert page.get_attribute(GROUP.format("정규화"), "id") == "tag-정규화"  # anchors kept
    # Sorting and filtering work on the regrouped tables too.
    page.select_option("select.paper-group-by", "year")
    page.locator(GROUP.format("2015") + ' th[data-column="title"] button').click()
    assert order(page, "2015") == ["ioffe2015batch", "lecun2015deep"]
    page.fill("input.paper-search", "nature")
    assert groups(page) == ["2015"]


@pytest.mark.sphinx("html", testroot="basic")
def test_the_view_lives_in_the_url(site):
    page = site()
    page.select_option("select.paper-group-by", "year")
    page.locator('.paper-chips [data-tag="정규화"]').click()
    page.locator('.paper-group th[data-column="title"] button').first.click()
    page.fill("input.paper-search", "batch")
    assert query(page) == {"group": "year", "tag": "정규화", "sort": "title", "filter": "batch"}
    shown = (groups(page), order(page))

    again = site(here(page))  # the same link in a new page
    assert (groups(again), order(again)) == shown
    assert again.input_value("input.paper-search") == "batch"
    assert again.input_value("select.paper-group-by") == "year"
    assert again.get_attribute('[data-tag="정규화"]', "aria-pressed") == "true"
    again.reload()
    assert (groups(again), order(again)) == shown

    # Back: the search goes, then the sort, then the tag, then the grouping.
    page.go_back()
    assert query(page) == {"group": "year", "tag": "정규화", "sort": "title"}
    assert page.input_value("input.paper-search") == ""
    page.go_back()
    page.go_back()
    assert query(page) == {"group": "year"}
    assert groups(page) == ["2021", "2020", "2015"]
    page.go_back()
    assert query(page) == {} and groups(page) == ["Model Architecture", "Survey", "정규화"]
    page.go_forward()
    assert groups(page) == ["2021", "2020", "2015"]


@pytest.mark.sphinx("html", testroot="basic")
def test_headers_sort_from_the_keyboard(overview):
    page = overview
    header(page, "venue").locator("button").focus()
    page.keyboard.press("Enter")
    assert order(page, "Model Architecture") == ["beyer2020done", "ioffe2015batch"]
    page.keyboard.press("Space")
    assert order(page, "Model Architecture") == ["ioffe2015batch", "beyer2020done"]
    assert header(page, "venue").get_attribute("aria-sort") == "descending"


def corners(box: dict[str, float], inset: float = 2) -> list[tuple[float, float]]:
    """Points just inside each corner of a bounding box: top left, top right, bottom left,
    bottom right."""
    left, top = box["x"] + inset, box["y"] + inset
    right, bottom = box["x"] + box["width"] - inset, box["y"] + box["height"] - inset
    return [(left, top), (right, top), (left, bottom), (right, bottom)]


def click_corners_of(page, th) -> list[str]:
    """aria-sort of the header cell ``th`` after a click just inside each of its corners."""
    seen = []
    for x, y in corners(th.bounding_box()):
        page.mouse.click(x, y)
        seen.append(th.get_attribute("aria-sort"))
    return seen


@pytest.mark.sphinx("html", testroot="basic")
@pytest.mark.parametrize("column", ["title", "rating"])  # a label on the left, on the right
def test_a_click_anywhere_in_a_header_cell_sorts(overview, column):
    """The whole cell is the target (it is wide, and people click anywhere in it), not only
    its label: each click just inside a corner sorts, and the next reverses."""
    page = overview
    th = header(page, column)
    button = th.locator("button")
    # The button is the cell: a click there is a click on the button, focus and all.
    assert button.bounding_box()["width"] >= th.bounding_box()["width"] - 2
    assert button.bounding_box()["height"] >= th.bounding_box()["height"] - 2
    both = ["ascending", "descending"]
    assert click_corners_of(page, th) == both + both
    page.mouse.click(*corners(th.bounding_box())[3])
    assert order(page, "Model Architecture") == ["beyer2020done", "ioffe2015batch"]
    assert query(page)["sort"] == column


@pytest.mark.sphinx("html", testroot="basic")
def test_tab_reaches_each_header_cell_with_a_visible_focus_and_keys_sort(overview):
    """From the last tag chip, Tab goes to the first header cell, then along the row; the
    focus ring is drawn inside the cell, where the table's scrolling box cannot clip it;
    Enter and Space sort, and aria-sort says how."""
    page = overview
    page.locator(".paper-chips [data-tag]").last.focus()
    focused = []
    for _ in range(3):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate(
                """() => { const e = document.activeElement, s = getComputedStyle(e);
                return [e.closest('th')?.dataset.column, e.matches(':focus-visible'),
                        s.outlineStyle, s.outlineWidth, s.outlineOffset]; }"""
            )
        )
    assert [f[0] for f in focused] == ["title", "venue", "rating"]
    for _, visible, style, width, offset in focused:
        assert visible and style == "solid" and width == "2px", focused
        assert float(offset.removesuffix("px")) < 0, focused  # inside the cell
    rating = header(page, "rating")
    page.keyboard.press("Enter")
    assert rating.get_attribute("aria-sort") == "ascending"
    assert order(page, "Model Architecture") == ["beyer2020done", "ioffe2015batch"]
    page.keyboard.press("Space")
    assert rating.get_attribute("aria-sort") == "descending"
    assert order(page, "Model Architecture") == ["ioffe2015batch", "beyer2020done"]
    assert page.evaluate("document.activeElement.closest('th').dataset.column") == "rating"
    assert header(page, "title").get_attribute("aria-sort") == "none"


@pytest.mark.sphinx("html", testroot="basic")
def test_every_control_is_reachable_by_keyboard_with_a_visible_focus(overview):
    page = overview
    page.locator("input.paper-search").focus()
    seen = []
    for _ in range(4):
        style = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.tagName, e.className, s.outlineStyle, s.outlineWidth]; }"
        )
        seen.append(style)
        page.keyboard.press("Tab")
    tags = [s[0] for s in seen]
    assert tags[:3] == ["INPUT", "SELECT", "BUTTON"]
    for tag, _, outline, width in seen[1:3]:
        assert outline != "none" and width != "0px", (tag, outline, width)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the focused chip
    assert page.locator('.paper-chips [aria-pressed="true"]').count() == 1


@pytest.mark.sphinx("html", testroot="basic")
def test_without_javascript_the_full_table_in_default_order(site):
    page = site(java_script_enabled=False)
    assert not page.is_visible(".paper-toolbar")
    assert order(page, "Model Architecture") == ["ioffe2015batch", "beyer2020done"]
    assert page.locator("tbody tr").count() == 5  # a paper with two tags is in both groups
    assert page.locator("th button").count() == 0


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    """The project's own site, with its theme, built once for this module."""
    from pathlib import Path

    app = build_site(Path(__file__).parents[1], tmp_path_factory.mktemp("real-site"))
    with serve(app.outdir) as base:
        yield base


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_sites_overview_on_a_phone_and_a_desktop(real_site, browser, scheme):
    """Nothing scrolls sideways on a phone; the controls work in both colour schemes."""
    errors: list[str] = []
    for viewport, mobile in (
        ({"width": 360, "height": 740}, True),
        ({"width": 1280, "height": 900}, False),
    ):
        page = browser.new_page(viewport=viewport, is_mobile=mobile, color_scheme=scheme)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        page.goto(real_site + "index.html")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        for scroll, client in page.eval_on_selector_all(
            ".paper-grid-scroll", "els => els.map(e => [e.scrollWidth, e.clientWidth])"
        ):
            assert scroll <= client
        page.fill("input.paper-search", "정규화")
        assert page.inner_text(".paper-count").startswith("10편 중")  # "… of 10 papers"
        assert errors == []
        page.close()


def test_with_the_sites_theme_a_click_anywhere_in_a_header_cell_sorts(real_site, browser):
    """The theme styles tables of its own: the cell is still the target."""
    page = browser.new_page()
    page.goto(real_site + "index.html")
    th = page.locator('.paper-group th[data-column="title"]').first
    assert click_corners_of(page, th) == ["ascending", "descending"] * 2
    page.close()


@pytest.mark.sphinx("html", testroot="basic")
def test_sorting_works_from_file_urls(app, browser):
    app.build()
    page = browser.new_page()
    page.goto((app.outdir / "index.html").as_uri())
    header(page, "title").locator("button").click()
    assert order(page, "Model Architecture") == ["beyer2020done", "ioffe2015batch"]
    page.fill("input.paper-search", "nature")
    assert order(page) == ["lecun2015deep"]
    page.close()


def test_long_groups_are_chunked_and_every_row_ends_in_order(make_app, tmp_path, browser):
    """A group longer than one chunk table: the rows on screen are sorted at once and the
    rest follow, so the whole group ends in order across its tables."""
    import shutil
    from io import StringIO

    from conftest import ROOTS

    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    bib = [(srcdir / "refs.bib").read_text(encoding="utf-8")]
    for i in range(150):
        key = f"bulk{i:03d}"
        bib.append(f"@misc{{{key}, title = {{Bulk paper {(i * 37) % 150:03d}}}, year = {{2020}}}}")
        rating = f"rating: {i % 5}\n" if i % 7 else ""
        (srcdir / "reviews" / f"{key}.md").write_text(
            f"---\nbibkey: {key}\ntags: [Bulk]\n{rating}summary: 요약 {i}.\n---\n\n# Bulk {i}\n",
            encoding="utf-8",
        )
    (srcdir / "refs.bib").write_text("\n".join(bib), encoding="utf-8")
    app = make_app("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    app.build()
    page = browser.new_page(viewport={"width": 1200, "height": 700})
    page.goto((app.outdir / "index.html").as_uri())
    group = GROUP.format("Bulk")
    assert page.locator(group + " table").count() == 3  # 150 rows in tables of 60
    page.locator(group + ' th[data-column="title"] button').click()
    page.wait_for_timeout(300)
    titles = page.eval_on_selector_all(
        group + ' tbody tr td[data-column="title"]', "cells => cells.map(c => c.textContent)"
    )
    assert titles == sorted(titles) and len(titles) == 150
    page.locator(group + ' th[data-column="rating"] button').click()
    page.locator(group + ' th[data-column="rating"] button').click()  # descending
    page.wait_for_timeout(300)
    ratings = page.eval_on_selector_all(
        group + ' tbody tr td[data-column="rating"]', "cells => cells.map(c => c.dataset.value)"
    )
    rated = [float(r) for r in ratings if r]
    assert rated == sorted(rated, reverse=True)
    assert ratings[len(rated) :] == [""] * (150 - len(rated))  # unrated last
    page.close()


@pytest.mark.sphinx("html", testroot="basic")
def test_a_url_anyone_can_write_does_not_stop_the_script(site):
    """No error in the page (the fixture fails the test on any), and the controls work."""
    page = site('index.html?sort=a"],-rating&group=<img>')
    assert page.locator("img").count() == 0
    page.fill("input.paper-search", "accelerating")
    assert set(order(page)) == {"ioffe2015batch"}


def test_a_review_titled_with_one_long_word_fits_a_phone(tmp_path, browser):
    """A title from an import may have no place to break (this one is a real Notion
    export's, tests/data/notion-real/fhachez-…): it wraps instead of running off the page."""

    from conftest import copy_root, write

    srcdir = copy_root(tmp_path)
    copy_site_files(srcdir)
    title = ":".join(["Loooooooooooooooong"] * 4) + "*" + "*".join(["Loooooooooooooooong"] * 4)
    review = srcdir / "reviews" / "lecun2015deep.md"
    text = review.read_text(encoding="utf-8")
    markdown = title.replace("*", "\\*")
    write(review, text.replace("\n# ", f"\n# {markdown}\n\n## ", 1))
    app = build_site(srcdir, tmp_path / "build")
    with serve(app.outdir) as base:
        for width in (360, 1280):
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto(base + "reviews/lecun2015deep.html")
            assert title in page.inner_text("h1")
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            box = page.eval_on_selector("h1", "h => [h.scrollWidth, h.clientWidth]")
            assert box[0] <= box[1], box
            page.close()
