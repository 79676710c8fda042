"""Drafts: a review marked `draft: true` builds without a warning while its tags and summary
are still to come, shows a badge, can be filtered, and stays out of the PDF unless asked."""

from __future__ import annotations

from conftest import build_site, copy_root, located, read_html, run, serve, warnings_of, write

DRAFT = (
    "---\nbibkey: lecun2015deep\ndraft: true\ntags: []  # one or more\n"
    "summary: ''  # one paragraph\n---\n\n# Deep learning\n\n"
    "Notes so far: {paper}`ioffe2015batch`.\n\n```{math}\n:label: lecun-loss\nL = 0\n```\n"
)


def with_draft(tmp_path):
    srcdir = copy_root(tmp_path)
    write(srcdir / "reviews" / "lecun2015deep.md", DRAFT)
    return srcdir


def test_a_draft_builds_without_a_warning_and_shows_a_badge(tmp_path):
    srcdir = with_draft(tmp_path)
    app = build_site(srcdir, tmp_path / "out")
    assert warnings_of(app) == []
    card = read_html(app, "reviews/lecun2015deep").select_one(".paper-card")
    assert card.select_one(".paper-meta .paper-draft").get_text() == "Draft"
    assert card.select_one(".paper-summary").get_text() == ""
    index = read_html(app, "index")
    row = index.select_one('tr[data-bibkey="lecun2015deep"]')
    assert row["data-draft"] == "true"
    assert row.select_one('td[data-column="title"] .paper-draft').get_text() == "Draft"
    # A draft without tags yet is listed under "No tags", after the tags.
    titles = [h.get_text(" ", strip=True) for h in index.select(".paper-group-title")]
    assert titles[-1] == "No tags 1"
    options = [o.get_text() for o in index.select("select.paper-status option")]
    assert options == ["All reviews", "Drafts (1)", "Finished"]
    # The other rows carry no draft mark; a site without drafts has no drafts control.
    assert len(index.select("tr[data-draft]")) == 1
    app = build_site(copy_root(tmp_path, into="plain"), tmp_path / "plain-out")
    assert read_html(app, "index").select_one("select.paper-status") is None


def test_an_empty_summary_outside_a_draft_is_a_warning_that_names_the_way_out(tmp_path):
    srcdir = copy_root(tmp_path)
    write(srcdir / "reviews" / "lecun2015deep.md", DRAFT.replace("draft: true\n", ""))
    app = build_site(srcdir, tmp_path / "out")
    problems = located(warnings_of(app), srcdir)
    assert problems == {
        ("reviews/lecun2015deep.md", 3, "paper.tags"),
        ("reviews/lecun2015deep.md", 4, "paper.summary"),
    }
    (summary,) = [w for w in warnings_of(app) if "paper.summary" in w]
    assert "'summary' is empty: write one paragraph, or mark the review 'draft: true'" in summary
    code, out, _ = run("-C", str(srcdir), "check")
    assert code == 1
    assert "reviews/lecun2015deep.md:4: 'summary' is empty" in out


def test_draft_must_be_true_or_false(tmp_path):
    srcdir = copy_root(tmp_path)
    review = srcdir / "reviews" / "beyer2020done.md"
    write(
        review,
        review.read_text(encoding="utf-8").replace("---\n\n#", "draft: yes please\n---\n\n#"),
    )
    app = build_site(srcdir, tmp_path / "out")
    assert located(warnings_of(app), srcdir) == {("reviews/beyer2020done.md", 6, "paper.draft")}


def test_check_lists_drafts_apart_from_problems(tmp_path):
    srcdir = with_draft(tmp_path)
    code, out, err = run("-C", str(srcdir), "check")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "1 draft (draft: true):",
        "  reviews/lecun2015deep.md: Deep learning (no tags or summary yet)",
        "4 reviews checked, 0 problems, 1 draft",
    ]
    code, out, _ = run("-C", str(srcdir), "list", "--format", "json")
    assert '"draft": true' in out
    code, out, _ = run("-C", str(srcdir), "list")
    assert "Deep learning (draft)" in out


def test_the_pdf_leaves_drafts_out_unless_asked(tmp_path):
    srcdir = with_draft(tmp_path)
    # A finished review links to the draft: in the PDF without it, the link is text.
    beyer = srcdir / "reviews" / "beyer2020done.md"
    write(
        beyer,
        beyer.read_text(encoding="utf-8")
        + "\nSee {paper}`lecun2015deep` and its {eq}`lecun-loss`.\n",
    )
    app = build_site(srcdir, tmp_path / "latex", "latex")
    assert warnings_of(app) == []
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "reviews/lecun2015deep" not in tex
    assert "See \\DUrole{paper-ref}{Deep learning} and its (lecun\\sphinxhyphen{}loss)." in tex
    assert "Notes so far" not in tex
    # Its row is not in the overview, and it is in no "Cited in" line.
    assert "lecun2015deep" not in tex.split("\\chapter{References}")[0]
    # ioffe2015batch's card and its reference (dauphin's link, not the draft's), and the
    # draft's reference (beyer's link).
    assert tex.count("Cited in 1 review:") == 3
    app = build_site(
        srcdir, tmp_path / "latex-all", "latex", confoverrides={"paper_reviews_pdf_drafts": True}
    )
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "Notes so far" in tex
    assert tex.count("Cited in 2 reviews:") == 2  # ioffe2015batch's card and its reference


def test_the_drafts_filter_in_the_browser(tmp_path, browser):
    srcdir = with_draft(tmp_path)
    app = build_site(srcdir, tmp_path / "out")
    with serve(app.outdir) as base:
        page = browser.new_page()
        page.goto(base + "index.html")

        def shown() -> list[str]:
            return page.eval_on_selector_all(
                ".paper-groups tr[data-bibkey]:not([hidden])",
                "rows => rows.map(r => r.dataset.bibkey)",
            )

        assert "lecun2015deep" in shown()
        page.select_option("select.paper-status", "draft")
        assert set(shown()) == {"lecun2015deep"}
        assert page.inner_text(".paper-count") == "1 of 4 papers"
        assert "status=draft" in page.evaluate(
            "new Promise(done => setTimeout(() => done(location.search), 0))"
        )
        page.select_option("select.paper-status", "done")
        assert "lecun2015deep" not in shown() and len(set(shown())) == 3
        # The view is in the URL: a reload shows drafts only again.
        page.goto(base + "index.html?status=draft")
        assert set(shown()) == {"lecun2015deep"}
        assert page.eval_on_selector("select.paper-status", "s => s.value") == "draft"
        page.close()


def test_a_review_just_started_with_new_builds_without_a_warning(tmp_path):
    """`paper-reviews new` writes a draft: the very next build, with -W, passes."""
    srcdir = copy_root(tmp_path)
    code, out, err = run(
        "-C", str(srcdir), "new", "2206.06921", "--title", "Attainable forms of Assouad spectra",
        "--author", "Alex Rutar", "--year", "2022",
    )  # fmt: skip
    assert code == 0, err
    page = srcdir / "reviews" / "rutar2022attainable.md"
    assert "draft: true" in page.read_text(encoding="utf-8")
    app = build_site(srcdir, tmp_path / "out")
    assert warnings_of(app) == []
    card = read_html(app, "reviews/rutar2022attainable").select_one(".paper-card")
    assert card.select_one(".paper-draft") is not None
    code, out, _ = run("-C", str(srcdir), "check")
    assert code == 0 and "1 draft (draft: true):" in out


def test_a_drafts_view_bookmarked_on_a_site_without_drafts_shows_every_review(tmp_path, browser):
    app = build_site(copy_root(tmp_path), tmp_path / "out")
    with serve(app.outdir) as base:
        page = browser.new_page()
        page.goto(base + "index.html?status=draft")
        assert page.inner_text(".paper-count") == "4 of 4 papers"
        page.close()
