"""Every front-matter problem is a typed warning with the file and line, never a traceback."""

from __future__ import annotations

import re

import pytest
from conftest import EXPECTED, copy_root, read_html, warnings_of


def parse(line: str) -> tuple[str, int, str, str] | None:
    match = re.match(
        r"(?P<path>\S+?):(?P<line>\d+): WARNING: (?P<msg>.*) \[(?P<type>[\w.]+)\]$", line
    )
    if not match:
        return None
    path = match["path"].split("/warnings/", 1)[-1]
    return path, int(match["line"]), match["type"], match["msg"]


@pytest.mark.sphinx("html", testroot="warnings")
def test_each_problem_is_one_typed_warning_at_its_line(app):
    app.build()
    found = [parse(line) for line in warnings_of(app)]
    ours = [w for w in found if w and w[2].startswith("paper.")]
    for path, line, code, text in EXPECTED:
        hits = [w for w in ours if w[:3] == (path, line, code) and text in w[3]]
        assert len(hits) == 1, (path, line, code, text, ours)
    assert len(ours) == len(EXPECTED), ours
    # Nothing is reported without a location, and no traceback reaches the output.
    assert all(w is not None for w in found), warnings_of(app)
    assert "Traceback" not in app.status.getvalue() + app.warning.getvalue()


@pytest.mark.sphinx("html", testroot="warnings")
def test_the_build_goes_on_and_keeps_what_it_can(app):
    app.build()
    soup = read_html(app, "index")
    rows = [row["data-bibkey"] for row in soup.select(".paper-table tbody tr")]
    # A duplicate keeps the first page by file name; a bibkey missing from refs.bib still
    # lists the review, titled by its heading.
    twice = soup.select('tr[data-bibkey="twice2021paper"] td[data-column="title"] a')
    assert [a["href"] for a in twice] == ["reviews/twice_a.html"]
    assert "nosuch2020paper" in rows
    missing_bib = soup.select_one('tr[data-bibkey="nosuch2020paper"] td[data-column="title"]')
    assert missing_bib.get_text(strip=True) == "Not in refs.bib"
    # A page whose front matter cannot be read has no card; one with bad fields still has one.
    assert read_html(app, "reviews/bad_yaml").select_one(".paper-card") is None
    card = read_html(app, "reviews/rating_high").select_one(".paper-card")
    assert "Unrated" in card.get_text()


@pytest.mark.sphinx(
    "html", testroot="warnings", confoverrides={"suppress_warnings": ["paper.rating"]}
)
def test_a_warning_type_can_be_silenced(app):
    app.build()
    codes = [w[2] for w in map(parse, warnings_of(app)) if w]
    assert "paper.rating" not in codes
    assert "paper.tags" in codes


def build_copy(make_app, tmp_path, edit) -> list[str]:
    """Build a copy of test-basic after ``edit(srcdir)``; its warnings without colours."""
    from io import StringIO

    srcdir = copy_root(tmp_path)
    edit(srcdir)
    app = make_app("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    app.build()
    assert "Traceback" not in app.status.getvalue()
    return warnings_of(app)


def test_a_malformed_citation_key_is_a_warning_not_a_crash(make_app, tmp_path):
    def edit(srcdir):
        notes = srcdir / "notes.md"
        notes.write_text(
            notes.read_text(encoding="utf-8") + "\nBroken {cite:t}` ` and {cite:p}`a,,b`.\n",
            encoding="utf-8",
        )

    found = [w for w in build_copy(make_app, tmp_path, edit) if "[paper.cite]" in w]
    assert len(found) == 2, found
    assert all("notes.md:6" in w and "empty or malformed key" in w for w in found)


def test_a_broken_bib_entry_is_a_warning_with_its_line(make_app, tmp_path):
    def edit(srcdir):
        bib = srcdir / "refs.bib"
        bib.write_text(
            bib.read_text(encoding="utf-8") + "\n@misc{broken,\n  title = {Unclosed,\n",
            encoding="utf-8",
        )

    found = build_copy(make_app, tmp_path, edit)
    bib = [w for w in found if "[paper.bibtex]" in w]
    assert len(bib) == 1 and "refs.bib:" in bib[0] and "premature end of file" in bib[0], found


def test_a_file_that_is_not_utf8_is_a_warning(make_app, tmp_path):
    def edit(srcdir):
        page = srcdir / "reviews" / "latin1.md"
        page.write_bytes(
            "---\nbibkey: latin1\ntags: [a]\nsummary: café\n---\n\n# Latin-1\n".encode("latin-1")
        )

    found = [w for w in build_copy(make_app, tmp_path, edit) if "latin1.md" in w]
    assert any(
        "latin1.md:4" in w and "[paper.frontmatter]" in w and "not valid utf-8" in w for w in found
    ), found
