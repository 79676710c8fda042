"""The commands that write refs.bib and review pages, run at once and killed half-way: no
entry is lost, no page replaced, and a run again finishes the work."""

from __future__ import annotations

import csv
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pybtex.errors
import pytest
from conftest import EXPORT_CSV, REPO, copy_root, empty_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_file

COMMAND = [sys.executable, "-m", "paper_reviews.cli"]
ENV = dict(os.environ, PYTHONPATH=str(REPO / "_ext"))


def start(*argv: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*COMMAND, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, text=True
    )


def state(root: Path) -> tuple[dict[str, bytes], dict[str, dict[str, str]]]:
    """The review pages and their images by name, and the entries of refs.bib by key."""
    pages = {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted((root / "reviews").rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }
    bib = parse_file(str(root / "refs.bib"), "bibtex")
    return pages, {k: dict(e.fields) for k, e in bib.entries.items()}


@pytest.mark.slow
def test_six_new_at_once_lose_nothing(tmp_path):
    root = empty_project(tmp_path)
    for round_ in range(2):
        runs = [
            start("-C", str(root), "new", f"2101.{round_}{n:04d}", "--title",
                  f"Same Words Paper {round_} {n}", "--author", "Ada Lovelace", "--year", "2021")
            for n in range(6)
        ]  # fmt: skip
        for run in runs:
            assert run.wait(timeout=120) == 0, run.stderr.read()
    pages, entries = state(root)
    assert len(pages) == 12 and len(entries) == 12
    keys = {p.removeprefix("reviews/").removesuffix(".md").lower() for p in pages}
    assert keys == {k.lower() for k in entries}


def test_the_same_paper_twice_at_once_is_written_once(tmp_path):
    root = empty_project(tmp_path)
    args = ("-C", str(root), "new", "2101.00003", "--title", "Twice", "--author", "Ada Lovelace",
            "--year", "2021")  # fmt: skip
    runs = [start(*args), start(*args)]
    codes = sorted(run.wait(timeout=120) for run in runs)
    assert codes == [0, 1]
    pages, entries = state(root)
    assert len(pages) == 1 and len(entries) == 1


def larger_export(tmp_path: Path, copies: int = 30) -> Path:
    """The user's export with each row repeated under numbered titles: 300 rows, enough
    work for a kill to land while pages are being written."""
    with EXPORT_CSV.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    path = tmp_path / "Papers.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for copy in range(copies):
            for row in rows:
                writer.writerow({**row, "Title": f"{row['Title']} {copy}", "Source": ""})
    return path


#: Runs the command and kills its own process (SIGKILL, as a crash or a closed laptop
#: would) when it is about to write its Nth file: N = 0 is before refs.bib is written, 1 is
#: right after it, and so on through the pages.
KILLED_AT = """
import os, signal, sys
from paper_reviews.core import bibfile
from paper_reviews.cli import main
writes = 0
def killing(real):
    def write(*args, **kwargs):
        global writes
        if writes == int(os.environ["KILL_AT"]):
            os.kill(os.getpid(), signal.SIGKILL)
        writes += 1
        return real(*args, **kwargs)
    return write
bibfile.append_entries = killing(bibfile.append_entries)
bibfile.create = killing(bibfile.create)
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
def test_an_import_killed_at_any_moment_finishes_when_run_again(tmp_path):
    export = larger_export(tmp_path)
    whole = empty_project(tmp_path / "whole")
    assert start("-C", str(whole), "import-notion", str(export)).wait(timeout=120) == 0
    expected = state(whole)
    assert len(expected[0]) == len(expected[1]) == 300
    rng = random.Random(17)
    points = [0, 1, 2, 300, *rng.sample(range(3, 300), 4)]
    for point in points:
        root = empty_project(tmp_path / f"killed{point}")
        killed = subprocess.run(
            [sys.executable, "-c", KILLED_AT, "-C", str(root), "import-notion", str(export)],
            env={**ENV, "KILL_AT": str(point)},
            capture_output=True,
            timeout=120,
        )
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        pages = len(list((root / "reviews").glob("*.md")))
        assert pages == max(0, point - 1)  # what was written before the kill is whole
        again = start("-C", str(root), "import-notion", str(export))
        assert again.wait(timeout=120) == 0, again.stderr.read()
        assert state(root) == expected, point
        shutil.rmtree(root)
    # And once at a moment the clock picks, whatever the command is doing then.
    root = empty_project(tmp_path / "clock")
    run = start("-C", str(root), "import-notion", str(export))
    time.sleep(rng.uniform(0.05, 0.8))
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)
    assert start("-C", str(root), "import-notion", str(export)).wait(timeout=120) == 0
    assert state(root) == expected


def test_an_export_never_brings_in_files_from_outside_it(tmp_path):
    from conftest import make_export, run

    secret = tmp_path / "secret.txt"
    secret.write_text("the user's secret", encoding="utf-8")
    csv_path = make_export(tmp_path / "export")
    pages = csv_path.with_suffix("")
    page = next(pages.glob("*.md"))
    (pages / "leak.png").symlink_to(secret)
    (pages / "other page.md").write_text("# Other\n", encoding="utf-8")
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n![leak](leak.png)\n![up](../../../../../../../../"
        + str(secret).lstrip("/")
        + ")\n![page](other%20page.md)\n",
        encoding="utf-8",
    )
    root = empty_project(tmp_path / "site")
    run("-C", str(root), "import-notion", "--map", "Score=rating", str(tmp_path / "export"))
    written = {p.name: p for p in (root / "reviews").rglob("*") if p.is_file()}
    assert "leak.png" not in written and "other page.md" not in written
    assert not any(p.read_bytes() == secret.read_bytes() for p in written.values())
    from paper_reviews.core import markdown

    text = "".join(p.read_text(encoding="utf-8") for p in written.values() if p.suffix == ".md")
    # The page shows its own images only; the links out read as text.
    assert markdown.images(text) == ["attention2017all/figure.png"]
    assert "\\!\\[up\\](../" in text


def test_broken_and_oversized_exports_are_messages_not_tracebacks(tmp_path):
    import zipfile

    from conftest import run

    big = tmp_path / "big.csv"
    big.write_text('Title,Summary\nA,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    code, _, err = run("-C", str(empty_project(tmp_path / "a")), "import-notion", str(big))
    assert code == 1 and "big.csv, line" in err and "Traceback" not in err
    # A zip whose member's data does not match its checksum.
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w") as archive:
        archive.write(EXPORT_CSV, "Papers.csv")
    data = bytearray(good.read_bytes())
    start = data.index(b"Title") if b"Title" in data else 40
    data[start : start + 5] = b"TXtle"
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(data))
    code, _, err = run("-C", str(empty_project(tmp_path / "b")), "import-notion", str(bad))
    assert code == 1 and "cannot be read" in err


def test_front_matter_that_expands_is_reported_quickly(tmp_path):
    """A YAML alias bomb: nine levels of nine aliases, in a review's tags."""
    from conftest import run

    site = copy_root(tmp_path, "test-basic", "site")
    lines = ["---", "bibkey: lecun2015deep", "summary: s", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    lines += ["tags: *a9", "---", "", "# Deep learning", ""]
    (site / "reviews" / "lecun2015deep.md").write_text("\n".join(lines), encoding="utf-8")
    started = time.monotonic()
    code, out, _ = run("-C", str(site), "check")
    assert time.monotonic() - started < 10
    tags = [line for line in out.splitlines() if "[paper.tags]" in line]
    assert code == 1 and len(tags) == 1 and len(tags[0]) < 400


def test_listing_is_safe_to_print_and_to_open_in_a_spreadsheet(tmp_path):
    from conftest import run

    site = copy_root(tmp_path, "test-basic", "site")
    page = site / "reviews" / "lecun2015deep.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "bibkey: lecun2015deep", 'bibkey: lecun2015deep\ntitle: "=HYPERLINK(\\"x\\") \\e[31m"'
        ),
        encoding="utf-8",
    )
    _, table, _ = run("-C", str(site), "list")
    assert "\x1b" not in table
    _, cells, _ = run("-C", str(site), "list", "--format", "csv")
    assert "'=HYPERLINK" in cells and "\n=HYPERLINK" not in cells


def test_a_repeated_front_matter_key_is_reported(tmp_path):
    from conftest import run

    site = copy_root(tmp_path, "test-basic", "site")
    page = site / "reviews" / "lecun2015deep.md"
    text = page.read_text(encoding="utf-8").replace(
        "bibkey: lecun2015deep", "bibkey: lecun2015deep\nrating: 1\nrating: 2"
    )
    page.write_text(text, encoding="utf-8")
    code, out, _ = run("-C", str(site), "check")
    assert code == 1 and "gives 'rating' twice" in out


#: Cell text with the syntax of CSV, BibTeX, LaTeX, Markdown and YAML over-represented.
CELL = st.lists(
    st.one_of(
        st.sampled_from([*"{}\\%$#&_~^@,=\"'`<>[]()*:|-\n", "and", "}}@misc{x,", "javascript:"]),
        st.text(max_size=4),
    ),
    max_size=12,
).map("".join)


#: Sources: mostly links a Notion user pastes, sometimes anything.
SOURCE = st.one_of(
    st.sampled_from(
        [
            "",
            "https://arxiv.org/abs/1502.03167",
            "https://doi.org/10.1038/nature14539",
            "https://doi.org/},url={javascript:alert(1)}",
            "https://example.org/a%20b?c=d#e",
        ]
    ),
    CELL,
)
ROW = st.tuples(CELL.filter(str.strip), CELL, CELL, CELL, SOURCE)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(ROW, min_size=1, max_size=4))
@pytest.mark.slow
def test_any_export_imports_or_is_refused_without_harm(tmp_path, rows):
    """Fuzzing the importer: whatever the cells say, the command answers with an exit status
    and messages, refs.bib holds exactly the imported rows' entries and reads without an
    error, and every page written reads as a review."""
    from conftest import run
    from paper_reviews.core import frontmatter

    work = Path(tempfile.mkdtemp(dir=tmp_path))
    export = work / "Papers.csv"
    with export.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Title", "Publication", "Tags", "Summary", "Source"])
        writer.writerows(rows)
    root = empty_project(work)
    code, out, err = run("-C", str(root), "import-notion", str(export))
    assert code in (0, 1) and "Traceback" not in out + err
    imported = int(re.search(r"imported (\d+)", out).group(1))
    with pybtex.errors.capture() as problems:
        entries = parse_file(str(root / "refs.bib"), "bibtex").entries
    assert problems == [] and len(entries) == imported
    pages = list((root / "reviews").glob("*.md"))
    assert len(pages) == imported
    for page in pages:
        assert frontmatter.parse(page.read_text(encoding="utf-8")).data["bibkey"] in entries


def test_new_files_are_readable_by_others_as_the_umask_says(tmp_path):
    from conftest import run

    root = empty_project(tmp_path)
    old = os.umask(0o022)
    try:
        code, _, err = run("-C", str(root), "new", "2101.00005", "--title", "Modes",
                           "--author", "Ada Lovelace", "--year", "2021")  # fmt: skip
    finally:
        os.umask(old)
    assert code == 0, err
    (page,) = (root / "reviews").glob("*.md")
    assert page.stat().st_mode & 0o777 == 0o644


def test_check_answers_for_folders_and_dangling_links_named_like_pages(tmp_path):
    from conftest import run

    site = copy_root(tmp_path, "test-basic", "site")
    (site / "reviews" / "folder.md").mkdir()
    (site / "reviews" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    _, out, err = run("-C", str(site), "check")
    assert "Traceback" not in out + err
    assert "reviews/gone.md:1: a link to nothing" in out and "folder.md" not in out


def test_an_export_larger_than_the_limit_is_refused(tmp_path, monkeypatch):
    from conftest import run
    from paper_reviews.cli import notion

    monkeypatch.setattr(notion, "MAX_FILE", 1000)  # the 64 MB limit, made small to test
    export = tmp_path / "export"
    export.mkdir()
    (export / "Papers.csv").write_text("Title\n" + "A title\n" * 200, encoding="utf-8")
    root = empty_project(tmp_path / "site")
    before = state(root)
    code, _, err = run("-C", str(root), "import-notion", "--dry-run", str(export))
    assert code == 1 and "larger than" in err and state(root) == before


def test_a_listing_cut_short_by_its_reader_ends_quietly(tmp_path):
    listing = subprocess.Popen(
        [*COMMAND, "-C", str(REPO), "list"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=ENV,
    )  # fmt: skip
    assert listing.stdout is not None
    listing.stdout.readline()
    listing.stdout.close()  # as `| head -1` does
    assert listing.wait(timeout=60) == 0
    assert b"Traceback" not in listing.stderr.read()


def test_two_images_of_one_name_are_both_kept(tmp_path):
    from conftest import make_export, run

    csv_path = make_export(tmp_path / "export")
    pages = csv_path.with_suffix("")
    page = next(pages.glob("*.md"))
    other = pages / "other"
    other.mkdir()
    (other / "figure.png").write_bytes(b"\x89PNG the other figure")
    page.write_text(
        page.read_text(encoding="utf-8") + "\n![Other](other/figure.png)\n", encoding="utf-8"
    )
    root = empty_project(tmp_path / "site")
    run("-C", str(root), "import-notion", "--map", "Score=rating", str(tmp_path / "export"))
    images = sorted(p.read_bytes() for p in (root / "reviews").rglob("*.png"))
    assert images == [b"\x89PNG fake image bytes", b"\x89PNG the other figure"]


def test_refs_bib_keeps_every_byte_through_a_link_and_in_any_encoding(tmp_path):
    from conftest import run

    root = empty_project(tmp_path / "site")
    shared = tmp_path / "shared.bib"
    old = b"@misc{latin1,\r\n  title = {Caf\xe9}\r\n}\r\n"
    shared.write_bytes(old)
    (root / "refs.bib").unlink()
    (root / "refs.bib").symlink_to(shared)
    code, _, err = run("-C", str(root), "new", "2101.00006", "--title", "Kept", "--author",
                       "Ada Lovelace", "--year", "2021")  # fmt: skip
    assert code == 0, err
    assert (root / "refs.bib").is_symlink()
    data = shared.read_bytes()
    assert data.startswith(old) and b"\r\n@misc{lovelace2021kept,\r\n" in data


def test_an_interrupted_import_with_images_finishes(tmp_path):
    from conftest import make_export, run

    make_export(tmp_path / "export")
    root = empty_project(tmp_path / "site")
    args = ("-C", str(root), "import-notion", "--map", "Score=rating", str(tmp_path / "export"))
    run(*args)
    expected = state(root)
    (root / "reviews" / "attention2017all.md").unlink()  # as if killed before the page
    _, _, err = run(*args)
    assert "already exists" not in err and state(root) == expected


def test_a_folder_where_refs_bib_should_be_is_a_message(tmp_path):
    from conftest import run

    root = empty_project(tmp_path / "site")
    (root / "refs.bib").unlink()
    (root / "refs.bib").mkdir()
    code, _, err = run("-C", str(root), "new", "2101.00007", "--title", "Folder",
                       "--author", "Ada Lovelace", "--year", "2021")  # fmt: skip
    assert code == 1 and "Traceback" not in err and "refs.bib" in err
