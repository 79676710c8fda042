"""Backlinks: each review's card, the References page, papers.json and `paper-reviews list`
say which reviews cite a paper or link to its review, and incremental builds keep them true."""

from __future__ import annotations

import json

from conftest import (
    build_site,
    copy_root,
    fresh_build,
    read_html,
    run,
    shown,
    warnings_of,
    write,
)
from test_incremental import read_docs, written_docs


def cited_in(app, docname: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The card's "Cited in" line: its label and its (link, title) pairs; None without one."""
    line = read_html(app, docname).select_one(".paper-card .paper-cited-in")
    if line is None:
        return None
    links = [(a["href"], a.get_text()) for a in line.select(".paper-citers a")]
    return line.select_one(".paper-label").get_text(), links


def references_citers(app) -> dict[str, list[str]]:
    """Under each References entry that has one, the titles of the reviews citing it."""
    out = {}
    for entry in read_html(app, "references").select(".citation"):
        line = entry.select_one(".paper-cited-in")
        if line is not None:
            out[entry["id"]] = [a.get_text() for a in line.select("a")]
    return out


def papers_json(app) -> dict[str, list[str]]:
    data = json.loads((app.outdir / "papers.json").read_text(encoding="utf-8"))
    return {p["bibkey"]: p["cited_in"] for p in data["papers"]}


def listed_json(srcdir) -> dict[str, list[str]]:
    code, out, err = run("-C", str(srcdir), "list", "--format", "json")
    assert code == 0, err
    return {p["bibkey"]: p["cited_in"] for p in json.loads(out)["papers"]}


def test_cards_references_json_and_list_show_where_a_paper_is_cited(tmp_path):
    srcdir = copy_root(tmp_path)
    app = build_site(srcdir, tmp_path / "out")
    assert warnings_of(app) == []
    # dauphin2021deconstructing links ioffe2015batch with {paper}; notes.md (not a review)
    # cites it too and does not count; no review cites the others.
    assert cited_in(app, "reviews/ioffe2015batch") == (
        "Cited in 1 review:",
        [("dauphin2021deconstructing.html", "Deconstructing the Regularization of BatchNorm")],
    )
    for docname in ("reviews/dauphin2021deconstructing", "reviews/beyer2020done"):
        assert cited_in(app, docname) is None
    expected = {
        "beyer2020done": [],
        "dauphin2021deconstructing": [],
        "ioffe2015batch": ["dauphin2021deconstructing"],
        "lecun2015deep": [],
    }
    assert papers_json(app) == expected
    assert listed_json(srcdir) == expected
    refs = references_citers(app)
    assert list(refs.values()) == [["Deconstructing the Regularization of BatchNorm"]]


def test_citations_of_every_kind_count_once_and_a_review_never_cites_itself(tmp_path):
    srcdir = copy_root(tmp_path)
    beyer = srcdir / "reviews" / "beyer2020done.md"
    write(
        beyer,
        beyer.read_text(encoding="utf-8")
        + "\nAs {cite:t}`ioffe2015batch` and {cite:p}`{see}lecun2015deep{p. 3}, ioffe2015batch`"
        " show; {paper}`ioffe2015batch` again; this paper {cite:p}`beyer2020done`.\n"
        "\n```{note}\nInside a note: {paper}`dauphin2021deconstructing`.\n```\n"
        "\n```python\nx = '{cite:p}`lecun2015deep` in code is no citation'\n```\n",
    )
    app = build_site(srcdir, tmp_path / "out")
    assert warnings_of(app) == []
    label, links = cited_in(app, "reviews/ioffe2015batch")
    assert label == "Cited in 2 reviews:"
    assert [href for href, _ in links] == [
        "beyer2020done.html",
        "dauphin2021deconstructing.html",
    ]
    assert [href for href, _ in cited_in(app, "reviews/lecun2015deep")[1]] == ["beyer2020done.html"]
    assert cited_in(app, "reviews/beyer2020done") is None
    assert cited_in(app, "reviews/dauphin2021deconstructing")[1] == [
        ("beyer2020done.html", "Are we done with ImageNet?")
    ]
    # The command line reads the pages as the build does (directives' Markdown, not code).
    assert listed_json(srcdir) == papers_json(app)


def test_a_citation_added_renamed_and_removed_updates_only_the_pages_it_must(tmp_path):
    srcdir = copy_root(tmp_path)
    builddir = tmp_path / "incremental"
    build_site(srcdir, builddir)
    beyer = srcdir / "reviews" / "beyer2020done.md"
    original = beyer.read_text(encoding="utf-8")

    # Add a citation: the cited review's card and References change; nothing else.
    write(beyer, original + "\nCompare {cite:p}`lecun2015deep`.\n")
    app = build_site(srcdir, builddir)
    assert read_docs(app) == {"reviews/beyer2020done"}
    assert written_docs(app) == {"reviews/beyer2020done", "reviews/lecun2015deep", "references"}
    assert cited_in(app, "reviews/lecun2015deep")[1] == [
        ("beyer2020done.html", "Are we done with ImageNet?")
    ]
    assert shown(app) == shown(fresh_build(srcdir, tmp_path, "add"))

    # Rename it to another paper: the old one loses the backlink, the new one gains it.
    write(beyer, original + "\nCompare {paper}`dauphin2021deconstructing`.\n")
    app = build_site(srcdir, builddir)
    assert written_docs(app) == {
        "reviews/beyer2020done",
        "reviews/lecun2015deep",
        "reviews/dauphin2021deconstructing",
        "references",
    }
    assert cited_in(app, "reviews/lecun2015deep") is None
    assert cited_in(app, "reviews/dauphin2021deconstructing") is not None
    assert shown(app) == shown(fresh_build(srcdir, tmp_path, "rename"))

    # Retitle the citing review: the cards that list it follow.
    retitled = original.replace("summary:", "title: Are We Done Yet?\nsummary:")
    write(beyer, retitled + "\n{paper}`ioffe2015batch` {paper}`dauphin2021deconstructing`\n")
    app = build_site(srcdir, builddir)
    assert {"reviews/ioffe2015batch", "reviews/dauphin2021deconstructing"} <= written_docs(app)
    titles = [title for _, title in cited_in(app, "reviews/ioffe2015batch")[1]]
    assert titles == ["Are We Done Yet?", "Deconstructing the Regularization of BatchNorm"]
    assert shown(app) == shown(fresh_build(srcdir, tmp_path, "retitle"))

    # Remove the citing review: its backlinks go.
    beyer.unlink()
    app = build_site(srcdir, builddir)
    assert [t for _, t in cited_in(app, "reviews/ioffe2015batch")[1]] == [
        "Deconstructing the Regularization of BatchNorm"
    ]
    assert shown(app) == shown(fresh_build(srcdir, tmp_path, "remove"))
    assert papers_json(app) == listed_json(srcdir)


def test_backlinks_in_a_parallel_build_equal_a_serial_one(tmp_path):
    srcdir = copy_root(tmp_path)
    beyer = srcdir / "reviews" / "beyer2020done.md"
    write(beyer, beyer.read_text(encoding="utf-8") + "\n{cite:p}`lecun2015deep`\n")
    serial = build_site(srcdir, tmp_path / "j1", parallel=1)
    parallel = build_site(srcdir, tmp_path / "j2", parallel=2)
    assert shown(parallel) == shown(serial)
    assert cited_in(parallel, "reviews/lecun2015deep") is not None
    assert papers_json(parallel) == papers_json(serial)


def test_the_pdf_lists_citers_below_each_reference(tmp_path):
    srcdir = copy_root(tmp_path)
    app = build_site(srcdir, tmp_path / "latex", "latex")
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert tex.count("Cited in 1 review:") == 2  # ioffe2015batch's card and its reference
    # A paragraph of its own under the entry, not run into it.
    assert "\\sphinxAtStartPar\n\\DUrole{paper-label}{Cited in 1 review:}" in tex


#: A citation of ioffe2015batch in each context MyST reads Markdown in, or does not.
CITE = "{cite:p}`ioffe2015batch`"
CONTEXTS = {
    "footnote": f"Text[^1].\n\n[^1]: See {CITE}.\n",
    "note": f"```{{note}}\n{CITE}\n```\n",
    "colon_fence": f":::{{note}}\n{CITE}\n:::\n",
    "colon_fence_code": f":::{{code-block}} text\n{CITE}\n:::\n",
    "table": f"| a | b |\n|---|---|\n| x | {CITE} |\n",
    "code_block": f"```python\n{CITE}\n```\n",
    "eval_rst": "```{eval-rst}\nSee :cite:p:`ioffe2015batch`.\n```\n",
    "myst_comment": f"% {CITE}\n\nText.\n",
    "html_comment": f"<!-- {CITE} -->\n\nText.\n",
    "indented_code": f"Text.\n\n    {CITE}\n",
    "inline_code": f"Use `` {CITE} `` to cite.\n",
    "admonition_title": f"```{{admonition}} See {CITE}\nBody.\n```\n",
    "double_backticks": "See {cite:p}``ioffe2015batch``.\n",
    "code_in_note": f"````{{note}}\n```\n{CITE}\n```\n````\n",
    "math_block": f"$$\n{CITE}\n$$\n",
    "definition": f"Term\n: {CITE}\n",
    "quoted_fence": f"> ```\n> {CITE}\n> ```\n",
    "directive_option": f"```{{figure}} figure.png\n:alt: {CITE}\n\nCaption\n```\n",
    "escaped": "See \\{cite:p}`ioffe2015batch`.\n",
}


def test_the_command_reads_citations_where_the_build_does(tmp_path):
    """The command line's reading of roles (MyST's own parser) counts exactly the citations
    the build counts, in every context."""
    srcdir = copy_root(tmp_path)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            '\nmyst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]\n'
        )
    bib = (srcdir / "refs.bib").read_text(encoding="utf-8")
    for name, body in CONTEXTS.items():
        key = name.replace("_", "")
        bib += f"\n@misc{{{key},\n  title = {{Case {name}}},\n  year = {{2020}}\n}}\n"
        write(
            srcdir / "reviews" / f"{key}.md",
            f"---\nbibkey: {key}\ntags: [t]\nsummary: s\n---\n\n# Case {name}\n\n{body}",
        )
    write(srcdir / "refs.bib", bib)
    app = build_site(srcdir, tmp_path / "out")
    built = papers_json(app)
    assert built == listed_json(srcdir)
    counted = set(built["ioffe2015batch"])
    assert counted == {
        "dauphin2021deconstructing",
        "footnote",
        "note",
        "colonfence",
        "table",
        "evalrst",
        "admonitiontitle",
        "doublebackticks",
        "definition",
    }


def test_a_single_html_page_lists_citers_under_references_too(tmp_path):
    app = build_site(copy_root(tmp_path), tmp_path / "single", "singlehtml")
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    assert html.count('class="paper-cited-in"') == 2  # ioffe2015batch's card and its entry
