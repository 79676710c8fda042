from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOTS = Path(__file__).parent / "roots"
sys.path.insert(0, str(Path(__file__).parents[1] / "_ext"))

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def read_html(app, docname: str):
    """The built page ``docname`` of ``app`` as a BeautifulSoup tree."""
    from bs4 import BeautifulSoup

    return BeautifulSoup(
        (app.outdir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser"
    )


def copy_root(tmp_path: Path, name: str = "test-basic") -> Path:
    """A copy of a test root to edit: ``tmp_path/src``."""
    import shutil

    srcdir = tmp_path / "src"
    shutil.copytree(ROOTS / name, srcdir)
    return srcdir


def warnings_of(app) -> list[str]:
    """The build's warning lines, without colour codes."""
    import re

    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


def search_index(outdir: Path) -> dict:
    """The search index Sphinx wrote, as data."""
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def doc_ids(found: int | list[int]) -> list[int]:
    """The pages a term of the search index is on (one is written without a list)."""
    return [found] if isinstance(found, int) else found


CHROMIUM = os.environ.get("PAPER_REVIEWS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def missing(message: str) -> None:
    """Skip a test that needs what this machine lacks, except in CI, where that fails it."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def need_tool(path: str, install: str) -> None:
    """Skip a test whose tool is missing, except in CI, where a missing tool is a failure."""
    if shutil.which(path) is None:
        missing(f"{path} is not installed; install it with: {install}")


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright."""
    need_tool(CHROMIUM, "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 and yield its base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def build_site(srcdir: Path, builddir: Path, builder: str = "html"):
    """Build ``srcdir`` once, with its own status and warning streams, and return the app.

    For builds outside the ``app``/``make_app`` fixtures (module-wide builds, builds in a
    loop); the app's global docutils registrations are undone before the next one.
    """
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(
        builder, srcdir=srcdir, builddir=builddir, status=StringIO(), warning=StringIO()
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app
