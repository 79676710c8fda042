"""The statistics page (``paper-statistics``): its counts, its links to the overview, its
words, in incremental and parallel builds, in a browser and in the PDF."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest
from conftest import (
    build_pdf,
    build_site,
    copy_root,
    copy_site_files,
    missing,
    read_html,
    serve,
    squeeze,
    warnings_of,
    write,
)
from paper_reviews.core.model import PaperView
from paper_reviews.core.statistics import Bar, bar_label, count, parse_charts, view_of

ROOT = "test-statistics"

#: What the test root's six reviews (one a draft) count: (key, count) in the order shown.
COUNTS = {
    "tag": [("Vision", 4), ("Language", 2), ("Theory", 1), ("정규화", 1)],
    "venue": [("NeurIPS", 2), ("ICLR", 1), ("ICML", 1), ("", 2)],
    "year": [("2020", 1), ("2019", 2), ("2016", 1), ("2015", 1), ("", 1)],
    # alpha 4.5 is five stars (rounded half up, as the card shows), epsilon 0.4 none,
    # delta is unrated.
    "rating": [("5", 1), ("4", 1), ("3", 1), ("2", 0), ("1", 1), ("0", 1), ("", 1)],
}


def bars(soup, chart: str) -> list[tuple[str, int]]:
    """A chart's bars as (key, count), read from the counts written beside the bars."""
    shown = soup.select(f'.paper-chart[data-chart="{chart}"] g.paper-bar')
    return [(g["data-key"], int(g.select_one(".paper-bar-count").get_text())) for g in shown]


def links(soup, chart: str) -> dict[str, str]:
    """A chart's links by bar key."""
    shown = soup.select(f'.paper-chart[data-chart="{chart}"] g.paper-bar')
    return {g["data-key"]: g.a["href"] for g in shown if g.a is not None}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("statistics")
    return build_site(copy_root(tmp_path, ROOT), tmp_path / "build")


def test_bars_link_to_the_root_pages_overview_before_another(tmp_path):
    """A second overview on a page whose name sorts first ("archive") does not take the
    bars' links: the root page's overview does."""
    srcdir = copy_root(tmp_path, ROOT)
    write(srcdir / "archive.md", "# Archive\n\n```{paper-table}\n:group-by: year\n```\n")
    index = srcdir / "index.md"
    write(index, index.read_text(encoding="utf-8").replace("references\n", "references\narchive\n"))
    app = build_site(srcdir, tmp_path / "build")
    assert warnings_of(app) == []
    assert set(links(read_html(app, "statistics"), "tag").values()) >= {"index.html?tag=Vision"}


def test_single_html_gives_each_pages_charts_ids_of_their_own(tmp_path):
    """Three pages of charts on one page, one of them named in Hangul (which gives no id of
    its own)."""
    srcdir = copy_root(tmp_path, ROOT)
    write(srcdir / "연도.md", "# 연도\n\n```{paper-statistics}\n:charts: year\n```\n")
    index = srcdir / "index.md"
    write(index, index.read_text(encoding="utf-8").replace("references\n", "references\n연도\n"))
    app = build_site(srcdir, tmp_path / "build", "singlehtml")
    assert len(read_html(app, "index").select("svg.paper-chart-bars")) >= 6
    page = read_html(app, "index")
    ids = [element["id"] for element in page.select(".paper-statistics [id]")]
    assert len(ids) == len(set(ids)) > 0
    for svg in page.select("svg.paper-chart-bars"):
        assert page.find(id=svg["aria-labelledby"]) in svg.find_all("title")


def test_without_an_overview_the_charts_promise_no_links(tmp_path):
    srcdir = copy_root(tmp_path, ROOT)
    index = srcdir / "index.md"
    write(index, index.read_text(encoding="utf-8").replace("```{paper-table}\n```\n", ""))
    app = build_site(srcdir, tmp_path / "build")
    page = read_html(app, "statistics")
    assert page.select("svg.paper-chart-bars") and not page.select("svg a, svg desc")
    assert not page.select("svg[aria-describedby]")


# -- counting ---------------------------------------------------------------------------------


def test_counts_per_tag_venue_year_and_rating(site):
    assert warnings_of(site) == []
    page = read_html(site, "statistics")
    for chart, expected in COUNTS.items():
        assert bars(page, chart) == expected, chart
    # Charts in the default order, each with its heading; the figures above them.
    assert [c["data-chart"] for c in page.select(".paper-chart")] == list(COUNTS)
    assert [h.get_text() for h in page.select(".paper-chart h2")] == [
        "Reviews per tag",
        "Reviews per venue",
        "Reviews per year",
        "Ratings",
    ]
    summary = page.select_one(".paper-statistics-summary").get_text(" ", strip=True)
    # (4.5 + 3.2 + 4 + 0.4 + 1) / 5 rated reviews; the draft counts, as the overview lists it.
    assert summary == "6 reviews 1 draft 4 tags 3 venues Average rating 2.6"
    # Labels as the overview names its groups, ratings as the card's stars.
    labels = [t.get_text() for t in page.select('[data-chart="rating"] .paper-bar-label')]
    assert labels == ["★★★★★", "★★★★☆", "★★★☆☆", "★★☆☆☆", "★☆☆☆☆", "☆☆☆☆☆", "Unrated"]
    venue = page.select('[data-chart="venue"] .paper-bar-label')[-1].get_text()
    assert venue == "No venue"


def test_the_charts_option_and_a_second_page(site):
    page = read_html(site, "more/numbers")
    assert [c["data-chart"] for c in page.select(".paper-chart")] == ["rating", "year"]
    assert bars(page, "year") == COUNTS["year"]


def test_a_bad_charts_option_warns_and_shows_every_chart(tmp_path):
    srcdir = copy_root(tmp_path, ROOT)
    write(
        srcdir / "more" / "numbers.md", "# Numbers\n\n```{paper-statistics}\n:charts: stars\n```\n"
    )
    app = build_site(srcdir, tmp_path / "build")
    (warning,) = warnings_of(app)
    assert "numbers.md:3" in warning and warning.endswith("[paper.option]")
    assert "':charts:' takes a comma-separated list of tag, venue, year, rating" in warning
    page = read_html(app, "more/numbers")
    assert [c["data-chart"] for c in page.select(".paper-chart")] == list(COUNTS)


def test_bars_are_accessible_and_their_numbers_are_text(site):
    page = read_html(site, "statistics")
    for chart in page.select(".paper-chart"):
        svg = chart.select_one("svg")
        title = svg.select_one("title")
        assert svg["aria-labelledby"] == title["id"] and title.get_text() == chart.h2.get_text()
        assert svg.select_one("desc")["id"] == svg["aria-describedby"]
        assert svg["role"] == "group"
    bar = page.select_one('[data-chart="tag"] g.paper-bar[data-key="Vision"]')
    assert bar.a.title.get_text() == "Vision: 4 reviews"  # its name and tooltip
    assert bar.select_one(".paper-bar-label").get_text() == "Vision"
    assert bar.select_one(".paper-bar-count").get_text() == "4"
    # The longest bar is the longest; the others in proportion.
    widths = {
        g["data-key"]: float(g.select_one(".paper-bar-fill")["width"].rstrip("%"))
        for g in page.select('[data-chart="tag"] g.paper-bar')
    }
    assert widths["Vision"] == 2 * widths["Language"] == 4 * widths["Theory"]
    stars = page.select_one('[data-chart="rating"] g.paper-bar[data-key="4"]')
    assert stars.a.title.get_text() == "4 stars: 1 review"
    # No reviews to link to: an image with the same words.
    empty = page.select_one('[data-chart="rating"] g.paper-bar[data-key="2"]')
    assert empty.a is None
    assert (empty["role"], empty["aria-label"]) == ("img", "2 stars: 0 reviews")
    # Out of the search index, as the overview is.
    assert "Vision" not in (site.outdir / "searchindex.js").read_text(encoding="utf-8")


# -- links ------------------------------------------------------------------------------------


def overview_anchors(site) -> dict[str, set[str]]:
    """The anchors of the overview's groups for each grouping (what its script regroups
    into, from the build's data-config), and the ids the page has as written."""
    page = read_html(site, "index")
    config = json.loads(page.select_one(".paper-table")["data-config"])
    anchors = {kind: {g["id"] for g in groups} for kind, groups in config["groups"].items()}
    anchors["page"] = {tag["id"] for tag in page.select("[id]")}
    return anchors


@pytest.mark.parametrize("docname", ["statistics", "more/numbers"])
def test_links_resolve_to_the_overview_and_its_anchors(site, docname):
    page = read_html(site, docname)
    anchors = overview_anchors(site)
    here = f"http://example.org/sub/path/{docname}.html"
    checked = 0
    for chart in page.select(".paper-chart"):
        kind = chart["data-chart"]
        for key, href in links(page, kind).items():
            url = urlsplit(urljoin(here, href))
            # Relative to the page: the overview of the same site, wherever it is served.
            assert url.path == "/sub/path/index.html", href
            assert (site.outdir / "index.html").is_file()
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if kind == "tag":
                assert query == {"tag": key}
                assert url.fragment == ""
            elif kind == "rating":
                assert query == {"group": "none", "sort": "-rating"}
            else:
                assert query == {"group": kind}
                assert unquote(url.fragment) in anchors[kind], href
            checked += 1
    assert checked >= 10
    # The groups shown as written (by tag) are on the page itself.
    for anchor in anchors["tag"]:
        assert anchor in anchors["page"]


def test_links_of_the_first_chart_named_exactly(site):
    page = read_html(site, "statistics")
    assert links(page, "tag")["정규화"] == "index.html?tag=%EC%A0%95%EA%B7%9C%ED%99%94"
    assert links(page, "year") == {
        "2020": "index.html?group=year#year-2020",
        "2019": "index.html?group=year#year-2019",
        "2016": "index.html?group=year#year-2016",
        "2015": "index.html?group=year#year-2015",
        "": "index.html?group=year#year-group",
    }
    assert links(page, "venue")["NeurIPS"] == "index.html?group=venue#venue-neurips"
    assert "2" not in links(page, "rating")  # no review has two stars


def test_view_of_follows_the_overview(tmp_path):
    anchors = {"tag": {"A": "tag-a"}, "venue": {"ICML": "venue-icml"}, "year": {}}
    assert view_of("tag", Bar("A", 2), anchors).params == (("tag", "A"),)
    # A tag the overview leaves out (its :tags: option), or a year it does not group by.
    assert view_of("tag", Bar("B", 2), anchors) is None
    assert view_of("year", Bar("2015", 1), anchors) is None
    assert view_of("venue", Bar("ICML", 0), anchors) is None
    assert view_of("venue", Bar("ICML", 3), anchors).anchor == "venue-icml"
    assert bar_label("tag", "", str) == "No tags"
    with pytest.raises(ValueError, match="':charts:'"):
        parse_charts("tags, stars")
    assert parse_charts("Year, rating, year") == ("year", "rating")


def test_counting_a_draft_without_tags_and_ratings_at_the_edges():
    def paper(key: str, **kwargs) -> PaperView:
        fields = dict(title=key, tags=(), summary="", rating=None, venue=None, year=None)
        fields.update(kwargs)
        return PaperView(docname=key, bibkey=key, source=None, arxiv_id=None, **fields)

    counted = count(
        [
            paper("a", draft=True),
            paper("b", tags=("X", "X"), rating=5),
            paper("c", tags=("X",), rating=4.49),
            paper("d", tags=("X",), rating=0),
        ]
    )
    by_kind = {c.kind: [(b.key, b.count) for b in c.bars] for c in counted.charts}
    assert by_kind["tag"] == [("X", 3), ("", 1)]  # a tag given twice counts once
    assert by_kind["rating"] == [
        ("5", 1),
        ("4", 1),
        ("3", 0),
        ("2", 0),
        ("1", 0),
        ("0", 1),
        ("", 1),
    ]
    assert (counted.reviews, counted.drafts, counted.tags, counted.venues) == (4, 1, 1, 0)
    assert count([]).charts[3].bars[-1] == Bar("0", 0)  # no unrated bar without unrated


# -- what is escaped --------------------------------------------------------------------------

HOSTILE = ["<script>alert(1)</script>", "R&D", "say \"hi\" 'there'", "x" * 300]


def test_a_hostile_tag_is_text_in_the_svg_and_the_link(tmp_path):
    srcdir = copy_root(tmp_path, ROOT)
    review = srcdir / "reviews" / "theory.md"
    tags = ", ".join(json.dumps(tag) for tag in HOSTILE)
    write(
        review,
        f"---\nbibkey: epsilon\ntags: [{tags}]\nsummary: 이론.\n---\n\n# Theory\n",
    )
    (srcdir / "reviews" / "epsilon.md").unlink()
    app = build_site(srcdir, tmp_path / "build")
    assert warnings_of(app) == []
    text = (app.outdir / "statistics.html").read_text(encoding="utf-8")
    assert "<script>alert" not in text
    page = read_html(app, "statistics")
    assert not page.select(".paper-statistics script")
    shown = links(page, "tag")
    for tag in HOSTILE:
        bar = page.select('[data-chart="tag"] g.paper-bar')
        (found,) = [g for g in bar if g["data-key"] == tag]
        assert found.select_one(".paper-bar-label").get_text() == tag
        assert found.a.title.get_text() == f"{tag}: 1 review"
        href = shown[tag]
        assert href.startswith("index.html?tag=") and not re.search(r"[<>\"' &]", href), href
        assert parse_qs(urlsplit(href).query) == {"tag": [tag]}


# -- incremental and parallel builds ----------------------------------------------------------


def written_docs(app) -> set[str]:
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def test_an_incremental_build_after_a_retag_rewrites_the_statistics(tmp_path):
    srcdir = copy_root(tmp_path, ROOT)
    builddir = tmp_path / "incremental"
    build_site(srcdir, builddir)
    review = srcdir / "reviews" / "beta2016.md"
    write(review, review.read_text(encoding="utf-8").replace("[Vision]", "[Speech, 정규화]"))
    app = build_site(srcdir, builddir)
    assert {"statistics", "more/numbers", "index"} <= written_docs(app)
    page = read_html(app, "statistics")
    assert bars(page, "tag") == [
        ("Vision", 3),
        ("Language", 2),
        ("정규화", 2),
        ("Speech", 1),
        ("Theory", 1),
    ]
    assert links(page, "tag")["Speech"] == "index.html?tag=Speech"
    fresh = build_site(srcdir, tmp_path / "fresh")
    for docname in ("statistics", "more/numbers"):
        assert str(read_html(app, docname).body) == str(read_html(fresh, docname).body)

    # A page with nothing to do with the catalog: the statistics are not written again.
    write(srcdir / "references.md", "# References\n\nAll of them.\n\n```{bibliography}\n```\n")
    app = build_site(srcdir, builddir)
    assert "statistics" not in written_docs(app)


def test_a_parallel_build_equals_a_serial_one(tmp_path):
    srcdir = copy_root(tmp_path, ROOT)
    serial = build_site(srcdir, tmp_path / "j1", parallel=1)
    parallel = build_site(srcdir, tmp_path / "j2", parallel=2)
    for docname in ("statistics", "more/numbers"):
        assert str(read_html(parallel, docname).body) == str(read_html(serial, docname).body)


# -- in the site's language -------------------------------------------------------------------


def real_site(tmp_path: Path, reviews: bool) -> Path:
    """The repository's own site pages (in Korean) with the test root's reviews, or none."""
    site = copy_root(tmp_path, ROOT, "site")
    copy_site_files(site)
    shutil.rmtree(site / "more")
    if not reviews:
        shutil.rmtree(site / "reviews")
        (site / "reviews").mkdir()
        (site / "refs.bib").write_text("", encoding="utf-8")
    return site


def test_a_site_without_reviews_says_so_in_its_language(tmp_path):
    app = build_site(real_site(tmp_path, reviews=False), tmp_path / "build")
    assert warnings_of(app) == []
    page = read_html(app, "statistics")
    assert page.select_one(".paper-statistics").get_text(strip=True) == "아직 리뷰가 없습니다."
    assert not page.select(".paper-statistics svg")
    # The top navigation names the page by its title.
    nav = [a.get_text(strip=True) for a in page.select(".paper-reviews-nav a")]
    assert "통계" in nav


def test_the_words_are_korean_on_a_korean_site(tmp_path):
    app = build_site(real_site(tmp_path, reviews=True), tmp_path / "build")
    assert warnings_of(app) == []
    page = read_html(app, "statistics")
    assert [h.get_text() for h in page.select(".paper-chart h2")] == [
        "태그별 리뷰 수",
        "게재처별 리뷰 수",
        "연도별 리뷰 수",
        "평점 분포",
    ]
    summary = page.select_one(".paper-statistics-summary").get_text(" ", strip=True)
    assert summary == "리뷰 6 편 초안 1 편 태그 4 개 게재처 3 곳 평균 평점 2.6"
    vision = page.select_one('[data-chart="tag"] g.paper-bar[data-key="Vision"] a')
    assert vision.title.get_text() == "Vision: 리뷰 4편"
    five = page.select_one('[data-chart="rating"] g.paper-bar[data-key="5"] a')
    assert five.title.get_text() == "별 5개: 리뷰 1편"
    labels = [t.get_text() for t in page.select(".paper-bar-label")]
    assert {"게재처 없음", "연도 없음", "평점 없음"} <= set(labels)
    assert page.select_one("svg desc").get_text() == (
        "막대를 누르면 리뷰 목록에서 해당 리뷰를 볼 수 있습니다."
    )


# -- in a browser -----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violation_in_the_charts(tmp_path, browser, scheme):
    """axe-core's WCAG 2.1 A and AA rules (tests/axe_core.py) on what the extension writes,
    on the real site's theme, in both colour schemes, on a desktop and a phone."""
    import axe_core

    try:
        axe = axe_core.fetch()
    except OSError as error:
        missing(f"axe-core {axe_core.VERSION} could not be fetched ({error}): run make test")
    app = build_site(real_site(tmp_path, reviews=True), tmp_path / "build")
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    with serve(app.outdir) as base:
        for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 800}):
            page = browser.new_page(color_scheme=scheme, viewport=viewport)
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
            )
            page.goto(base + "statistics.html")
            assert page.get_attribute("html", "data-theme") == scheme
            page.add_script_tag(path=str(axe))
            result = page.evaluate(
                """tags => axe.run({include: [".paper-statistics"]}, {
                    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
                tags,
            )
            found = [
                f"{v['id']}: {node['html']}" for v in result["violations"] for node in v["nodes"]
            ]
            assert found == [], (viewport, found)
            page.close()


def shown_rows(page) -> list[list[str]]:
    """The tags of each row the overview shows."""
    return page.eval_on_selector_all(
        ".paper-groups tbody tr:not([hidden])",
        "rows => rows.filter(r => r.offsetParent).map(r => JSON.parse(r.dataset.tags))",
    )


def test_a_tag_bar_opens_the_overview_filtered_to_that_tag(site, browser):
    """From file://, as a site opened from disk is."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site.outdir / "statistics.html").as_uri())
    # Each bar is a link named by its label and count.
    assert page.get_by_role("link", name="Vision: 4 reviews", exact=True).count() == 1
    assert page.get_by_role("link", name="4 stars: 1 review", exact=True).count() == 1
    page.click('[data-chart="tag"] g.paper-bar[data-key="Language"] a')
    page.wait_for_url("**/index.html?tag=Language")
    assert page.get_attribute('.paper-chips [data-tag="Language"]', "aria-pressed") == "true"
    rows = shown_rows(page)
    assert rows and all("Language" in tags for tags in rows)
    assert len({tuple(t) for t in rows}) == 2  # gamma and delta
    page.close()
    assert errors == []


def test_a_year_bar_opens_the_overview_grouped_by_year(site, browser):
    """Served under a sub-path (/html/), as a site on GitHub Pages is."""
    with serve(site.outdir.parent) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 500})
        page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        page.goto(base + "html/statistics.html")
        page.click('[data-chart="year"] g.paper-bar[data-key="2015"] a')
        page.wait_for_url("**/html/index.html?group=year#year-2015")
        assert page.input_value("select.paper-group-by") == "year"
        groups = page.eval_on_selector_all(
            ".paper-group:not([hidden])", "sections => sections.map(s => s.id)"
        )
        assert groups == ["year-2020", "year-2019", "year-2016", "year-2015", "year-group"]
        # The reader lands at that year's group.
        top = page.evaluate("document.getElementById('year-2015').getBoundingClientRect().top")
        assert 0 <= top < 500
        page.close()


def test_the_page_on_a_phone_fits_and_the_bars_are_keyboard_links(site, browser):
    page = browser.new_page(viewport={"width": 390, "height": 800}, is_mobile=True)
    page.goto((site.outdir / "statistics.html").as_uri())
    # Nothing runs off the side; every bar has room for its count.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for number in page.query_selector_all(".paper-bar-count"):
        box = number.bounding_box()
        svg = page.evaluate("e => e.closest('svg').getBoundingClientRect().right", number)
        assert box["x"] + box["width"] <= svg + 0.5
    page.focus('[data-chart="tag"] g.paper-bar a')
    page.keyboard.press("Enter")
    page.wait_for_url("**/index.html?tag=Vision")
    page.close()


# -- in the PDF -------------------------------------------------------------------------------


@pytest.mark.pdf
def test_the_charts_are_in_the_pdf_without_drafts(tmp_path):
    srcdir = copy_root(tmp_path, "test-pdf")
    (srcdir / "statistics.md").write_text(
        "# 통계\n\n```{paper-statistics}\n```\n", encoding="utf-8"
    )
    index = srcdir / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("references\n", "statistics\nreferences\n"),
        encoding="utf-8",
    )
    draft = srcdir / "reviews" / "kaiser2017names.md"
    draft.write_text(
        draft.read_text(encoding="utf-8").replace("rating: 4\n", "rating: 4\ndraft: true\n"),
        encoding="utf-8",
    )
    pdf = build_pdf(srcdir, srcdir / "_build", "pdftest")
    assert warnings_of(pdf["app"]) == []
    assert "Missing character" not in pdf["log"]
    text = pdf["flat"]
    start = text.index("태그별 리뷰 수")
    charts = squeeze(text[start : text.index("References", start)])
    for words in ("태그별 리뷰 수", "게재처별 리뷰 수", "연도별 리뷰 수", "평점 분포"):
        assert squeeze(words) in charts
    # Three reviews: the draft is left out, as the PDF leaves it out.
    assert squeeze("리뷰 3편") in squeeze(text[:start][-200:])
    for label in ("Model Architecture", "정규화", "C# & C++ {~}", "특수 문자", "Survey", "ICML"):
        assert squeeze(label) in charts, label
    assert squeeze("Łódź") not in charts
    assert squeeze("★★★★★") in charts and squeeze("평점 없음") in charts
    # Drawn as rules, in the TeX Sphinx wrote.
    assert r"\color{TitleColor}\rule" in pdf["tex"]
