"""What keeps builds linear in the number of reviews changes nothing readers see.

bench/scale.py measures the time; these tests check that the faster paths give the pages
the slower ones give, and that the navigation stays whole.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from conftest import build_site, copy_root, doc_ids, pages, read_html, search_index, warnings_of
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from paper_reviews.patches import bibtex_linear, memory
from paper_reviews.sphinx import card

#: Citations that reuse formatted references across pages: the same keys from another page,
#: several keys, another role, pre- and post-text, and a key that does not exist.
MORE_CITATIONS = """# More citations

Again {cite:p}`ioffe2015batch`, both {cite:p}`ioffe2015batch,lecun2015deep`, the other
order {cite:p}`lecun2015deep,ioffe2015batch`, by name {cite:t}`ioffe2015batch`, with text
{cite:p}`{see}ioffe2015batch{p. 3}`, and {cite:p}`ioffe2015batch,nosuchkey2020`.
"""


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_linear_bibtex_gives_what_sphinxcontrib_bibtex_gives(tmp_path, monkeypatch, builder):
    srcdir = copy_root(tmp_path)
    (srcdir / "more.md").write_text(MORE_CITATIONS, encoding="utf-8")
    index = srcdir / "index.md"
    index.write_text(index.read_text().replace("notes\n", "notes\nmore\n"), encoding="utf-8")
    ours = build_site(srcdir, tmp_path / "ours", builder)
    with monkeypatch.context() as patch:
        patch.setattr(bibtex_linear, "install", lambda app: None)
        library = build_site(srcdir, tmp_path / "library", builder)
    assert type(library.env.get_domain("cite")).__name__ == "BibtexDomain"
    assert type(ours.env.get_domain("cite")) is bibtex_linear.LinearBibtexDomain
    assert warnings_of(ours) == warnings_of(library)
    assert any("nosuchkey2020" in line for line in warnings_of(ours))
    if builder == "html":
        assert pages(ours.outdir) == pages(library.outdir)
    else:
        texs = sorted(p.name for p in ours.outdir.glob("*.tex"))
        assert texs
        for tex in texs:
            assert (ours.outdir / tex).read_text() == (library.outdir / tex).read_text()


def test_the_formatted_bibliography_is_kept_between_builds(tmp_path):
    srcdir = copy_root(tmp_path)
    first = build_site(srcdir, tmp_path / "out")
    kept = first.env.get_domain("cite").data[bibtex_linear.FORMATTED]
    assert len(kept) == len(first.env.get_domain("cite").citations) > 0
    # An edited entry is formatted again; the others are the ones kept.
    bib = srcdir / "refs.bib"
    bib.write_text(bib.read_text().replace("Batch Normalization", "Batch Normalisation"))
    second = build_site(srcdir, tmp_path / "out")
    again = second.env.get_domain("cite").data[bibtex_linear.FORMATTED]
    assert len(again) == len(kept)
    changed = [key for key in again if key not in kept]
    assert len(changed) == 1 and "Normalisation" in changed[0][-1]
    assert "Batch Normalisation" in read_html(second, "references").get_text()


def test_forgetting_a_page_without_citations_leaves_the_lists_alone(tmp_path):
    srcdir = copy_root(tmp_path)
    app = build_site(srcdir, tmp_path / "out")
    domain = app.env.get_domain("cite")
    refs, citations = domain.data["citation_refs"], domain.data["citations"]
    cited_in = {ref.docname for ref in refs}
    quiet = next(d for d in sorted(app.env.found_docs) if d not in cited_in)
    domain.clear_doc(quiet)
    assert domain.data["citation_refs"] is refs and domain.data["citations"] is citations
    loud = sorted(cited_in)[0]
    domain.clear_doc(loud)
    assert loud not in {ref.docname for ref in domain.data["citation_refs"]}
    assert len(domain.data["citation_refs"]) < len(refs)


def test_the_overview_does_not_depend_on_each_review_and_navigation_stays(tmp_path):
    srcdir = copy_root(tmp_path)
    app = build_site(srcdir, tmp_path / "out")
    env = app.env
    reviews = sorted(d for d in env.found_docs if d.startswith("reviews/"))
    # No review ties the overview to it (the paper domain tracks what the overview shows).
    assert not [d for d in reviews if "index" in env.files_to_rebuild.get(d, ())]
    assert set(reviews) <= set(env.toctree_includes["index"])
    assert not [w for w in warnings_of(app) if "toctree" in w]
    # Previous and next links still walk the reviews in order.
    page = read_html(app, reviews[1])
    assert page.select_one('a[accesskey="P"]')["href"] == Path(reviews[0]).name + ".html"
    assert page.select_one('a[accesskey="N"]')["href"] == Path(reviews[2]).name + ".html"


def test_the_search_index_forgets_a_deleted_review(tmp_path):
    srcdir = copy_root(tmp_path)
    before = search_index(build_site(srcdir, tmp_path / "out").outdir)
    (srcdir / "reviews" / "beyer2020done.md").unlink()
    after = search_index(build_site(srcdir, tmp_path / "out").outdir)
    assert "reviews/beyer2020done" in before["docnames"]
    assert "reviews/beyer2020done" not in after["docnames"]
    count = len(after["docnames"])
    for docs in after["terms"].values():
        assert all(0 <= d < count for d in doc_ids(docs))
    assert set(after["docnames"]) == set(before["docnames"]) - {"reviews/beyer2020done"}


@pytest.mark.parametrize("root", ["test-basic", "test-search"])
@pytest.mark.slow
def test_stems_remembered_for_the_build_give_sphinxs_own_index(tmp_path, monkeypatch, root):
    from paper_reviews.patches import searchindex
    from sphinx.search import IndexBuilder

    def index(app) -> str:
        return (app.outdir / "searchindex.js").read_text(encoding="utf-8")

    srcdir = copy_root(tmp_path, root)
    ours = build_site(srcdir, tmp_path / "ours")
    assert ours.builder.indexer.lang.stem.cache_info().hits > 0
    with monkeypatch.context() as patch:
        patch.setattr(searchindex, "install", lambda: None)
        patch.setattr(IndexBuilder, "feed", IndexBuilder.feed.__wrapped__)
        patch.setattr(IndexBuilder, "prune", IndexBuilder.prune.__wrapped__)
        sphinx_own = build_site(srcdir, tmp_path / "sphinx")
        assert not hasattr(sphinx_own.builder.indexer.lang.stem, "cache_info")
    assert index(ours) == index(sphinx_own)


@pytest.mark.slow
def test_pages_written_with_the_collector_frozen_are_the_same(tmp_path, monkeypatch):
    srcdir = copy_root(tmp_path)
    frozen_while_written: list[int] = []
    release = memory.release

    def releasing(doctree: nodes.document) -> None:
        frozen_while_written.append(gc.get_freeze_count())
        release(doctree)

    with monkeypatch.context() as patch:
        patch.setattr(memory, "release", releasing)
        ours = build_site(srcdir, tmp_path / "ours")
    assert frozen_while_written and min(frozen_while_written) > 0
    assert gc.get_freeze_count() == 0  # unfrozen when the build finished
    with monkeypatch.context() as patch:
        patch.setattr(memory, "_writes_serially", lambda app: False)
        patch.setattr(memory, "_start_reading", lambda app, env, docnames: None)
        collected = build_site(srcdir, tmp_path / "collected")
    assert pages(ours.outdir) == pages(collected.outdir)
    index = "searchindex.js"
    assert (ours.outdir / index).read_bytes() == (collected.outdir / index).read_bytes()


def test_a_full_collection_while_reading_freezes_what_survived(tmp_path, monkeypatch):
    srcdir = copy_root(tmp_path)
    frozen: list[int] = []
    start_reading = memory._start_reading

    def start_and_collect(app, env, docnames) -> None:
        start_reading(app, env, docnames)
        gc.collect()  # as the collector does on its own while a large site is read
        frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(memory, "_start_reading", start_and_collect)
    build_site(srcdir, tmp_path / "out")
    assert frozen and frozen[0] > 0
    assert memory._freeze_survivors not in gc.callbacks  # only while reading
    assert gc.get_freeze_count() == 0


def test_a_released_doctree_is_freed_without_the_collector():
    document = new_document("page.rst", get_default_settings(Parser))
    section = nodes.section("", nodes.title("", "Title"), nodes.paragraph("", "Text"))
    document += section
    paragraph = weakref.ref(section[1])
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        memory.release(document)
        del document, section
        assert paragraph() is None
    finally:
        if was_enabled:
            gc.enable()


def test_html_cards_built_late_are_the_cards_built_early(tmp_path, monkeypatch):
    """The HTML card is built after the other post-transforms, its tag links resolved by
    hand: the pages are those of the card built before references resolve."""
    srcdir = copy_root(tmp_path)
    late = build_site(srcdir, tmp_path / "late")
    with monkeypatch.context() as patch:
        patch.setattr(card.CardTransform, "builds_here", lambda self: True)
        patch.setattr(card.HTMLCardTransform, "is_supported", lambda self: False)
        early = build_site(srcdir, tmp_path / "early")
    assert "paper-card" in "".join(pages(late.outdir).values())
    assert pages(late.outdir) == pages(early.outdir)
    assert warnings_of(late) == warnings_of(early)
