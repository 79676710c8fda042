"""Incremental and parallel builds give the pages a fresh build gives."""

from __future__ import annotations

import re

import pytest
from conftest import build_site, copy_root, fresh_build, read_html, shown, warnings_of, write


def read_docs(app) -> set[str]:
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    return set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", status))


def written_docs(app) -> set[str]:
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


@pytest.mark.slow
def test_retag_delete_add_and_edit_bib_follow_in_incremental_builds(tmp_path):
    srcdir = copy_root(tmp_path)
    builddir = tmp_path / "incremental"
    build_site(srcdir, builddir)

    # Retag one review: only it is read again; the overview page is rewritten.
    review = srcdir / "reviews" / "beyer2020done.md"
    write(
        review, review.read_text(encoding="utf-8").replace("[Model Architecture]", "[Data, 정규화]")
    )
    app = build_site(srcdir, builddir)
    assert read_docs(app) == {"reviews/beyer2020done"}
    assert "index" in written_docs(app)
    groups = {g["data-group"] for g in read_html(app, "index").select(".paper-group")}
    assert groups == {"Data", "Model Architecture", "Survey", "정규화"}
    assert shown(app) == shown(fresh_build(srcdir, tmp_path, "retag"))

    # Delete one review and add another.
    (srcdir / "reviews" / "lecun2015deep.md").unlink()
    write(
        srcdir / "reviews" / "new.md",
        "---\nbibkey: lecun2015deep\ntags: [Survey, New]\nrating: 2\nsummary: 새 리뷰.\n---\n"
        "\n# New\n",
    )
    app = build_site(srcdir, builddir)
    # The glob toctree on index lists reviews, so Sphinx reads index again too.
    assert read_docs(app) == {"reviews/new", "index"}
    rows = read_html(app, "index").select(
        'tr[data-bibkey="lecun2015deep"] td[data-column="title"] a'
    )
    assert {a["href"] for a in rows} == {"reviews/new.html"}
    assert shown(app) == shown(fresh_build(srcdir, tmp_path, "add"))

    # Change a title in refs.bib: the overview, the card and {paper} links follow.
    bib = srcdir / "refs.bib"
    write(
        bib, bib.read_text(encoding="utf-8").replace("{Deep learning}", "{Deep Learning, Revised}")
    )
    app = build_site(srcdir, builddir)
    assert "Deep Learning, Revised" in read_html(app, "index").select_one(".paper-table").get_text()
    assert {"index", "reviews/new"} <= written_docs(app)
    assert shown(app) == shown(fresh_build(srcdir, tmp_path, "bib"))
    assert warnings_of(app) == []


def test_adding_a_missing_bib_entry_completes_the_card(tmp_path):
    srcdir = copy_root(tmp_path)
    builddir = tmp_path / "out"
    write(
        srcdir / "reviews" / "later.md",
        "---\nbibkey: later2024paper\ntags: [Survey]\nsummary: 나중에.\n---\n\n# Later\n",
    )
    app = build_site(srcdir, builddir)
    assert any("[paper.bibkey]" in w for w in warnings_of(app))
    assert read_html(app, "reviews/later").select_one(".paper-cite") is None

    bib = srcdir / "refs.bib"
    write(
        bib,
        bib.read_text(encoding="utf-8")
        + "\n@misc{later2024paper, title = {A Later Paper}, author = {Writer, Ada},"
        " year = {2024}, eprint = {2401.00001}, archivePrefix = {arXiv}}\n",
    )
    app = build_site(srcdir, builddir)
    assert warnings_of(app) == []
    card = read_html(app, "reviews/later").select_one(".paper-card")
    assert card.select_one(".paper-cite").get_text() == "Cite as (Writer, 2024)"
    assert shown(app) == shown(fresh_build(srcdir, tmp_path, "later"))


def test_a_no_change_build_reads_and_writes_nothing(tmp_path):
    srcdir = copy_root(tmp_path)
    builddir = tmp_path / "out"
    build_site(srcdir, builddir)
    app = build_site(srcdir, builddir)
    assert read_docs(app) == set()
    assert written_docs(app) == set()


def test_editing_a_body_rewrites_only_that_page(tmp_path):
    srcdir = copy_root(tmp_path)
    builddir = tmp_path / "out"
    build_site(srcdir, builddir)
    review = srcdir / "reviews" / "ioffe2015batch.md"
    write(review, review.read_text(encoding="utf-8") + "\nOne more sentence.\n")
    app = build_site(srcdir, builddir)
    assert read_docs(app) == {"reviews/ioffe2015batch"}
    # Not the overview: its hidden toctree shows nothing of the page.
    assert written_docs(app) == {"reviews/ioffe2015batch"}


def test_retitling_the_first_review_rewrites_the_overview_and_its_neighbour(tmp_path):
    """The overview's "next" link and the second review's "previous" link show its title."""
    srcdir = copy_root(tmp_path)
    builddir = tmp_path / "out"
    build_site(srcdir, builddir)
    review = srcdir / "reviews" / "beyer2020done.md"
    text = review.read_text(encoding="utf-8")
    write(review, re.sub(r"(?m)^# .*$", "# Are we done with ImageNet yet?", text, count=1))
    app = build_site(srcdir, builddir)
    assert written_docs(app) == {
        "reviews/beyer2020done",
        "index",
        "reviews/dauphin2021deconstructing",
    }
    for neighbour, link in (("index", "N"), ("reviews/dauphin2021deconstructing", "P")):
        shown = read_html(app, neighbour).select_one(f'a[accesskey="{link}"]')
        assert "done with ImageNet yet?" in str(shown), neighbour


@pytest.mark.parametrize("root", ["test-basic", "test-warnings", "test-search"])
@pytest.mark.slow
def test_parallel_build_equals_serial_build(tmp_path, root):
    srcdir = copy_root(tmp_path, root)
    serial = build_site(srcdir, tmp_path / "j1", parallel=1)
    parallel = build_site(srcdir, tmp_path / "j2", parallel=2)
    # The search index too: with Korean search, its analyser process runs beside the
    # parallel readers.
    index = "searchindex.js"
    assert (parallel.outdir / index).read_text() == (serial.outdir / index).read_text()
    for html in sorted(serial.outdir.rglob("*.html")):
        rel = html.relative_to(serial.outdir)
        if rel.name in {"genindex.html", "search.html"}:
            continue
        docname = str(rel.with_suffix(""))
        assert str(read_html(parallel, docname).body) == str(read_html(serial, docname).body), (
            docname
        )

    def located(app):
        return sorted(w.split(str(srcdir))[-1] for w in warnings_of(app))

    assert located(parallel) == located(serial)


def test_deleting_and_renaming_reviews_update_the_references(make_app, tmp_path):
    srcdir = copy_root(tmp_path)
    builddir = tmp_path / "out"
    build_site(srcdir, builddir)
    (srcdir / "reviews" / "beyer2020done.md").unlink()
    page = srcdir / "reviews" / "lecun2015deep.md"
    write(srcdir / "reviews" / "deep-learning.md", page.read_text(encoding="utf-8"))
    page.unlink()
    app = build_site(srcdir, builddir)
    assert "references" in written_docs(app)
    assert "Beyer" not in read_html(app, "references").select_one(".citation-list").get_text()
    rows = read_html(app, "index").select(
        'tr[data-bibkey="lecun2015deep"] td[data-column="title"] a'
    )
    assert {a["href"] for a in rows} == {"reviews/deep-learning.html"}
    assert shown(app) == shown(fresh_build(srcdir, tmp_path, "moved"))
