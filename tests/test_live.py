"""``make live``: builds in one warm process give the pages a fresh ``make html`` gives,
whatever the writer saves; the server reloads the page that changed and shows warnings on
the page until a good save clears them; it never dies on bad input."""

from __future__ import annotations

import contextlib
import json
import pickle
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import pytest
from conftest import build_examples, copy_root, copy_site_files, pages, write
from hypothesis import given
from hypothesis import strategies as st
from paper_reviews.live.builder import WarmBuilder

REVIEW = "reviews/ioffe2015batch.md"

#: Edits a writer makes: (file, what to do to its text).
EDITS = {
    "body": (REVIEW, lambda text: text + "\nA new paragraph about internal covariate shift.\n"),
    "korean": (REVIEW, lambda text: text + "\n배치 정규화는 학습을 안정시킨다고 한다.\n"),
    "citation": (REVIEW, lambda text: text + "\nCompare {cite:p}`lecun2015deep`.\n"),
    "summary": (
        REVIEW,
        lambda text: text.replace("summary: ", "summary: Revised. ", 1),
    ),
    "tags": (REVIEW, lambda text: text.replace("tags: [", "tags: [Live, ", 1)),
    "bib title": (
        "refs.bib",
        lambda text: text.replace("{Deep learning}", "{Deep Learning, Revised}"),
    ),
    "bad front matter": (
        "reviews/lecun2015deep.md",
        lambda text: text.replace("tags: [Survey]", "tags: [Survey", 1),
    ),
    "good front matter": (
        "reviews/lecun2015deep.md",
        lambda text: text.replace("tags: [Survey\n", "tags: [Survey]\n", 1),
    ),
    "new review": (
        "reviews/new2024paper.md",
        lambda text: (
            "---\nbibkey: lecun2015deep\ntags: [New]\nsummary: A second look.\n---\n"
            "# A second look\n"
        ),
    ),
    "remove new review": ("reviews/new2024paper.md", None),
}


def apply(srcdir: Path, edit: str) -> Path:
    name, change = EDITS[edit]
    path = srcdir / name
    if change is None:
        path.unlink(missing_ok=True)
    else:
        write(path, change(path.read_text(encoding="utf-8") if path.exists() else ""))
    return path


class Server:
    """``python -m paper_reviews.live`` on a copy of a site, and a page's WebSocket to it."""

    def __init__(self, srcdir: Path, outdir: Path) -> None:
        from websockets.sync.client import connect

        self.port = free_port()
        self.context = contextlib.ExitStack()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "paper_reviews.live", str(srcdir), str(outdir),
             "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while True:
            try:
                self.socket = self.context.enter_context(
                    connect(f"ws://127.0.0.1:{self.port}/websocket-reload")
                )
                break
            except OSError:
                assert self.process.poll() is None, self.process.communicate()[0][-3000:]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        json.loads(self.socket.recv(timeout=30))  # the state on connecting

    def built(self) -> list[dict]:
        """What the server said after the last save, until the output is whole again
        (the work left for a pause done)."""
        said = []
        while not said or not said[-1].get("settled"):
            said.append(json.loads(self.socket.recv(timeout=60)))
        return said

    def stop(self) -> str:
        self.context.close()
        self.process.terminate()
        return self.process.communicate(timeout=30)[0]


@pytest.mark.slow
@build_examples(10)
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=5))
def test_the_live_server_writes_after_any_saves_what_a_fresh_build_writes(edits):
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        srcdir = copy_root(tmp_path)
        # The site's own set-up: its theme (which adds each page's own scripts while the
        # page is written), navigation, overview and References pages.
        copy_site_files(srcdir)
        server = Server(srcdir, tmp_path / "live")
        try:
            for step, edit in enumerate(edits):
                before = (srcdir / EDITS[edit][0]).read_bytes() if (
                    srcdir / EDITS[edit][0]).exists() else None  # fmt: skip
                path = apply(srcdir, edit)
                after = path.read_bytes() if path.exists() else None
                if before != after:
                    said = server.built()
                    assert all(state["reload"] for state in said[:-1]), said
                fresh = fresh_process_build(srcdir, tmp_path / f"fresh-{step}")
                assert pages(tmp_path / "live") == pages(fresh), (edits, step)
                assert site_files(tmp_path / "live") == site_files(fresh), (edits, step)
        finally:
            output = server.stop()
        assert "Traceback" not in output, output[-3000:]


def fresh_process_build(srcdir: Path, outdir: Path) -> Path:
    """``make html`` of ``srcdir`` in a new process and a new build folder: the reference.
    (In this process, an earlier test's app leaves Sphinx's translations in a state that
    labels the Python module index in English on a Korean site.)"""
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(outdir / ".doctrees"),
         str(srcdir), str(outdir)],
        check=True, capture_output=True,
    )  # fmt: skip
    return outdir


def site_files(outdir: Path) -> dict[str, object]:
    """What the site's pages do not show but its search, other sites and tools read: the
    search index (less the words no page has any more, which Sphinx's own incremental
    builds keep too), the inventory and the catalog."""
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for terms in ("terms", "titleterms"):
        index[terms] = {word: docs for word, docs in index[terms].items() if docs != []}
    inventory = zlib.decompress((outdir / "objects.inv").read_bytes().split(b"\n", 4)[4])
    catalog = json.loads((outdir / "papers.json").read_text(encoding="utf-8"))
    return {"searchindex.js": index, "objects.inv": inventory, "papers.json": catalog}


def test_a_warm_build_saves_the_environment_and_writes_the_search_index_in_a_pause(tmp_path):
    from sphinx.application import ENV_PICKLE_FILENAME

    srcdir = copy_root(tmp_path)
    outdir, doctrees = tmp_path / "live", tmp_path / "doctrees"
    warm = WarmBuilder(srcdir, outdir, doctrees)
    try:
        warm.build()
        saved = (doctrees / ENV_PICKLE_FILENAME).read_bytes()
        index = (outdir / "searchindex.js").read_bytes()
        edited = apply(srcdir, "body")
        warm.build([edited])
        # The last saved environment stays whole on disk; the search index waits.
        assert (doctrees / ENV_PICKLE_FILENAME).read_bytes() == saved
        assert (outdir / "searchindex.js").read_bytes() == index
        assert warm.idle(everything=False).settled
        assert (outdir / "searchindex.js").read_bytes() != index
        assert (doctrees / ENV_PICKLE_FILENAME).read_bytes() == saved
        warm.idle(everything=True)
        with (doctrees / ENV_PICKLE_FILENAME).open("rb") as env:
            read = pickle.load(env).all_docs["reviews/ioffe2015batch"]
        assert read >= edited.stat().st_mtime_ns // 1000  # the edit's read is saved
        assert warm.idle(everything=True) is None  # nothing left
        assert sorted(path.name for path in doctrees.glob("environment.pickle*")) == [
            "environment.pickle"
        ]
    finally:
        warm.close()


def test_told_what_changed_a_warm_build_still_finds_what_sphinx_would(tmp_path):
    """The watcher's list replaces Sphinx's walks, but not where they find more: pages in a
    folder reached through a symbolic link, an output folder deleted under the server."""
    from sphinx.application import ENV_PICKLE_FILENAME

    srcdir = copy_root(tmp_path)
    vault = tmp_path / "vault"
    shutil.move(srcdir / "reviews", vault)
    (srcdir / "reviews").symlink_to(vault, target_is_directory=True)
    outdir, doctrees = tmp_path / "live", tmp_path / "doctrees"
    warm = WarmBuilder(srcdir, outdir, doctrees)
    try:
        warm.build()
        # Saved through the link, as the watcher names it.
        warm.build([apply(srcdir, "body")])
        assert "internal covariate shift" in (outdir / "reviews/ioffe2015batch.html").read_text(
            encoding="utf-8"
        )
        # A save that reads no page leaves the saved environment in place.
        warm.build([srcdir / "conf.py"])  # a new application, which saves as Sphinx does
        template = srcdir / "_templates" / "unused.html"
        template.parent.mkdir(exist_ok=True)
        write(template, "")
        warm.build([template])
        warm.idle(everything=True)
        assert (doctrees / ENV_PICKLE_FILENAME).stat().st_size > 0
        # `make clean` while the server runs: the next save writes the whole site again.
        shutil.rmtree(outdir)
        shutil.rmtree(doctrees)
        warm.build([apply(srcdir, "korean")])
        warm.idle(everything=True)
        assert {"index.html", "references.html", "reviews/lecun2015deep.html"} <= set(
            str(path.relative_to(outdir)) for path in outdir.rglob("*.html")
        )
        assert (doctrees / ENV_PICKLE_FILENAME).is_file()
    finally:
        warm.close()


def test_pages_no_browser_shows_wait_for_a_pause_and_stop_at_the_next_save(tmp_path):
    srcdir = copy_root(tmp_path)
    outdir = tmp_path / "live"
    warm = WarmBuilder(srcdir, outdir, tmp_path / "doctrees")
    told: list[str] = []
    try:
        warm.build()
        overview = (outdir / "index.html").read_text(encoding="utf-8")
        summary = warm.build(
            [apply(srcdir, "summary")], first={"reviews/ioffe2015batch.html"}, on_page=told.append
        )
        assert told == ["reviews/ioffe2015batch.html"]
        assert "Revised." in (outdir / "reviews/ioffe2015batch.html").read_text(encoding="utf-8")
        assert "index.html" not in summary.pages
        assert (outdir / "index.html").read_text(encoding="utf-8") == overview
        stopped = warm.idle(stop=lambda: True)  # a save came: nothing is written
        assert stopped is not None and not stopped.settled and stopped.pages == []
        paused = warm.idle()
        assert paused is not None and paused.settled and "index.html" in paused.pages
        assert "Revised." in (outdir / "index.html").read_text(encoding="utf-8")
    finally:
        warm.close()


def test_a_warm_build_writes_only_what_the_save_changed(tmp_path):
    srcdir = copy_root(tmp_path)
    warm = WarmBuilder(srcdir, tmp_path / "live", tmp_path / "doctrees")
    try:
        first = warm.build()
        assert "index.html" in first.pages and "reviews/ioffe2015batch.html" in first.pages
        body = warm.build([apply(srcdir, "body")])
        assert "reviews/ioffe2015batch.html" in body.pages and "index.html" not in body.pages
        summary = warm.build([apply(srcdir, "summary")])
        assert {"reviews/ioffe2015batch.html", "index.html"} <= set(summary.pages)
        bad = warm.build([apply(srcdir, "bad front matter")])
        assert any("lecun2015deep.md:" in line and "paper.frontmatter" in line
                   for line in bad.warnings), bad.warnings  # fmt: skip
        good = warm.build([apply(srcdir, "good front matter")])
        assert good.warnings == [] and not good.failed
        # A broken conf.py fails the build, and the server goes on; fixed, it builds again.
        conf = srcdir / "conf.py"
        text = conf.read_text(encoding="utf-8")
        write(conf, text + "\nraise SystemExit('broken')\n")
        assert warm.build([conf]).failed
        write(conf, text)
        assert not warm.build([conf]).failed
    finally:
        warm.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_server_reloads_the_saved_page_and_shows_warnings_until_fixed(tmp_path, browser):
    srcdir = copy_root(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "paper_reviews.live", str(srcdir), str(tmp_path / "out"),
         "--port", str(port), "-W", "--keep-going"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.2)
        page = browser.new_page()
        page.goto(url + "reviews/ioffe2015batch.html")
        page.wait_for_function("() => document.readyState === 'complete'")
        review = srcdir / REVIEW
        good = review.read_text(encoding="utf-8")
        write(review, good + "\nSaved just now: 새로 쓴 문단.\n")
        page.wait_for_function(
            "() => document.body.innerText.includes('Saved just now')", timeout=30000
        )
        write(review, good.replace("rating:", "rating: [", 1))
        banner = page.wait_for_selector("#paper-live-warnings", timeout=30000)
        assert f"{review}:" in banner.inner_text() and "paper.frontmatter" in banner.inner_text()
        write(review, good)
        page.wait_for_selector("#paper-live-warnings", state="detached", timeout=30000)
        assert server.poll() is None  # still serving
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Traceback" not in output, output[-3000:]


def test_a_catalog_change_restarts_the_application():
    """Catalogs are read when an application starts: an edited one needs a new application,
    as conf.py and the extension's code do."""
    from paper_reviews.live.builder import restarts

    assert restarts(Path("_ext/paper_reviews/locale/ko/LC_MESSAGES/paper_reviews.po"))
    assert restarts(Path("conf.py")) and restarts(Path("_ext/paper_reviews/sphinx/words.py"))
    assert not restarts(Path("reviews/ioffe2015batch.md"))
