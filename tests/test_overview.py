"""The paper-table overview as a reader sees it in HTML."""

from __future__ import annotations

import pytest
from conftest import copy_root, read_html, warnings_of


def groups(soup):
    return {
        g["data-group"]: [row["data-bibkey"] for row in g.select("tbody tr")]
        for g in soup.select(".paper-table .paper-group")
    }


@pytest.mark.sphinx("html", testroot="basic")
def test_groups_rows_and_default_order(app):
    app.build()
    assert warnings_of(app) == []
    soup = read_html(app, "index")
    # One group per tag, sorted by name; a paper with two tags is in both groups.
    # Within a group: rating descending, then title; unrated last.
    assert groups(soup) == {
        "Model Architecture": ["ioffe2015batch", "beyer2020done"],
        "Survey": ["lecun2015deep"],
        "정규화": ["ioffe2015batch", "dauphin2021deconstructing"],
    }
    heads = [h.get_text(" ", strip=True) for h in soup.select(".paper-group-title")]
    assert heads == ["Model Architecture 2", "Survey 1", "정규화 2"]
    anchors = [g["id"] for g in soup.select(".paper-group")]
    assert anchors == ["tag-model-architecture", "tag-survey", "tag-정규화"]


@pytest.mark.sphinx("html", testroot="basic")
def test_row_cells_links_and_hooks(app):
    app.build()
    soup = read_html(app, "index")
    table = soup.select_one(".paper-table")
    assert [th["data-column"] for th in table.select(".paper-group")[0].select("th")] == [
        "title",
        "venue",
        "rating",
        "tags",
        "summary",
        "source",
    ]
    row = table.select_one('[data-group="정규화"] tr[data-bibkey="dauphin2021deconstructing"]')
    cells = {td["data-column"]: td for td in row.select("td")}
    title = cells["title"].a
    assert title["href"] == "reviews/dauphin2021deconstructing.html"
    assert title.get_text() == "Deconstructing the Regularization of BatchNorm"  # braces gone
    assert cells["venue"].get_text() == "ICLR'21"
    assert cells["rating"].get_text() == "3.5"
    assert cells["rating"]["data-value"] == "3.5"
    assert [a["href"] for a in cells["tags"].select("a")] == ["#tag-정규화"]
    assert "component로 분해한다" in cells["summary"].get_text()
    assert cells["source"].a["href"] == "https://openreview.net/forum?id=d-XzF81Wg1"

    unrated = table.select_one('tr[data-bibkey="lecun2015deep"]')
    cells = {td["data-column"]: td for td in unrated.select("td")}
    assert cells["rating"].get_text() == "–"
    assert cells["rating"]["data-value"] == ""
    assert cells["venue"].get_text() == "Nature'15"  # journal when there is no venue
    assert cells["source"].a["href"] == "https://doi.org/10.1038/nature14539"

    arxiv_only = table.select_one('tr[data-bibkey="beyer2020done"]')
    assert arxiv_only.select_one('td[data-column="venue"]').get_text() == "arXiv'20"
    # The default sort's first key is announced to assistive technology.
    assert table.select_one('th[data-column="rating"]')["aria-sort"] == "descending"
    assert table.select_one('th[data-column="title"]')["aria-sort"] == "none"


@pytest.mark.sphinx("html", testroot="basic")
def test_sort_script_ships_with_the_overview_only(app):
    app.build()
    script = 'script[src*="paper_reviews.js"]'
    assert read_html(app, "index").select_one(script) is not None
    assert read_html(app, "reviews/ioffe2015batch").select_one(script) is None
    assert (app.outdir / "_static" / "paper_reviews.js").exists()
    assert (app.outdir / "_static" / "paper_reviews.css").exists()


OPTIONS_PAGE = """\
# Options

```{{paper-table}}
{options}
```
"""


def build_with_options(make_app, tmp_path, options: str):

    srcdir = copy_root(tmp_path)
    (srcdir / "index.md").write_text(
        OPTIONS_PAGE.format(options=options)
        + "\n```{toctree}\n:glob:\n:hidden:\n\nreviews/*\nnotes\nreferences\n```\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    return app


def test_group_by_year_and_sort_by_title(make_app, tmp_path):
    app = build_with_options(make_app, tmp_path, ":group-by: year\n:sort: title")
    soup = read_html(app, "index")
    assert groups(soup) == {
        "2021": ["dauphin2021deconstructing"],
        "2020": ["beyer2020done"],
        "2015": ["ioffe2015batch", "lecun2015deep"],
    }
    assert [g["id"] for g in soup.select(".paper-group")] == ["year-2021", "year-2020", "year-2015"]


def test_group_by_venue_columns_and_tag_filter(make_app, tmp_path):
    app = build_with_options(
        make_app, tmp_path, ":group-by: venue\n:tags: 정규화, Survey\n:columns: title, rating"
    )
    soup = read_html(app, "index")
    assert groups(soup) == {
        "ICLR": ["dauphin2021deconstructing"],
        "ICML": ["ioffe2015batch"],
        "Nature": ["lecun2015deep"],
    }
    assert [th["data-column"] for th in soup.select(".paper-group")[0].select("th")] == [
        "title",
        "rating",
    ]


def test_group_by_none_and_ascending_rating(make_app, tmp_path):
    app = build_with_options(make_app, tmp_path, ":group-by: none\n:sort: rating, title")
    soup = read_html(app, "index")
    rows = [row["data-bibkey"] for row in soup.select(".paper-table tbody tr")]
    # Ascending, and the unrated paper is still last.
    assert rows == ["dauphin2021deconstructing", "beyer2020done", "ioffe2015batch", "lecun2015deep"]
    assert soup.select_one(".paper-group-title") is None


def test_bad_options_warn_and_fall_back(make_app, tmp_path):
    app = build_with_options(
        make_app, tmp_path, ":group-by: author\n:sort: -stars\n:columns: title, pages"
    )
    found = warnings_of(app)
    assert len([w for w in found if "[paper.option]" in w]) == 3, found
    assert all("index.md:3" in w for w in found if "[paper.option]" in w), found
    soup = read_html(app, "index")
    assert "Model Architecture" in groups(soup)  # defaults used


def test_markup_in_fields_shows_as_text(make_app, tmp_path):

    srcdir = copy_root(tmp_path)
    (srcdir / "reviews" / "lecun2015deep.md").write_text(
        "---\nbibkey: lecun2015deep\ntags: ['<b>bold</b>', 'a\"b']\n"
        "summary: <script>alert(1)</script> & <i>more</i>\ntitle: Deep <em>learning</em>\n"
        "---\n\n# Deep learning\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    for page, selector in (("index", ".paper-table"), ("reviews/lecun2015deep", ".paper-card")):
        soup = read_html(app, page)
        part = soup.select_one(selector)
        assert part.select("script, b, i") == [], page
        assert "<script>alert(1)</script> & <i>more</i>" in part.get_text()
    title = read_html(app, "index").select_one('tr[data-bibkey="lecun2015deep"] td a')
    assert title.get_text() == "Deep <em>learning</em>"
    groups = [g["data-group"] for g in read_html(app, "index").select(".paper-group")]
    assert "<b>bold</b>" in groups and 'a"b' in groups


@pytest.mark.sphinx("html", testroot="basic")
def test_html_build_writes_the_catalog_as_json(app):
    import json

    app.build()
    text = (app.outdir / "papers.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert len(text.splitlines()) == len(data["papers"]) + 2  # one paper per line
    papers = {p["bibkey"]: p for p in data["papers"]}
    assert set(papers) == {
        "ioffe2015batch",
        "dauphin2021deconstructing",
        "lecun2015deep",
        "beyer2020done",
    }
    batch = papers["ioffe2015batch"]
    assert batch["url"] == "reviews/ioffe2015batch.html"
    assert batch["rating"] == 5.0 and batch["publication"] == "ICML'15"
    assert batch["tags"] == ["Model Architecture", "정규화"]
    assert papers["lecun2015deep"]["rating"] is None


def test_pages_name_the_scripts_with_the_checksum_of_the_files_served(tmp_path):
    """Each page links the extension's CSS and scripts with ``?v=`` and the checksum of the
    file in ``_static`` (browsers fetch a changed script again), also after an upgrade."""
    import re
    import zlib

    from conftest import build_site, copy_root, write

    srcdir = copy_root(tmp_path)
    app = build_site(srcdir, tmp_path / "out")
    static = app.outdir / "_static"

    def named(page: str) -> dict[str, str]:
        html = (app.outdir / page).read_text(encoding="utf-8")
        return dict(
            re.findall(r"_static/((?:paper_reviews|overview-[a-z]+)\.(?:js|css))\?v=(\w+)", html)
        )

    def checksum(name: str) -> str:
        return f"{zlib.crc32((static / name).read_bytes()):08x}"

    shown = named("index.html")
    assert set(shown) >= {"paper_reviews.css", "paper_reviews.js", "overview-url.js"}
    assert all(value == checksum(name) for name, value in shown.items()), shown
    assert named("reviews/ioffe2015batch.html")["paper_reviews.css"] == checksum(
        "paper_reviews.css"
    )
    # The served copy is refreshed before pages are written again.
    (static / "paper_reviews.js").write_text("/* an older copy */", encoding="utf-8")
    write(srcdir / "index.md", (srcdir / "index.md").read_text(encoding="utf-8") + "\nMore.\n")
    app = build_site(srcdir, tmp_path / "out")
    assert named("index.html")["paper_reviews.js"] == checksum("paper_reviews.js")
    assert "older copy" not in (static / "paper_reviews.js").read_text(encoding="utf-8")
