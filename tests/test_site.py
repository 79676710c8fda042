"""The project's own site: the ten papers of the Notion database, built as readers get them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import build_site, read_html, warnings_of

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
    import shutil

    from conftest import REPO, build_site, read_html, warnings_of

    site = tmp_path / "mine"
    (site / "reviews").mkdir(parents=True)
    for name in ("conf.py", "index.md", "references.md", "statistics.md"):
        shutil.copyfile(REPO / name, site / name)
    shutil.copytree(REPO / "_templates", site / "_templates")
    (site / "refs.bib").write_text("", encoding="utf-8")
    app = build_site(site, tmp_path / "out")
    assert warnings_of(app) == []
    empty = read_html(app, "index").select_one(".paper-table-empty").get_text()
    assert empty == "아직 리뷰가 없습니다."  # No reviews yet.
