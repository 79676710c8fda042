"""The project's own site: the ten papers of the Notion database, built as readers get them."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from conftest import build_site, copy_site_files, read_html, warnings_of

REPO = Path(__file__).parents[1]
EXPORT = next((Path(__file__).parent / "data" / "notion-export").glob("*.csv"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One build of the real site, shared by this module's tests."""
    return build_site(REPO, tmp_path_factory.mktemp("site"))


def notion_rows() -> list[dict[str, str]]:
    with EXPORT.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_site_builds_without_warnings(site):
    assert warnings_of(site) == []


def test_every_notion_row_is_in_the_overview_as_written(site):
    soup = read_html(site, "index")
    rows = {}
    for row in soup.select(".paper-table tr[data-bibkey]"):
        cells = {td["data-column"]: td for td in row.select("td")}
        rows.setdefault(cells["title"].get_text(strip=True), []).append(cells)
    assert len(rows) == 10
    for notion in notion_rows():
        shown = rows[notion["Title"]]
        tags = [t.strip() for t in notion["Tags"].split(",")]
        assert len(shown) == len(tags)  # one row in each of its tag groups
        cells = shown[0]
        assert cells["summary"].get_text() == notion["Summary"]
        assert cells["rating"].get_text() == f"{float(notion['Rate']):.1f}"
        publication = notion["Publication"]
        if publication:
            assert cells["venue"].get_text() == publication
        assert cells["source"].a["href"] == notion["Source"]
        review = cells["title"].a["href"]
        assert (site.outdir / review).exists()
        card = read_html(site, review.removesuffix(".html")).select_one(".paper-card")
        assert card.select_one(".paper-summary").get_text() == notion["Summary"]


def test_overview_groups_by_tag(site):
    soup = read_html(site, "index")
    groups = {g["data-group"]: len(g.select("tbody tr")) for g in soup.select(".paper-group")}
    assert groups == {
        "Explainable AI": 1,
        "General": 3,
        "Generative Adversarial Networks": 1,
        "Model Architecture": 1,
        "Model Training": 2,
        "Model Uncertainty": 1,
        "Self-training": 1,
    }
    assert soup.select_one('script[src*="paper_reviews.js"]') is not None


def test_the_overview_is_well_formed_xhtml_in_an_epub(tmp_path):
    """EPUB readers parse pages as XML: the overview's markup must be well-formed."""
    from xml.dom import minidom

    from conftest import build_site, copy_root

    app = build_site(copy_root(tmp_path), tmp_path / "out", "epub")
    page = app.outdir / "index.xhtml"
    assert "paper-table" in page.read_text(encoding="utf-8")
    minidom.parse(str(page))  # raises on markup that is not XML


def test_a_new_site_without_reviews_builds_without_a_warning(tmp_path):
    """Starting a site of one's own (README): this site's conf.py, index.md, references.md,
    statistics.md and templates, an empty refs.bib and an empty reviews/ folder."""

    from conftest import build_site, read_html, warnings_of

    site = tmp_path / "mine"
    (site / "reviews").mkdir(parents=True)
    copy_site_files(site)
    (site / "refs.bib").write_text("", encoding="utf-8")
    app = build_site(site, tmp_path / "out")
    assert warnings_of(app) == []
    empty = read_html(app, "index").select_one(".paper-table-empty").get_text()
    assert empty == "아직 리뷰가 없습니다."  # No reviews yet.


def test_the_sites_own_words_are_korean(site):
    """Around each page's text (the theme's header, footer, navigation, buttons and their
    labels for screen readers): no English the site adds. The titles of reviews (in the
    previous and next links) are the reviews' own; "Ctrl" is the key's name; "JavaScript"
    in a Korean sentence is a name."""
    from bs4 import Comment, Doctype

    titles = {site.env.titles[name].astext() for name in site.env.found_docs}
    english = set()
    for name in (
        "index",
        "statistics",
        "references",
        "search",
        "genindex",
        "reviews/zhang2018mixup",
    ):
        soup = read_html(site, name)
        # The page's own text, and its headings in the page's table of contents.
        for tag in soup(["script", "style", "article", "title"]) + soup.select(".toc-entry"):
            tag.decompose()
        texts = [str(s) for s in soup.find_all(string=True) if not isinstance(s, Comment | Doctype)]
        for element in soup.find_all(True):
            texts += [element.get(a) for a in ("aria-label", "title", "placeholder", "alt")]
        for text in filter(None, (t and " ".join(t.split()) for t in texts)):
            korean = re.search(r"[\uac00-\ud7a3]", text)  # names in a Korean sentence
            if re.search(r"[A-Za-z]{2,}", text) and not korean and text not in titles | {"Ctrl"}:
                english.add((name, text))
    assert english == set()


def test_the_search_says_what_it_found_in_korean(site, browser):
    """Sphinx's Korean catalog leaves the search's result line empty; the site's catalog
    (locale/ko) gives it, and the page hands it to the search script."""
    from conftest import serve

    with serve(site.outdir) as url:
        page = browser.new_page()
        summary = "#search-results p.search-summary"
        for query, said in (
            ("batch", r"검색이 끝났습니다\. 검색어와 일치하는 페이지를 \d+개 찾았습니다\."),
            ("zzzqqq", r"검색어와 일치하는 문서가 없습니다\."),
        ):
            page.goto(f"{url}search.html?q={query}")
            page.wait_for_function(f"() => document.querySelector({summary!r})?.textContent")
            assert re.match(said, page.inner_text(summary)), page.inner_text(summary)
        page.close()


def test_the_search_pages_sentences_cannot_end_their_script(monkeypatch):
    """A catalog's sentence goes into the page as JavaScript data: "</script>" in it stays
    text (as \\u003c), and the page keeps its script."""
    from paper_reviews.sphinx import search_words

    sentence = search_words.SENTENCES[1][0]
    monkeypatch.setattr(search_words, "translated", lambda: {sentence: "</script><b>x</b>"})
    added = []

    class App:
        def add_js_file(self, filename, **kwargs):
            added.append(kwargs["body"])

    search_words._page_context(App(), "search", "search.html", {}, None)
    assert "<" not in added[0] and "\\u003c/script>" in added[0]
    assert json.loads(added[0].split("TRANSLATIONS, ", 1)[1].removesuffix(");")) == {
        sentence: "</script><b>x</b>"
    }
