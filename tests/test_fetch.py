"""``paper-reviews fetch``: entries of refs.bib completed from the services that know their
papers, against a local stand-in answering with recorded responses (tests/recorded.py):
fields the user wrote kept, other entries byte for byte, nothing written on failure."""

from __future__ import annotations

import json
import shutil

import pytest
import recorded
from conftest import DATA, empty_project, run, snapshot
from paper_reviews.core import bibsource

SEED = DATA / "notion-export"


@pytest.fixture
def services():
    with recorded.services() as running:
        yield running


def entry_text(root, key: str) -> str:
    text = (root / "refs.bib").read_text(encoding="utf-8")
    entry = bibsource.by_key(bibsource.scan(text))[key.lower()]
    return text[entry.start : entry.end]


def without(text: str, *keys: str) -> str:
    """``text`` (refs.bib) less the entries ``keys``: what must not change."""
    entries = bibsource.by_key(bibsource.scan(text))
    for key in sorted(keys, key=lambda k: -entries[k.lower()].start):
        entry = entries[key.lower()]
        text = text[: entry.start] + text[entry.end :]
    return text


def test_after_an_offline_import_fetch_completes_the_entries(tmp_path, services):
    """The user's way: import the Notion export with no network, then fetch. Of the seed's
    papers the recordings hold the GAN paper (arXiv) and the BatchNorm paper (OpenReview)."""
    root = empty_project(tmp_path)
    code, _, err = run("-C", str(root), "import-notion", str(SEED))
    assert code == 0, err
    before = (root / "refs.bib").read_text(encoding="utf-8")
    gan = "generative2014adversarial"
    batchnorm = next(
        e.key for e in bibsource.scan(before) if "openreview" in before[e.start : e.end]
    )
    assert "author" not in entry_text(root, gan)

    code, out, err = run("-C", str(root), "fetch", gan, batchnorm, *services.args)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"[1/2] {gan}: asking for arXiv:1406.2661 …",
        f"[1/2] {gan}: adds author, primaryClass",
        f"[2/2] {batchnorm}: asking for OpenReview d-XzF81Wg1 …",
        f"[2/2] {batchnorm}: adds author",
        "completed 2, nothing to add 0, failed 0",
    ]
    after = (root / "refs.bib").read_text(encoding="utf-8")
    assert without(after, gan, batchnorm) == without(before, gan, batchnorm)
    assert entry_text(root, gan) == (
        "@inproceedings{generative2014adversarial,\n"
        "  title         = {Generative Adversarial Networks},\n"
        "  booktitle     = {NIPS},\n"
        "  year          = {2014},\n"
        "  eprint        = {1406.2661},\n"
        "  archivePrefix = {arXiv},\n"
        "  author        = {Ian J. Goodfellow and Jean Pouget-Abadie and Mehdi Mirza and "
        "Bing Xu and David Warde-Farley and Sherjil Ozair and Aaron Courville and "
        "Yoshua Bengio},\n"
        "  primaryClass  = {stat.ML}\n"
        "}"
    )
    assert "author    = {Yann Dauphin and Ekin Dogus Cubuk}" in entry_text(root, batchnorm)
    # The venue the export gave is the user's: kept.
    assert "booktitle = {ICLR}" in entry_text(root, batchnorm)
    # The keys the pages name did not change, and the site checks clean.
    code, out, _ = run("-C", str(root), "check")
    assert code == 0, out
    # A second run has nothing more to add for them.
    code, out, _ = run("-C", str(root), "fetch", gan, batchnorm, *services.args)
    assert code == 0 and "completed 0, nothing to add 2, failed 0" in out


def test_fetch_without_keys_asks_for_every_entry_that_lacks_a_field(tmp_path, services):
    root = empty_project(tmp_path)
    run("-C", str(root), "import-notion", str(SEED))
    before = snapshot(root)
    code, out, err = run("-C", str(root), "fetch", *services.args)
    # Every entry lacks its authors; eight of the ten papers have no recorded answer.
    assert code == 1
    assert out.count("asking for") == 10
    assert "[10/10]" in out
    assert "completed 2, nothing to add 0, failed 8" in out
    assert err.count("paper-reviews: ") == 8
    assert "arXiv has no paper with the id 1502.03167" in err or "1502.03167" in err
    # The two it could complete are written; the pages are not touched.
    after = snapshot(root)
    assert {name for name in after if after[name] != before.get(name)} == {"refs.bib"}


def test_dry_run_shows_a_diff_and_writes_nothing(tmp_path, services):
    root = empty_project(tmp_path)
    (root / "refs.bib").write_text(
        "% my library\n@misc{rutar,\n  title = {Attainable forms of Assouad spectra},\n"
        "  eprint = {2206.06921},\n  archivePrefix = {arXiv}\n}\n",
        encoding="utf-8",
    )
    before = snapshot(root)
    code, out, _ = run("-C", str(root), "fetch", "--dry-run", *services.args)
    assert code == 0
    assert snapshot(root) == before
    assert "--- a/refs.bib\n+++ b/refs.bib\n" in out
    assert "+  archivePrefix = {arXiv},\n" in out
    assert "+  author = {Alex Rutar},\n" in out
    assert "+  doi = {10.1512/iumj.2024.73.9928},\n+  primaryClass = {math.CA}\n }" in out
    # A journal reference that names no known venue (volume and pages) gives no venue.
    assert "journal" not in out
    assert "would complete 1, nothing to add 0, failed 0" in out


def test_fields_the_user_wrote_are_kept_unless_named(tmp_path, services):
    root = empty_project(tmp_path)
    (root / "refs.bib").write_text(
        "@article{elife,\n  author = {Me, Myself},\n  year = {1999},\n"
        "  doi = {10.7554/elife.01567}\n}\n",
        encoding="utf-8",
    )
    code, out, _ = run("-C", str(root), "fetch", "elife", *services.args)
    assert code == 0, out
    text = entry_text(root, "elife")
    assert "author = {Me, Myself}" in text and "year = {1999}" in text
    assert "journal = {eLife}" in text
    code, out, _ = run(
        "-C", str(root), "fetch", "elife", "--overwrite", "year", "--overwrite", "author",
        *services.args,
    )  # fmt: skip
    assert code == 0, out
    text = entry_text(root, "elife")
    assert "year = {2014}" in text and "Myself" not in text
    assert "author = {Martial Sankar and Kaisa Nieminen" in text
    assert "journal = {eLife}" in text  # the venue was not named: kept
    with pytest.raises(SystemExit) as stopped:  # a field fetch does not write
        run("-C", str(root), "fetch", "--overwrite", "title", *services.args)
    assert stopped.value.code == 2


def test_venues_from_crossref_openreview_and_an_arxiv_journal_reference(tmp_path, services):
    root = empty_project(tmp_path)
    (root / "refs.bib").write_text(
        "@misc{hauberg, title = {Dreaming More Data}, eprint = {1510.02795},"
        " archivePrefix = {arXiv}}\n"
        "@misc{sinop, title = {A Seeded Image Segmentation Framework},"
        " doi = {10.1109/iccv.2007.4408927}}\n"
        "@inproceedings{zhang, title = {Emergency Response Measures},"
        " url = {https://openreview.net/forum?id=4aMedv0ONH}}\n",
        encoding="utf-8",
    )
    code, _, err = run("-C", str(root), "fetch", *services.args)
    assert code == 0, err
    # arXiv's journal reference names AISTATS: its name, as a journal of a @misc entry.
    assert "journal = {International Conference on Artificial Intelligence and Statistics}" in (
        entry_text(root, "hauberg")
    )
    assert "primaryClass = {cs.CV}" in entry_text(root, "hauberg")
    assert "journal = {2007 IEEE 11th International Conference on Computer Vision}" in (
        entry_text(root, "sinop")
    )
    assert "booktitle = {NeurIPS 2025 Workshop on Regulatable ML}" in entry_text(root, "zhang")
    assert "year = {2025}" in entry_text(root, "zhang")
    data = json.loads(
        run("-C", str(root), "list", "--format", "json")[1] or '{"papers": []}'
    )  # no reviews: nothing listed, and nothing broken
    assert data == {"papers": []}


def test_other_bytes_encodings_and_line_ends_stay(tmp_path, services):
    """A real Google Scholar export in Latin-1 with Windows line ends, with one entry of ours
    to complete: every byte of the rest stays."""
    root = empty_project(tmp_path)
    real = (DATA / "bib" / "d2l-book-google-scholar.bib").read_bytes()
    ours = "@misc{gan,\n  title = {Generative Adversarial Networks},\n  eprint = {1406.2661}\n}\n"
    data = (
        real.replace(b"\n", b"\r\n")
        + b"\r\n% Ren\xe9's notes\r\n"
        + ours.encode().replace(b"\n", b"\r\n")
    )
    (root / "refs.bib").write_bytes(data)
    code, _, err = run("-C", str(root), "fetch", "gan", *services.args)
    assert code == 0, err
    after = (root / "refs.bib").read_bytes()
    start = data.index(b"@misc{gan,")
    assert after[:start] == data[:start]
    assert after[start:].decode("utf-8") == (
        "@misc{gan,\r\n  title = {Generative Adversarial Networks},\r\n"
        "  eprint = {1406.2661},\r\n  author = {Ian J. Goodfellow and Jean Pouget-Abadie and "
        "Mehdi Mirza and Bing Xu and David Warde-Farley and Sherjil Ozair and Aaron Courville "
        "and Yoshua Bengio},\r\n  year = {2014},\r\n  primaryClass = {stat.ML}\r\n}\r\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nosuchkey"], "nosuchkey: no entry with this key in refs.bib"),
        (["nothing"], "nothing: no arXiv id, DOI or OpenReview link to look it up by"),
    ],
)
def test_errors_are_named_and_change_nothing(tmp_path, services, argv, message):
    root = empty_project(tmp_path)
    (root / "refs.bib").write_text("@misc{nothing, title = {T}}\n", encoding="utf-8")
    before = snapshot(root)
    code, _, err = run("-C", str(root), "fetch", *argv, *services.args)
    assert code == 1 and message in err
    assert {k: v for k, v in snapshot(root).items() if k != ".paper-reviews.lock"} == before


def test_offline_a_clear_message_and_nothing_written(tmp_path):
    root = empty_project(tmp_path)
    shutil.copyfile(DATA / "bib" / "zotero-nli-qa-exported-items.bib", root / "refs.bib")
    before = (root / "refs.bib").read_bytes()
    closed = recorded.ThreadingHTTPServer(("127.0.0.1", 0), recorded.Recorded)
    port = closed.server_address[1]
    closed.server_close()
    base = f"http://127.0.0.1:{port}"
    code, out, err = run(
        "-C", str(root), "fetch",
        "--api-url", f"{base}/api/query", "--doi-api", f"{base}/works",
        "--openreview-api", f"{base}/api2", "--openreview-api-v1", f"{base}/api1",
    )  # fmt: skip
    assert code == 1
    assert "could not reach" in err and "check the network" in err
    assert "--title" not in err  # an option of new, not of fetch
    assert "could not reach" not in out  # each reason is said once, on standard error
    assert "completed 0" in out
    assert (root / "refs.bib").read_bytes() == before


# -- found in review: each of these once lost or corrupted an entry --------------------------


def write_bib(root, text: str, encoding: str = "utf-8") -> bytes:
    (root / "refs.bib").write_bytes(text.encode(encoding))
    return (root / "refs.bib").read_bytes()


ELIFE = "@article{elife,\n  title = {Automated histology},\n  doi = {10.7554/elife.01567}\n}\n"


def test_a_key_named_twice_in_any_case_is_asked_and_written_once(tmp_path, services):
    root = empty_project(tmp_path)
    write_bib(root, ELIFE)
    code, out, err = run("-C", str(root), "fetch", "elife", "ELIFE", "elife", *services.args)
    assert code == 0, err
    assert "[1/1] elife" in out
    text = (root / "refs.bib").read_text(encoding="utf-8")
    assert text.count("@article{elife") == 1 and text.count("journal = {eLife}") == 1


def test_an_older_entry_of_the_same_key_in_a_comment_is_refused(tmp_path, services):
    """BibTeX (and pybtex) read entries inside @comment: the entry BibTeX uses is not the
    one an edit in place would change, so nothing is written."""
    root = empty_project(tmp_path)
    before = write_bib(
        root,
        "@comment{ kept for reference:\n"
        "@article{elife, title = {Old}, doi = {10.7554/elife.01567}}\n}\n"
        "\n@article{elife,\n  title = {New},\n  doi = {10.1234/new}\n}\n",
    )
    code, _, err = run("-C", str(root), "fetch", "elife", *services.args)
    assert code == 1 and "another entry elife before line 5" in err
    assert (root / "refs.bib").read_bytes() == before


def test_a_value_that_cannot_be_written_fails_its_entry_only(tmp_path, services):
    root = empty_project(tmp_path)
    write_bib(
        root,
        "@misc{odd, title = {Odd}, eprint = {2206.99999}}\n\n"
        "@misc{rutar, title = {Attainable}, eprint = {2206.06921}}\n",
    )
    code, out, err = run("-C", str(root), "fetch", *services.args)
    assert code == 1
    assert "odd: primaryClass 'cs LG}, note = {owned' cannot be written" in err
    assert "completed 1, nothing to add 0, failed 1" in out
    text = (root / "refs.bib").read_text(encoding="utf-8")
    assert "owned" not in text and "author = {Alex Rutar}" in text


def test_a_latin1_refs_bib_gets_latin1_bytes(tmp_path, services):
    root = empty_project(tmp_path)
    (root / "conf.py").write_text('bibtex_encoding = "latin-1"\n', encoding="utf-8")
    succinct = (
        "@inproceedings{succinct,\n  title = {Transformers are Inherently Succinct},\n"
        "  url = {https://openreview.net/forum?id=Yxz92UuPLQ}\n}\n"
    )
    before = write_bib(root, "% Café\n" + succinct, "latin-1")
    code, _, err = run("-C", str(root), "fetch", "succinct", *services.args)
    assert code == 0, err
    after = (root / "refs.bib").read_bytes()
    assert after.startswith(before[: before.index(b"\n}")])
    assert "author = {Pascal Bergsträßer and Ryan Cotterell" in after.decode("latin-1")
    assert b"\xc3" not in after  # no UTF-8 sequence among the Latin-1 bytes


def test_an_entry_is_asked_for_by_its_own_identifiers_not_its_crossref_parents(tmp_path, services):
    root = empty_project(tmp_path)
    before = write_bib(
        root,
        "@incollection{chapter, title = {A Chapter}, crossref = {book}}\n\n"
        "@book{book, title = {The Book}, author = {Editor, Book}, year = {2014},"
        " doi = {10.7554/elife.01567}}\n",
    )
    code, _, err = run("-C", str(root), "fetch", "chapter", *services.args)
    assert code == 1 and "chapter: no arXiv id, DOI or OpenReview link" in err
    assert (root / "refs.bib").read_bytes() == before


def test_without_keys_only_entries_missing_authors_year_or_category_are_asked(tmp_path, services):
    """A complete journal article without a venue in the sense of the others, and a book
    without any identifier, are not asked for on every run, and are no failure."""
    root = empty_project(tmp_path)
    write_bib(
        root,
        "@article{done, title = {T}, author = {A, B}, year = {2014},"
        " doi = {10.7554/elife.01567}}\n\n@book{book, title = {A Book}}\n",
    )
    code, out, _ = run("-C", str(root), "fetch", *services.args)
    assert (code, out) == (0, "completed 0, nothing to add 0, failed 0\n")
    assert services.asked == []
