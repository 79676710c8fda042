"""``paper-reviews check`` and the build report the same problems, at the same lines, on the
same input: every broken input the tests have, run through both."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from conftest import build_site, copy_root, located, warnings_of
from paper_reviews.cli import main

BIB_DATA = Path(__file__).parent / "data" / "bib"

#: Broken BibTeX added at the end of a working site's refs.bib: a key used twice, an
#: unclosed entry, an entry whose crossref names no entry.
BROKEN_BIB = {
    "repeated key": """
@article{ioffe2015batch,
  title = {The Same Key Again},
  year = {2016}
}
@misc{IOFFE2015BATCH, title = {And Again, in Capitals}}
""",
    "crossref to nothing": """
@inproceedings{orphan2015,
  author = {Doe, Jane},
  title = {A Child Without Its Parent},
  crossref = {DBLP:conf/nowhere/2015}
}
""",
    "a url that is not http": """
@misc{scripted2020,
  title = {Scripted},
  url = {JavaScript:alert(document.cookie)}
}
""",
    "unclosed entry": """
@misc{broken,
  title = {Unclosed,
""",
}


def check_and_build(root: Path, builddir: Path) -> tuple[set, set]:
    out, err = StringIO(), StringIO()
    main(["-C", str(root), "check"], out=out, err=err)
    checked = located(out.getvalue().splitlines(), root)
    app = build_site(root, builddir)
    assert "Traceback" not in app.status.getvalue() + app.warning.getvalue()
    built = located(warnings_of(app), root)
    return checked, built


def inputs() -> list[tuple[str, str | None, str | None]]:
    """(name, test root, text appended to its refs.bib) of every broken input."""
    cases: list[tuple[str, str | None, str | None]] = [("warnings root", "test-warnings", None)]
    cases += [(name, "test-basic", text) for name, text in BROKEN_BIB.items()]
    return cases


@pytest.mark.parametrize(("name", "root", "extra"), inputs(), ids=[c[0] for c in inputs()])
def test_check_and_the_build_report_the_same_problems(tmp_path, name, root, extra):
    site = copy_root(tmp_path, root, "site")
    if extra is not None:
        bib = site / "refs.bib"
        bib.write_text(bib.read_text(encoding="utf-8") + extra, encoding="utf-8")
    checked, built = check_and_build(site, tmp_path / "build")
    assert checked, "a broken input with no problem found"
    assert checked == built


def test_a_repeated_key_is_reported_at_each_line_that_repeats_it(tmp_path):
    site = copy_root(tmp_path, "test-basic", "site")
    bib = site / "refs.bib"
    before = bib.read_text(encoding="utf-8")
    bib.write_text(before + BROKEN_BIB["repeated key"], encoding="utf-8")
    first = before.count("\n", 0, before.index("@inproceedings{ioffe2015batch")) + 1
    repeats = [
        n
        for n, line in enumerate(bib.read_text().splitlines(), 1)
        if "ioffe2015batch," in line.lower()
    ][1:]
    _, built = check_and_build(site, tmp_path / "build")
    assert {(p, line) for p, line, _ in built} == {("refs.bib", n) for n in repeats}
    out = StringIO()
    main(["-C", str(site), "check"], out=out, err=StringIO())
    assert f"is also used at line {first}" in out.getvalue()


#: DBLP's export "with crossref": the paper as tests/data/bib/phd-thesis-visin-myrefs.bib
#: has it, a copy of it without its own venue and year, and their @proceedings parent as
#: DBLP gives it (dblp.org/rec/conf/icml/2014).
DBLP_CROSSREF = """
@inproceedings{GravesJ14,
  author    = {Alex Graves and
               Navdeep Jaitly},
  title     = {Towards End-To-End Speech Recognition with Recurrent Neural Networks},
  booktitle = {Proceedings of the 31th International Conference on Machine Learning,
               {ICML} 2014, Beijing, China, 21-26 June 2014},
  pages     = {1764--1772},
  year      = {2014},
  crossref  = {DBLP:conf/icml/2014},
  url       = {http://jmlr.org/proceedings/papers/v32/graves14.html},
  timestamp = {Fri, 07 Nov 2014 20:42:30 +0100},
  biburl    = {http://dblp.uni-trier.de/rec/bib/conf/icml/GravesJ14},
  bibsource = {dblp computer science bibliography, http://dblp.org}
}

@inproceedings{GravesJ14short,
  author    = {Alex Graves and
               Navdeep Jaitly},
  title     = {Towards End-To-End Speech Recognition with Recurrent Neural Networks},
  pages     = {1764--1772},
  crossref  = {DBLP:conf/icml/2014},
  url       = {http://jmlr.org/proceedings/papers/v32/graves14.html}
}

@proceedings{DBLP:conf/icml/2014,
  editor    = {Eric P. Xing and
               Tony Jebara},
  title     = {Proceedings of the 31th International Conference on Machine Learning,
               {ICML} 2014, Beijing, China, 21-26 June 2014},
  series    = {{JMLR} Workshop and Conference Proceedings},
  volume    = {32},
  publisher = {JMLR.org},
  year      = {2014},
  url       = {http://jmlr.org/proceedings/papers/v32/},
  timestamp = {Fri, 07 Nov 2014 20:42:30 +0100},
  biburl    = {http://dblp.uni-trier.de/rec/bib/conf/icml/2014},
  bibsource = {dblp computer science bibliography, http://dblp.org}
}
"""


def site_with(tmp_path: Path, entries: str, keys: tuple[str, ...]) -> Path:
    """A copy of test-basic with ``entries`` added to its refs.bib and a review of each key."""
    site = copy_root(tmp_path, "test-basic", "site")
    bib = site / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + entries, encoding="utf-8")
    for key in keys:
        (site / "reviews" / f"{key}.md").write_text(
            f"---\nbibkey: {key}\ntags: [Odd]\nsummary: s\n---\n\n# {key}\n", encoding="utf-8"
        )
    return site


def test_crossref_gives_a_paper_its_venue_year_and_editors(tmp_path):
    site = site_with(tmp_path, DBLP_CROSSREF, ("GravesJ14", "GravesJ14short"))
    checked, built = check_and_build(site, tmp_path / "build")
    assert checked == built == set()
    out = StringIO()
    main(["-C", str(site), "list", "--format", "json"], out=out, err=StringIO())
    papers = {p["bibkey"]: p for p in json.loads(out.getvalue())["papers"]}
    assert papers["GravesJ14short"]["publication"] == papers["GravesJ14"]["publication"]
    assert papers["GravesJ14short"]["publication"] == "ICML'14"
    refs = " ".join((tmp_path / "build" / "html" / "references.html").read_text().split())
    assert refs.count("JMLR.org") == 2 and refs.count("Eric P. Xing") == 2


def test_problems_in_refs_bib_are_reported_on_every_build_until_fixed(tmp_path):
    site = copy_root(tmp_path, "test-basic", "site")
    bib = site / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + BROKEN_BIB["repeated key"], encoding="utf-8")
    first = located(warnings_of(build_site(site, tmp_path / "build")), site)
    again = located(warnings_of(build_site(site, tmp_path / "build")), site)  # nothing changed
    assert first and again == first


def test_a_key_in_two_files_is_reported(tmp_path):
    site = copy_root(tmp_path, "test-basic", "site")
    conf = site / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('["refs.bib"]', '["refs.bib", "more.bib"]'),
        encoding="utf-8",
    )
    (site / "more.bib").write_text(
        "@misc{other2020, title = {Other}}\n\n@misc{LeCun2015Deep, title = {Again}}\n",
        encoding="utf-8",
    )
    checked, built = check_and_build(site, tmp_path / "build")
    assert checked == built == {("more.bib", 3, "paper.bibtex")}
    out = StringIO()
    main(["-C", str(site), "check"], out=out, err=StringIO())
    assert "also used at refs.bib:" in out.getvalue()


def test_odd_entries_build_and_read_as_written(tmp_path):
    """An entry known only by its URL is cited by its key; biblatex's date gives the year
    everywhere; an abstract's blank line stays in the card's BibTeX."""
    extra = """
@misc{webpage2019,
  howpublished = {\\url{https://example.com/blog}},
  year = {2019}
}

@article{dateonly,
  author = {Doe, Jane},
  title = {Dated},
  journaltitle = {Journal of Machine Learning Research},
  date = {2020-05-12},
  abstract = {First paragraph.

Second paragraph.},
  file = {/home/me/Zotero/dateonly.pdf}
}
"""
    site = site_with(tmp_path, extra, ("webpage2019", "dateonly"))
    checked, built = check_and_build(site, tmp_path / "build")
    assert checked == built == set()
    from bs4 import BeautifulSoup

    def card(key: str):
        page = tmp_path / "build" / "html" / "reviews" / f"{key}.html"
        return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(
            ".paper-card"
        )

    cite = " ".join(card("webpage2019").select_one(".paper-cite").get_text().split())
    assert cite == "Cite as (webpage2019, 2019)"
    dated = card("dateonly")
    assert " ".join(dated.select_one(".paper-cite").get_text().split()) == "Cite as (Doe, 2020)"
    block = dated.select_one("details.paper-bibtex pre").get_text()
    assert "First paragraph.\n\nSecond paragraph." in block
    assert "file" not in block and "/home/me" not in block


def test_a_url_that_is_not_http_is_never_a_link(tmp_path):
    site = site_with(tmp_path, BROKEN_BIB["a url that is not http"], ("scripted2020",))
    site.joinpath("notes.md").write_text(
        "# Notes\n\nSee {cite:p}`scripted2020`.\n", encoding="utf-8"
    )
    checked, built = check_and_build(site, tmp_path / "build")
    assert checked == built and len(built) == 1
    html = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "build").rglob("*.html"))
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", html, re.I)
    assert "JavaScript:alert" in html  # the card's BibTeX shows it, as text


def test_a_bib_file_that_is_not_utf8_is_read_and_reported(tmp_path):
    site = copy_root(tmp_path, "test-basic", "site")
    with (site / "refs.bib").open("ab") as bib:
        bib.write(b"\n@article{latin2020, title={Caf\xe9}, author={M\xfcller, H}, year=2020}\n")
    checked, built = check_and_build(site, tmp_path / "build")
    assert checked == built and len(built) == 1
    (problem,) = built
    assert problem[0] == "refs.bib" and problem[2] == "paper.bibtex"


def test_pages_the_site_excludes_are_not_checked(tmp_path):
    """``exclude_patterns`` in conf.py leaves pages out of the build and of the check."""
    site = copy_root(tmp_path, "test-basic", "site")
    for folder in ("drafts", "notes"):
        (site / folder).mkdir()
        (site / folder / "page.md").write_text(
            "# Page\n\nSee {paper}`nosuch2020paper`.\n", encoding="utf-8"
        )
    conf = site / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + '\nexclude_patterns = ["_build", "draft?"]\n',
        encoding="utf-8",
    )
    checked, built = check_and_build(site, tmp_path / "build")
    assert {(path, code) for path, _, code, *_ in checked} == {("notes/page.md", "paper.ref")}
    assert {(path, code) for path, _, code, *_ in built} >= {("notes/page.md", "paper.ref")}


def test_reviews_the_site_excludes_are_not_checked_and_the_others_are(tmp_path):
    """A review in an excluded folder is neither built nor checked; one whose name starts
    with ``_`` is both."""
    site = copy_root(tmp_path, "test-basic", "site")
    (site / "reviews" / "drafts").mkdir()
    bad = "---\nbibkey: {key}\ntags: [Draft]\nsummary: Not yet.\nrating: 9\n---\n# Draft\n"
    (site / "reviews" / "drafts" / "wip.md").write_text(bad.format(key="ioffe2015batch"))
    (site / "reviews" / "_wip.md").write_text(bad.format(key="lecun2015deep"))
    conf = site / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + '\nexclude_patterns = ["_build", "reviews/drafts"]\n',
        encoding="utf-8",
    )
    checked, built = check_and_build(site, tmp_path / "build")
    assert checked == built
    assert {(path, code) for path, _, code, *_ in checked} == {
        ("reviews/_wip.md", "paper.rating"),
        ("reviews/lecun2015deep.md", "paper.duplicate"),  # the page read second
    }
