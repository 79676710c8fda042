"""Author–year citations, the References page, and {paper} links between reviews."""

from __future__ import annotations

import itertools

import pytest
from conftest import read_html
from hypothesis import example, given, settings
from hypothesis import strategies as st
from paper_reviews.sphinx.citations import _latex_to_text, latex_to_text


@pytest.mark.sphinx("html", testroot="basic")
def test_cite_roles_read_author_year_in_round_brackets(app):
    app.build()
    cites = [c.get_text() for c in read_html(app, "notes").select(".bibtex-citation")]
    assert cites == ["(Ioffe and Szegedy, 2015)", "Dauphin and Cubuk (2021)"]


@pytest.mark.sphinx("html", testroot="basic")
def test_references_link_each_entry_once(app):
    app.build()
    soup = read_html(app, "references")
    entries = {
        e.p.get_text().split()[1].rstrip(","): [a["href"] for a in e.p.select("a")]
        for e in soup.select(".citation")
    }
    assert entries == {
        "Beyer": ["https://arxiv.org/abs/2006.07159"],
        "N.": ["https://openreview.net/forum?id=d-XzF81Wg1"],
        # eprint wins over url: one link, to the arXiv abstract.
        "Ioffe": ["https://arxiv.org/abs/1502.03167"],
        "LeCun": ["https://doi.org/10.1038/nature14539"],
    }
    text = soup.select_one(".citation-list").get_text()
    assert text.count("1502.03167") == 1
    # Titles keep their case as written in refs.bib.
    assert "Batch Normalization: Accelerating Deep Network Training" in text


@pytest.mark.sphinx("html", testroot="basic")
def test_paper_role_links_to_the_review_with_its_title(app):
    app.build()
    links = {
        a.get_text(): a["href"] for a in read_html(app, "notes").select("a.reference.internal")
    }
    title = "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift"  # noqa: E501
    assert links[title] == "reviews/ioffe2015batch.html"
    assert links["the regularization paper"] == "reviews/dauphin2021deconstructing.html"
    review = read_html(app, "reviews/dauphin2021deconstructing")
    body_links = {a.get_text(): a["href"] for a in review.select("section p a.reference.internal")}
    assert body_links[title] == "ioffe2015batch.html"


#: Characters of LaTeX syntax and of white space, and characters of neither.
LATEX_ALPHABET = [
    *"abcXYZ019 .,:;!?`'\"-+=_#&$^*()[]<>@/|%\\{}~\n\t\r\f\v",
    *["é", "한", "★", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "\u2028"],
]
LATEX_TEXT = st.lists(st.sampled_from(LATEX_ALPHABET), max_size=12).map("".join)


@settings(max_examples=1000, deadline=None)
@given(value=LATEX_TEXT)
@example(value="$-$")  # a minus sign to pybtex
def test_field_text_without_latex_syntax_reads_as_pybtex_reads_it(value):
    assert latex_to_text(value) == _latex_to_text(value)


@pytest.mark.slow
def test_every_short_text_without_latex_syntax_reads_as_written():
    """Every text of up to three of these characters, not only those Hypothesis draws."""
    for size in (1, 2, 3):
        for letters in itertools.product(LATEX_ALPHABET, repeat=size):
            value = "".join(letters)
            assert latex_to_text(value) == _latex_to_text(value), value
