"""``paper-reviews new`` from a DOI (Crossref) and from an OpenReview link, run in-process
against a local server that answers with responses recorded from the real services
(tests/data/crossref, tests/data/openreview: their READMEs say where each comes from)."""

from __future__ import annotations

import hashlib
import shutil
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import recorded
from conftest import REPO, empty_project, run, snapshot
from paper_reviews.cli import openreview, sources
from paper_reviews.core import frontmatter
from recorded import Recorded

EMPTY = {"refs.bib": hashlib.sha256(b"").hexdigest()}
ELIFE = "10.7554/elife.01567"


def front(path: Path) -> dict:
    return frontmatter.parse(path.read_text(encoding="utf-8")).data


def written(root: Path) -> dict[str, str]:
    """The project's files and their hashes, but for the lock file a run may leave."""
    return {
        name: digest for name, digest in snapshot(root).items() if name != ".paper-reviews.lock"
    }


def squeezed(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


# -- a local Crossref and OpenReview serving recorded responses ----------------------------------


@pytest.fixture
def services():
    with recorded.services() as running:
        yield running


def closed_port() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    port = server.server_address[1]
    server.server_close()
    return port


# -- a DOI ----------------------------------------------------------------------------------------


def test_new_from_a_doi_writes_a_journal_article(tmp_path, services):
    root = empty_project(tmp_path)
    code, out, err = run("-C", str(root), "new", ELIFE, *services.args, "--tag", "Biology")
    assert code == 0, err
    page = root / "reviews" / "sankar2014automated.md"
    assert "Wrote reviews/sankar2014automated.md and its entry sankar2014automated" in out
    assert front(page) == {
        "bibkey": "sankar2014automated",
        "draft": True,
        "tags": ["Biology"],
        "summary": "",
    }
    text = page.read_text(encoding="utf-8")
    assert "\n# Automated quantitative histology reveals vascular morphodynamics" in text
    # The JATS abstract as text: no markup of it left.
    assert "```{dropdown} Abstract\nAmong various advantages, their small size" in text
    assert "jats" not in text and "equidistant phloem pole formation." in text
    bib = squeezed(root / "refs.bib")
    assert (
        "@article{sankar2014automated, title = {Automated quantitative histology reveals "
        "vascular morphodynamics during Arabidopsis hypocotyl secondary growth}, "
        "author = {Martial Sankar and Kaisa Nieminen and Laura Ragni and Ioannis Xenarios "
        "and Christian S Hardtke}, journal = {eLife}, year = {2014}, doi = {10.7554/elife.01567} }"
    ) in bib
    assert services.asked == [f"/works/{ELIFE}"]
    # A draft: the page and entry pass the same checks as a build, with no problem; check
    # lists it as a draft without a summary yet.
    code, out, _ = run("-C", str(root), "check")
    assert code == 0 and "[paper." not in out
    assert "reviews/sankar2014automated.md:" in out and "(no summary yet)" in out


@pytest.mark.parametrize(
    "paper",
    [
        f"doi:{ELIFE}",
        f"https://doi.org/{ELIFE}",
        "https://dx.doi.org/10.7554%2Felife.01567",
        "http://dx.doi.org/10.7554/elife.01567",
        "  DOI:10.7554/elife.01567 ",
    ],
)
def test_every_form_of_a_doi_names_the_same_work(tmp_path, services, paper):
    root = empty_project(tmp_path)
    code, out, err = run("-C", str(root), "new", paper, *services.args, "--dry-run")
    assert code == 0, err
    assert "--- entry for refs.bib\n@article{sankar2014automated," in out
    assert snapshot(root) == EMPTY


def test_new_from_a_doi_writes_a_conference_paper(tmp_path, services):
    root = empty_project(tmp_path)
    doi = "10.1109/iccv.2007.4408927"
    code, _, err = run("-C", str(root), "new", f"https://doi.org/{doi}", *services.args)
    assert code == 0, err
    bib = squeezed(root / "refs.bib")
    assert (
        "@inproceedings{sinop2007seeded, title = {A Seeded Image Segmentation Framework "
        "Unifying Graph Cuts And Random Walker Which Yields A New Algorithm}, "
        "author = {Ali Kemal Sinop and Leo Grady}, "
        "booktitle = {2007 IEEE 11th International Conference on Computer Vision}, "
        f"year = {{2007}}, doi = {{{doi}}} }}"
    ) in bib
    page = (root / "reviews" / "sinop2007seeded.md").read_text(encoding="utf-8")
    assert "{dropdown} Abstract" not in page  # Crossref has none for it


def test_what_crossref_sends_is_written_as_text(tmp_path, services):
    root = empty_project(tmp_path)
    code, _, err = run("-C", str(root), "new", "10.5555/hostile", *services.args)
    assert code == 0, err
    (page,) = (root / "reviews").glob("*.md")
    body = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    heading = next(line for line in body.splitlines() if line.startswith("# "))
    # The tags are gone (their text kept); what is left reads as characters, not markup.
    assert heading == r"# \{raw\}\`x\` \& 50% Fast"
    bib = squeezed(root / "refs.bib")
    assert r"title = {\textbraceleft{}raw\textbraceright{}`x` \& 50\% Fast}" in bib
    # A DOI that would end the field is not taken: the DOI asked for is written instead.
    assert "doi = {10.5555/hostile} }" in bib and "owned" not in bib


# -- an OpenReview link ---------------------------------------------------------------------------


def test_new_from_openreview_api_v2(tmp_path, services):
    root = empty_project(tmp_path)
    code, _, err = run(
        "-C", str(root), "new", "https://openreview.net/forum?id=4aMedv0ONH", *services.args
    )
    assert code == 0, err
    assert services.asked == ["/api2/notes?id=4aMedv0ONH"]  # v1 is not asked
    bib = squeezed(root / "refs.bib")
    assert (
        "@inproceedings{zhang2025emergency, title = {Emergency Response Measures for "
        "Catastrophic Risk}, author = {James Zhang and Miles Kodama and Zongze Wu and "
        "Michael Chen and Yue Zhu and Geng Hong}, "
        "booktitle = {NeurIPS 2025 Workshop on Regulatable ML}, year = {2025}, "
        "url = {https://openreview.net/forum?id=4aMedv0ONH} }"
    ) in bib
    page = (root / "reviews" / "zhang2025emergency.md").read_text(encoding="utf-8")
    assert "# Emergency Response Measures for Catastrophic Risk" in page
    assert "extending the country’s four-phase emergency response framework" in page


def test_the_note_asked_for_is_taken_not_a_review_beside_it(tmp_path, services):
    root = empty_project(tmp_path)
    code, _, err = run(
        "-C", str(root), "new", "https://openreview.net/pdf?id=Yxz92UuPLQ", *services.args
    )
    assert code == 0, err
    bib = squeezed(root / "refs.bib")
    # No BibTeX of its own: the venue's name is what comes before its year.
    assert (
        "title = {Transformers are Inherently Succinct}, "
        "author = {Pascal Bergsträßer and Ryan Cotterell and Anthony Widjaja Lin}, "
        "booktitle = {ICLR}, year = {2026}, url = {https://openreview.net/forum?id=Yxz92UuPLQ}"
    ) in bib
    code, _, err = run("-C", str(root), "new", "openreview:TEyJI4DQAP", *services.args)
    assert code == 1 and "the OpenReview note TEyJI4DQAP has no title" in err


def test_a_note_v2_does_not_have_is_asked_of_v1(tmp_path, services):
    root = empty_project(tmp_path)
    code, out, err = run("-C", str(root), "new", "openreview:d-XzF81Wg1", *services.args)
    assert code == 0, err
    assert services.asked == ["/api2/notes?id=d-XzF81Wg1", "/api1/notes?id=d-XzF81Wg1"]
    assert "Wrote reviews/dauphin2021deconstructing.md" in out
    bib = squeezed(root / "refs.bib")
    assert (
        "@inproceedings{dauphin2021deconstructing, title = {Deconstructing the Regularization "
        "of BatchNorm}, author = {Yann Dauphin and Ekin Dogus Cubuk}, "
        "booktitle = {International Conference on Learning Representations}, year = {2021}, "
        "url = {https://openreview.net/forum?id=d-XzF81Wg1} }"
    ) in bib


def test_the_apis_are_read_from_the_environment(tmp_path, services, monkeypatch):
    monkeypatch.setenv("PAPER_REVIEWS_CROSSREF_API", f"{services.base}/works")
    monkeypatch.setenv("PAPER_REVIEWS_OPENREVIEW_API", f"{services.base}/api2/notes")
    monkeypatch.setenv("PAPER_REVIEWS_OPENREVIEW_API_V1", f"{services.base}/api1/notes")
    root = empty_project(tmp_path)
    assert run("-C", str(root), "new", ELIFE)[0] == 0
    assert run("-C", str(root), "new", "https://openreview.net/forum?id=d-XzF81Wg1")[0] == 0
    assert len(list((root / "reviews").glob("*.md"))) == 2


def test_accepted_venues_are_told_from_submissions():
    # Venue strings OpenReview gives (the accepted ones from the recorded notes).
    for venue in ("ICLR 2021 Poster", "ICLR 2026 Oral", "RegML 2025 Poster", "TMLR"):
        assert openreview.accepted(venue), venue
    for venue in (
        "Submitted to ICLR 2026",
        "ICLR 2022 Submitted",
        "ICLR 2024 Conference Withdrawn Submission",
        "ICLR 2026 Conference Desk Rejected Submission",
        "",
    ):
        assert not openreview.accepted(venue), venue
    assert not openreview.accepted("ICLR 2026", "ICLR.cc/2026/Conference/Rejected_Submission")


# -- already there --------------------------------------------------------------------------------


def test_a_paper_the_site_reviews_is_known_by_its_openreview_link(tmp_path, services):
    root = empty_project(tmp_path)
    shutil.copy(REPO / "refs.bib", root / "refs.bib")
    shutil.copy(REPO / "reviews" / "dauphin2021deconstructing.md", root / "reviews")
    before = written(root)
    code, _, err = run(
        "-C", str(root), "new", "https://openreview.net/forum?id=d-XzF81Wg1", *services.args
    )
    assert code == 1
    assert "OpenReview d-XzF81Wg1 is already in refs.bib as dauphin2021deconstructing" in err
    assert written(root) == before


def test_a_doi_in_refs_bib_is_known_in_any_case(tmp_path, services):
    root = empty_project(tmp_path)
    (root / "refs.bib").write_text(
        "@article{histology,\n  title = {Another title},\n  year = {2014},\n"
        "  doi = {https://doi.org/10.7554/ELIFE.01567}\n}\n",
        encoding="utf-8",
    )
    bib = (root / "refs.bib").read_text(encoding="utf-8")
    # The entry has no review yet: the review is written for it, refs.bib left alone.
    code, out, err = run("-C", str(root), "new", ELIFE, *services.args)
    assert code == 0 and "the entry histology was already there" in out, err
    assert (root / "refs.bib").read_text(encoding="utf-8") == bib
    assert front(root / "reviews" / "histology.md")["bibkey"] == "histology"
    # Now it has one: nothing is written.
    before = snapshot(root)
    code, _, err = run("-C", str(root), "new", f"https://doi.org/{ELIFE}", *services.args)
    assert code == 1 and "doi:10.7554/elife.01567 is already in refs.bib as histology" in err
    assert snapshot(root) == before


# -- without the services -------------------------------------------------------------------------


def test_every_kind_works_without_the_network(tmp_path):
    root = empty_project(tmp_path)
    offline = (
        "--doi-api", "http://127.0.0.1:9/", "--openreview-api", "http://127.0.0.1:9/",
        "--openreview-api-v1", "http://127.0.0.1:9/", "--api-url", "http://127.0.0.1:9/",
    )  # fmt: skip
    for paper, title, author in [
        ("10.1038/nature14539", "Deep learning", "Yann LeCun"),
        ("https://openreview.net/forum?id=d-XzF81Wg1", "Deconstructing BatchNorm", "Yann Dauphin"),
        ("https://doi.org/10.48550/arXiv.1502.03167", "Batch Normalization", "Sergey Ioffe"),
    ]:
        args = ("--title", title, "--author", author, "--year", "2015")
        code, _, err = run("-C", str(root), "new", paper, *args, *offline)
        assert code == 0, err
    bib = squeezed(root / "refs.bib")
    assert "@misc{lecun2015deep, title = {Deep learning}, author = {Yann LeCun}, " in bib
    assert "year = {2015}, doi = {10.1038/nature14539} }" in bib
    assert "url = {https://openreview.net/forum?id=d-XzF81Wg1} }" in bib
    # arXiv's own DOI names the arXiv paper.
    assert "eprint = {1502.03167}, archivePrefix = {arXiv} }" in bib


# -- errors: a message that names the service, exit status 1, nothing written ----------------------


@pytest.mark.parametrize(
    ("paper", "messages"),
    [
        (
            "10.1371/notarealdoi",
            ["Crossref has no work with the DOI 10.1371/notarealdoi", "answered HTTP 404"],
        ),
        ("10.5555/http500", ["the Crossref API at http://127.0.0.1", "answered HTTP 500"]),
        ("10.5555/notjson", ["the Crossref API at http://127.0.0.1", "is not JSON"]),
        ("10.5555/huge", ["the Crossref API at http://127.0.0.1", "sent more than 5 MB"]),
        ("10.5555/deep", ["the Crossref API at http://127.0.0.1", "not JSON (nested too deep)"]),
        ("10.5555/list", ["the Crossref API at http://127.0.0.1", "without a work in it"]),
        (
            "openreview:Missing123",
            ["OpenReview has no note with the id Missing123", "/api2/notes", "/api1/notes"],
        ),
        ("openreview:Challenged1", ["the OpenReview API at http://127.0.0.1", "HTTP 403"]),
        ("openreview:Broken500", ["the OpenReview API at http://127.0.0.1", "HTTP 500"]),
        ("openreview:NotJson1", ["the OpenReview API at http://127.0.0.1", "is not JSON"]),
        ("openreview:NoNotes1", ["the OpenReview API at http://127.0.0.1", "without notes"]),
        ("openreview:HugeNote1", ["the OpenReview API at", "sent more than 5 MB"]),
        ("not-an-id", ["is not an arXiv id or URL, a DOI or an OpenReview link", "10.1038/"]),
        ("https://openreview.net/forum?id=", ["an OpenReview link (https://openreview.net/"]),
        ("https://example.org/10.1038/nature14539", ["is not an arXiv id or URL"]),
        ("10.1038/nature 14539", ["is not an arXiv id or URL"]),
    ],
)
def test_errors_write_nothing(tmp_path, services, paper, messages):
    root = empty_project(tmp_path)
    code, out, err = run("-C", str(root), "new", paper, *services.args)
    assert code == 1 and not out
    for message in messages:
        assert message in err
    assert snapshot(root) == EMPTY


def test_a_service_that_fails_is_not_asked_again_elsewhere(tmp_path, services):
    """Only a note v2 does not have is asked of v1: an error of v2 is the answer."""
    run("-C", str(empty_project(tmp_path)), "new", "openreview:Broken500", *services.args)
    assert services.asked == ["/api2/notes?id=Broken500"]


@pytest.mark.parametrize(
    ("paper", "service"),
    [(ELIFE, "the Crossref API"), ("openreview:d-XzF81Wg1", "the OpenReview API")],
)
def test_offline_is_a_message_quickly(tmp_path, paper, service):
    root = empty_project(tmp_path)
    url = f"http://127.0.0.1:{closed_port()}/"
    started = time.monotonic()
    code, _, err = run(
        "-C", str(root), "new", paper, "--doi-api", url, "--openreview-api", url
    )  # fmt: skip
    assert time.monotonic() - started < 15
    assert code == 1 and f"could not reach {service} at {url}" in err and "--title" in err
    assert snapshot(root) == EMPTY


# -- for the commands that complete refs.bib ------------------------------------------------------


def test_an_entry_is_looked_up_by_its_identifiers(services):
    from paper_reviews.core import bibfile

    entries = bibfile.read(REPO / "refs.bib").entries
    dauphin = sources.identifiers_of(entries["dauphin2021deconstructing"].fields)
    assert dauphin == [("openreview", "d-XzF81Wg1")]
    assert sources.identifiers_of(entries["ioffe2015batch"].fields) == [("arxiv", "1502.03167")]
    found = sources.lookup([("doi", "10.1371/notarealdoi"), *dauphin], services.urls)
    assert (found.title, found.year, found.venue, found.entry_type) == (
        "Deconstructing the Regularization of BatchNorm",
        2021,
        "International Conference on Learning Representations",
        "inproceedings",
    )
    with pytest.raises(sources.NotFound, match="Crossref has no work"):
        sources.lookup([sources.Identifier("doi", "10.1371/notarealdoi")], services.urls)
