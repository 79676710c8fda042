"""The paper-reviews command: its successes and its errors, run in-process on real files."""

from __future__ import annotations

import hashlib
import json
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import recorded
from conftest import (
    DATA,
    EXPORT_CSV,
    REPO,
    copy_root,
    empty_project,
    make_export,
    run,
    snapshot,
)
from paper_reviews.cli import main
from paper_reviews.core import frontmatter

RECORDED = DATA / "arxiv-api"


def front(path: Path) -> dict:
    return frontmatter.parse(path.read_text(encoding="utf-8")).data


# -- a local arXiv API serving recorded responses (tests/recorded.py) ------------------------


@pytest.fixture
def api():
    with recorded.services() as running:
        yield f"{running.base}/api/query"


# -- import-notion --------------------------------------------------------------------------------


def test_import_the_seed_export_matches_the_sites_reviews(tmp_path):
    root = empty_project(tmp_path)
    code, out, err = run("-C", str(root), "import-notion", str(EXPORT_CSV))
    assert code == 0, err
    assert "imported 10, already there 0, failed 0" in out
    imported = {front(p)["summary"]: p for p in (root / "reviews").glob("*.md")}
    site = {front(p)["summary"]: p for p in (REPO / "reviews").glob("*.md")}
    assert set(imported) == set(site)  # every summary exactly as written
    for summary, path in imported.items():
        ours, theirs = front(path), front(site[summary])
        for key in ("tags", "rating", "venue"):
            assert ours.get(key) == theirs.get(key), (path.name, key)
        title = path.read_text(encoding="utf-8").split("\n# ", 1)[1].splitlines()[0]
        assert site[summary].read_text(encoding="utf-8").split("\n# ", 1)[1].startswith(title)
    # The entries carry what the export knows: arXiv ids, the OpenReview URL, years.
    bib = " ".join((root / "refs.bib").read_text(encoding="utf-8").split())
    assert bib.count("archivePrefix = {arXiv}") == 9
    assert "url = {https://openreview.net/forum?id=d-XzF81Wg1}" in bib
    assert "eprint = {1502.03167}" in bib
    # Without authors the key comes from the title and year.
    assert (root / "reviews" / "batch2015normalization.md").exists()
    # No publication: the year comes from the arXiv id.
    done = front(root / "reviews" / "done2020imagenet.md")
    assert "venue" not in done
    assert "year = {2020}" in bib


def test_importing_twice_changes_nothing(tmp_path):
    root = empty_project(tmp_path)
    assert run("-C", str(root), "import-notion", str(EXPORT_CSV))[0] == 0
    before = snapshot(root)
    code, out, _ = run("-C", str(root), "import-notion", str(EXPORT_CSV))
    assert code == 0
    assert "imported 0, already there 10, failed 0" in out
    assert snapshot(root) == before


def test_dry_run_writes_nothing(tmp_path):
    root = empty_project(tmp_path)
    before = snapshot(root)
    code, out, _ = run("-C", str(root), "import-notion", "--dry-run", str(EXPORT_CSV))
    assert code == 0
    assert "would import 10" in out
    assert "bibkey: batch2015normalization" in out
    assert "@inproceedings{batch2015normalization," in out
    assert snapshot(root) == before


def test_import_bodies_images_mapping_and_bad_rows(tmp_path):
    csv_path = make_export(tmp_path / "export")
    root = empty_project(tmp_path)
    code, out, err = run("-C", str(root), "import-notion", "--map", "Score=rating", str(csv_path))
    assert code == 1  # some rows failed; the others are imported
    assert "row 3: error: Rate 'excellent' is not a number" in err
    assert "row 5: error: Source 'see the paper' is not a URL" in err
    assert "imported 2, already there 0, failed 2" in out
    page = (root / "reviews" / "attention2017all.md").read_text(encoding="utf-8")
    data = frontmatter.parse(page).data
    assert data == {
        "bibkey": "attention2017all",
        "venue": "NIPS",
        "tags": ["Model Architecture", "트랜스포머"],
        "rating": 5,
        "summary": "Self-attention만으로 번역한다.",
    }
    assert "# Attention Is All You Need\n\n## Notes\n\nMulti-head attention" in page
    assert "Publication: NIPS'17" not in page  # property lines are front matter now
    assert "![The architecture](<attention2017all/figure.png>)" in page
    assert (
        (root / "reviews" / "attention2017all" / "figure.png").read_bytes().startswith(b"\x89PNG")
    )
    bib = " ".join((root / "refs.bib").read_text(encoding="utf-8").split())
    assert "@inproceedings{deep2015learning, title = {Deep learning}, booktitle = {Nature}" in bib
    assert "doi = {10.1038/nature14539}" in bib


def test_import_from_zip_and_folder(tmp_path):
    csv_path = make_export(tmp_path / "export")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in (tmp_path / "export").rglob("*"):
            if path.is_file():
                z.write(path, path.relative_to(tmp_path / "export").as_posix())
    for source in (archive, csv_path.parent):
        root = empty_project(tmp_path / f"site-{source.suffix or 'folder'}")
        _, out, _ = run("-C", str(root), "import-notion", "--map", "Score=rating", str(source))
        assert "imported 2" in out, out
        assert (root / "reviews" / "attention2017all" / "figure.png").exists()


def test_import_with_authors_from_arxiv(tmp_path, api):
    folder = tmp_path / "export"
    folder.mkdir()
    csv_path = folder / "Papers.csv"
    csv_path.write_text(
        "\ufeffTitle,Publication,Rate,Tags,Summary,Source\n"
        "Attainable forms of Assouad spectra,,4,Math,요약.,https://arxiv.org/abs/2206.06921\n",
        encoding="utf-8",
    )
    root = empty_project(tmp_path)
    code, _, err = run("-C", str(root), "import-notion", "--fetch", "--api-url", api, str(csv_path))
    assert code == 0, err
    assert (root / "reviews" / "rutar2022attainable.md").exists()
    assert "author        = {Alex Rutar}" in (root / "refs.bib").read_text(encoding="utf-8")


def test_import_errors(tmp_path):
    root = empty_project(tmp_path)
    code, _, err = run("-C", str(root), "import-notion", str(tmp_path / "missing.zip"))
    assert (code, err.strip()) == (1, f"paper-reviews: {tmp_path / 'missing.zip'} does not exist")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    code, _, err = run("-C", str(root), "import-notion", str(bad))
    assert code == 1 and "is not a zip file" in err
    code, _, err = run("-C", str(root), "import-notion", "--map", "Rate=stars", str(EXPORT_CSV))
    assert code == 1 and "--map takes Column=field" in err
    headless = tmp_path / "other.csv"
    headless.write_text("Heading,Stars\nx,1\n", encoding="utf-8")
    code, _, err = run("-C", str(root), "import-notion", str(headless))
    assert code == 1 and "has no title column" in err and "--map Column=title" in err
    assert snapshot(root) == {"refs.bib": hashlib.sha256(b"").hexdigest()}


# -- new ------------------------------------------------------------------------------------------


def test_new_from_the_arxiv_api(tmp_path, api):
    root = empty_project(tmp_path)
    code, out, err = run(
        "-C",
        str(root),
        "new",
        "https://arxiv.org/abs/2206.06921v3",
        "--api-url",
        api,
        "--tag",
        "Fractal Geometry",
        "--rating",
        "4.5",
    )
    assert code == 0, err
    page = (root / "reviews" / "rutar2022attainable.md").read_text(encoding="utf-8")
    data = frontmatter.parse(page).data
    assert data["bibkey"] == "rutar2022attainable"
    assert data["tags"] == ["Fractal Geometry"]
    assert data["rating"] == 4.5
    assert "# Attainable forms of Assouad spectra" in page
    assert "```{dropdown} Abstract" in page  # collapsed
    # Entities decoded, LaTeX kept, display math made MyST math.
    assert "$0<\\lambda<\\theta<1$" in page
    assert "Hölder" in page  # a LaTeX accent outside math
    assert "$0\\leq (1-\\lambda)" in page
    bib = (root / "refs.bib").read_text(encoding="utf-8")
    assert "@misc{rutar2022attainable," in bib
    assert "primaryClass  = {math.CA}" in bib
    assert "doi           = {10.1512/iumj.2024.73.9928}" in bib
    assert "Wrote reviews/rutar2022attainable.md" in out
    # A draft: the page and entry pass the same checks as a build, with no problem; check
    # lists it as a draft without a summary yet.
    code, out, _ = run("-C", str(root), "check")
    assert code == 0 and "[paper." not in out
    assert "reviews/rutar2022attainable.md:" in out and "(no summary yet)" in out


def test_new_reads_the_api_url_from_the_environment(tmp_path, api, monkeypatch):
    monkeypatch.setenv("PAPER_REVIEWS_ARXIV_API", api)
    root = empty_project(tmp_path)
    assert run("-C", str(root), "new", "arXiv:2206.06921")[0] == 0
    # Never overwritten: the same paper again is refused.
    before = snapshot(root)
    code, _, err = run("-C", str(root), "new", "2206.06921")
    assert code == 1 and "already in refs.bib as rutar2022attainable" in err
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("paper", "message"),
    [
        ("1201.56789", "arXiv has no paper with the id 1201.56789"),
        ("2201.13455", "arXiv has no paper with the id 2201.13455"),  # an empty entry stub
        ("2012.00500", "the arXiv API at http://127.0.0.1"),
        ("not-an-id", "is not an arXiv id or URL"),
    ],
)
def test_new_errors_write_nothing(tmp_path, api, paper, message):
    root = empty_project(tmp_path)
    code, _, err = run("-C", str(root), "new", paper, "--api-url", api)
    assert code == 1
    assert message in err
    assert snapshot(root) == {"refs.bib": hashlib.sha256(b"").hexdigest()}


def test_new_with_a_stub_beside_a_real_entry(tmp_path, api):
    root = empty_project(tmp_path)
    code, _, err = run("-C", str(root), "new", "2201.13452", "--api-url", api)
    assert code == 0, err
    assert (root / "reviews" / "yin2022asymptotic.md").exists()


def test_new_when_the_api_fails_or_is_offline(tmp_path, api):
    root = empty_project(tmp_path)
    code, _, err = run("-C", str(root), "new", "2206.06921", "--api-url", api + "/missing")
    assert code == 1 and "answered HTTP 404" in err
    # Nothing listens on this port: a clear message, fast, nothing written.
    closed = ThreadingHTTPServer(("127.0.0.1", 0), recorded.Recorded)
    port = closed.server_address[1]
    closed.server_close()
    started = time.monotonic()
    code, _, err = run(
        "-C", str(root), "new", "2206.06921", "--api-url", f"http://127.0.0.1:{port}/"
    )
    assert time.monotonic() - started < 15
    assert code == 1 and "could not reach the arXiv API" in err and "--title" in err
    assert snapshot(root) == {"refs.bib": hashlib.sha256(b"").hexdigest()}


def test_new_without_the_api(tmp_path):
    root = empty_project(tmp_path)
    code, _, err = run(
        "-C",
        str(root),
        "new",
        "1502.03167",
        "--title",
        "Batch Normalization: Accelerating",
        "--author",
        "Sergey Ioffe",
        "--author",
        "Christian Szegedy",
        "--year",
        "2015",
        "--api-url",
        "http://127.0.0.1:9/",
    )
    assert code == 0, err
    assert (root / "reviews" / "ioffe2015batch.md").exists()
    bib = (root / "refs.bib").read_text(encoding="utf-8")
    assert "author        = {Sergey Ioffe and Christian Szegedy}" in bib
    code, _, err = run("-C", str(root), "new", "1706.03762", "--title", "Attention")
    assert code == 1 and "go together" in err


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ko", ["# 리뷰를 다 쓰면 이 줄을 지우세요", "# 0에서 5까지", "여기에 리뷰를 쓰세요"]),
        ("en", ["# delete this line when the review is written", "Your review here"]),
    ],
)
def test_a_new_review_is_written_in_the_sites_language(tmp_path, language, words):
    """The template's comments and its placeholder text, which shows on the draft's page,
    are in the site's language (conf.py's ``language``)."""
    root = empty_project(tmp_path)
    (root / "conf.py").write_text(f"language = {language!r}\n", encoding="utf-8")
    args = ("--title", "Batch Normalization", "--author", "Sergey Ioffe", "--year", "2015")
    code, _, err = run(
        "-C", str(root), "new", "1502.03167", *args, "--api-url", "http://127.0.0.1:9/"
    )
    assert code == 0, err
    page = (root / "reviews" / "ioffe2015batch.md").read_text(encoding="utf-8")
    for said in words:
        assert said in page


def test_a_broken_catalog_is_named_with_its_line(tmp_path, monkeypatch):
    """A third language's catalog with a mistake: the command says which file and line."""
    from paper_reviews.core import catalogs

    folder = tmp_path / "locale" / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "paper_reviews.po").write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[1] "d"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path / "locale")
    root = empty_project(tmp_path)
    (root / "conf.py").write_text('language = "xx"\n', encoding="utf-8")
    args = ("--title", "Batch Normalization", "--author", "Sergey Ioffe", "--year", "2015")
    code, _, err = run(
        "-C", str(root), "new", "1502.03167", *args, "--api-url", "http://127.0.0.1:9/"
    )
    assert code == 1 and "paper_reviews.po:" in err, err
    assert not (root / "reviews" / "ioffe2015batch.md").exists()


def test_new_keys_are_made_unique(tmp_path):
    root = empty_project(tmp_path)
    args = ("--author", "Sergey Ioffe", "--year", "2015")
    assert (
        run("-C", str(root), "new", "1502.03167", "--title", "Batch Normalization", *args)[0] == 0
    )
    assert (
        run("-C", str(root), "new", "1502.99999", "--title", "Batch Renormalization", *args)[0] == 0
    )
    assert (root / "reviews" / "ioffe2015batch2.md").exists()


# -- check and list -------------------------------------------------------------------------------


def test_check_reports_what_the_build_reports(tmp_path):
    from conftest import EXPECTED

    root = copy_root(tmp_path, "test-warnings", "warnings")
    code, out, err = run("-C", str(root), "check")
    assert code == 1
    lines = out.splitlines()
    for path, line, check, text in EXPECTED:
        hits = [
            x for x in lines if x.startswith(f"{path}:{line}: ") and f"[{check}]" in x and text in x
        ]
        assert len(hits) == 1, (path, line, check, text, lines)
    assert len(lines) == len(EXPECTED)
    assert "problems" in err


def test_check_passes_on_the_site_and_reports_a_broken_bib(tmp_path):
    code, out, _ = run("-C", str(REPO), "check")
    assert code == 0 and "10 reviews checked, 0 problems" in out
    root = copy_root(tmp_path, "test-basic", "site")
    bib = root / "refs.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@article{broken,\n  title = {Unclosed\n",
        encoding="utf-8",
    )
    code, out, _ = run("-C", str(root), "check")
    assert code == 1
    assert out.splitlines()[0].startswith("refs.bib:")


def test_list_formats_filters_and_sorts():
    code, out, _ = run("-C", str(REPO), "list", "--tag", "General", "--sort", "title")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Rating", "Publication", "Title", "Tags"]
    assert "Are we done with ImageNet?" in lines[1]
    assert lines[-1] == "3 papers"
    code, out, _ = run("-C", str(REPO), "list", "--format", "json")
    papers = json.loads(out)["papers"]
    assert len(papers) == 10 and papers[0]["rating"] == 5.0
    assert {"bibkey", "title", "venue", "year", "rating", "tags", "summary", "source"} <= set(
        papers[0]
    )
    code, out, _ = run("-C", str(REPO), "list", "--format", "csv", "--sort", "year")
    rows = out.splitlines()
    assert rows[0] == "bibkey,title,publication,rating,tags,summary,source"
    assert rows[1].startswith("schwarzschild2021learn,") or rows[1].startswith("dauphin2021")


def test_list_and_check_need_a_site(tmp_path):
    code, _, err = run("-C", str(tmp_path), "list")
    assert code == 1 and "reviews does not exist" in err
    with pytest.raises(SystemExit) as exit_:
        main(["list", "--format", "xml"])
    assert exit_.value.code == 2


def test_new_escapes_the_title_for_bibtex_and_keeps_its_math(tmp_path):
    root = empty_project(tmp_path)
    title = "Sparse $\\ell_1$ & Friends: 50% Faster"
    code, _, err = run(
        "-C", str(root), "new", "2101.00001", "--title", title, "--author", "Ada Lovelace",
        "--year", "2021",
    )  # fmt: skip
    assert code == 0, err
    bib = (root / "refs.bib").read_text(encoding="utf-8")
    assert "title         = {Sparse $\\ell_1$ \\& Friends: 50\\% Faster}" in bib
    code, out, _ = run("-C", str(root), "list", "--format", "json")
    assert json.loads(out)["papers"][0]["title"] == title  # read back as written


def test_new_knows_a_paper_already_in_refs_bib_in_any_form(tmp_path):
    """refs.bib holds the paper as Google Scholar writes it (the textbook's entry)."""
    from paper_reviews.core import bibsource

    root = empty_project(tmp_path)
    text = (DATA / "bib" / "d2l-book-google-scholar.bib").read_text(encoding="utf-8")
    entry = bibsource.by_key(bibsource.scan(text))["ba.kiros.hinton.2016"]
    (root / "refs.bib").write_text(text[entry.start : entry.end] + "\n", encoding="utf-8")
    bib = (root / "refs.bib").read_text(encoding="utf-8")
    args = ("new", "arXiv:1607.06450v1", "--title", "Layer Normalization (v2)", "--author",
            "Jimmy Lei Ba", "--year", "2016")  # fmt: skip
    # The entry has no review yet: the review is written for it, refs.bib is left alone.
    code, out, err = run("-C", str(root), *args)
    assert code == 0 and "Ba.Kiros.Hinton.2016 was already there" in out, err
    assert (root / "refs.bib").read_text(encoding="utf-8") == bib
    assert front(root / "reviews" / "Ba.Kiros.Hinton.2016.md")["bibkey"] == "Ba.Kiros.Hinton.2016"
    # Now it has one: nothing is written.
    before = snapshot(root)
    code, _, err = run("-C", str(root), *args)
    assert code == 1 and "Ba.Kiros.Hinton.2016" in err
    assert snapshot(root) == before


def test_new_and_import_write_titles_as_text_not_markup(tmp_path):
    root = empty_project(tmp_path)
    title = '<img src=x onerror="alert(1)"> {raw}`x` [a](javascript:b)'
    code, _, err = run(
        "-C", str(root), "new", "2101.00002", "--title", title, "--author", "Eve", "--year", "2021",
    )  # fmt: skip
    assert code == 0, err
    page = next((root / "reviews").glob("*.md")).read_text(encoding="utf-8")
    body = page.split("\n---\n", 1)[1]
    heading = next(line for line in body.splitlines() if line.startswith("# "))
    assert heading == r"""# \<img src=x onerror="alert(1)"\> \{raw\}\`x\` \[a\](javascript:b)"""


def test_a_very_long_title_word_makes_a_short_key(tmp_path):
    root = empty_project(tmp_path)
    code, _, err = run(
        "-C", str(root), "new", "2101.00004", "--title", "x" * 300 + " model", "--author",
        "Ada " + "L" * 300, "--year", "2021",
    )  # fmt: skip
    assert code == 0, err
    (page,) = (root / "reviews").glob("*.md")
    assert len(page.name) < 80


class Dripping(BaseHTTPRequestHandler):
    """Sends its answer one byte at a time, each within the read timeout."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        for _ in range(100):
            self.wfile.write(b"<")
            self.wfile.flush()
            time.sleep(0.3)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.slow
def test_an_api_that_drips_is_given_up_after_its_total_time():
    from paper_reviews.cli import arxiv

    server = ThreadingHTTPServer(("127.0.0.1", 0), Dripping)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        url = f"http://127.0.0.1:{server.server_address[1]}/api"
        with pytest.raises(arxiv.ArxivError, match="did not answer within 2 seconds"):
            arxiv.fetch("1502.03167", url, timeout=1, total=2)
        assert time.monotonic() - started < 3
    finally:
        server.shutdown()
        server.server_close()
