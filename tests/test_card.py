"""The card under each review's heading."""

from __future__ import annotations

import pytest
from conftest import ROOTS, build_site, copy_root, read_html


@pytest.mark.sphinx("html", testroot="basic")
def test_card_sits_under_the_heading_and_shows_the_paper(app):
    app.build()
    soup = read_html(app, "reviews/ioffe2015batch")
    heading = soup.select_one("h1")
    card = heading.find_next_sibling()
    assert "paper-card" in card["class"]
    assert card.select_one(".paper-summary").get_text() == (
        "각 layer의 input distribution을 mini batch에 기반하여 normalization한다."
    )
    assert card.select_one(".paper-venue").get_text() == "ICML"
    assert card.select_one(".paper-year").get_text() == "2015"
    assert card.select_one(".paper-stars").get_text() == "★★★★★"
    assert card.select_one(".paper-rating").get_text() == "★★★★★ 5.0"

    tags = {a.get_text(): a["href"] for a in card.select(".paper-tags a")}
    assert tags == {
        "Model Architecture": "../index.html#tag-model-architecture",
        "정규화": "../index.html#tag-정규화",
    }
    links = {a.get_text(): a["href"] for a in card.select(".paper-links a")}
    assert links == {
        "arXiv abstract": "https://arxiv.org/abs/1502.03167",
        "PDF": "https://arxiv.org/pdf/1502.03167",
    }
    cite = card.select_one(".paper-cite .bibtex-citation")
    assert cite.get_text() == "(Ioffe and Szegedy, 2015)"
    target = cite.a["href"]
    assert target.startswith("../references.html#")
    entry = read_html(app, "references").find(id=target.split("#", 1)[1])
    assert "Batch Normalization" in entry.get_text()

    # The citation has the id it is registered under with sphinxcontrib-bibtex (back-references).
    refs = app.env.get_domain("cite").citation_refs
    ids = {r.citation_ref_id for r in refs if r.docname == "reviews/ioffe2015batch"}
    assert cite["id"] in ids
    assert len(soup.find_all(id=cite["id"])) == 1

    bibtex = card.select_one("details.paper-bibtex")
    assert bibtex.summary.get_text() == "BibTeX"
    assert "@inproceedings{ioffe2015batch," in bibtex.pre.get_text()
    # The entry as written in refs.bib, byte for byte.
    written = (ROOTS / "test-basic" / "refs.bib").read_text(encoding="utf-8")
    start = written.index("@inproceedings{ioffe2015batch,")
    assert bibtex.pre.get_text().strip() == written[start : written.index("\n}", start) + 2]


def test_the_bibtex_block_is_the_markup_the_highlighter_gives(tmp_path):
    srcdir = copy_root(tmp_path)
    bib = srcdir / "refs.bib"
    bib.write_text(bib.read_text().replace("Internal Covariate Shift", "Shift <i> & 'x' \\_"))
    app = build_site(srcdir, tmp_path / "build")
    html = (app.outdir / "reviews/ioffe2015batch.html").read_text(encoding="utf-8")
    text = (
        read_html(app, "reviews/ioffe2015batch").select_one("details.paper-bibtex pre").get_text()
    )
    assert "Shift <i> & 'x' \\_" in text  # as written
    highlighted = app.builder.highlighter.highlight_block(text, "none")
    assert f'<div class="highlight-none notranslate">{highlighted}</div>' in html


@pytest.mark.sphinx("html", testroot="basic")
def test_card_for_unrated_non_arxiv_paper(app):
    app.build()
    card = read_html(app, "reviews/lecun2015deep").select_one(".paper-card")
    assert card.select_one(".paper-rating").get_text() == "Unrated"
    assert card.select_one(".paper-stars") is None
    assert card.select_one(".paper-venue").get_text() == "Nature"  # from the journal field
    links = {a.get_text(): a["href"] for a in card.select(".paper-links a")}
    assert links == {"Source": "https://doi.org/10.1038/nature14539"}


@pytest.mark.sphinx("html", testroot="basic")
def test_review_bodies_have_math_tables_code_admonitions_and_figures(app):
    app.build()
    soup = read_html(app, "reviews/ioffe2015batch")
    assert soup.select_one("span.math") is not None  # $…$
    assert len(soup.select("div.math")) == 2  # $$…$$ and a labelled {math} block
    assert soup.select_one("section table") is not None
    assert "batch_norm" in soup.select_one("div.highlight-python").get_text()
    assert "inference time" in soup.select_one(".admonition.note").get_text()
    figure = soup.select_one("figure")
    assert figure.img["alt"] == "A one-pixel figure"
    assert (app.outdir / "_images" / "figure.png").exists()


def test_a_tree_of_several_pages_has_every_card_and_the_overview(tmp_path):
    """Single-page HTML writes every page in one tree: each review keeps its card there, and
    the overview its table, as on the pages written one by one."""
    app = build_site(copy_root(tmp_path), tmp_path / "build", "singlehtml")
    soup = read_html(app, "index")
    cards = soup.select(".paper-card")
    reviews = {d for d in app.env.found_docs if d.startswith("reviews/")}
    assert len(cards) == len(reviews) == 4
    summaries = {card.select_one(".paper-summary").get_text() for card in cards}
    assert "각 layer의 input distribution을 mini batch에 기반하여 normalization한다." in summaries
    assert len(soup.select(".paper-table tr[data-bibkey]")) >= len(reviews)
