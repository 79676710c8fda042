from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from paper_reviews.cli import main

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


def pages(outdir: Path) -> dict[str, str]:
    """Every page's body as written, by path (the search page and the index aside, which
    list every page in whatever order): what two builds of one site must agree on."""
    from bs4 import BeautifulSoup

    out = {}
    for html in sorted(outdir.rglob("*.html")):
        rel = html.relative_to(outdir)
        if rel.name not in {"genindex.html", "search.html"}:
            out[str(rel)] = str(BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").body)
    return out


def copy_root(tmp_path: Path, name: str = "test-basic", into: str = "src") -> Path:
    """A copy of the test root ``name`` to edit: ``tmp_path/into``."""
    srcdir = tmp_path / into
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
def serve(directory: Path, under: str = "/") -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 at the path ``under`` (``"/reviews/"``, as
    GitHub Pages serves a project site: 404 elsewhere) and yield its base URL."""
    kind = QuietHandler if under == "/" else SubPathHandler
    handler = functools.partial(kind, directory=str(directory), under=under)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{under}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, under: str = "/", **kwargs: Any) -> None:
        self.under = under
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass


class SubPathHandler(QuietHandler):
    """The folder at ``under`` only; 404 elsewhere."""

    def translate_path(self, path: str) -> str:
        from urllib.parse import urlsplit

        bare = urlsplit(path).path
        if bare == self.under.rstrip("/") or bare.startswith(self.under):
            return super().translate_path("/" + path[len(self.under) :])
        return str(Path(self.directory) / "not-under-the-sub-path")


def build_site(srcdir: Path, builddir: Path, builder: str = "html", **kwargs: Any):
    """Build ``srcdir`` once, with its own status and warning streams, and return the app.

    For builds outside the ``app``/``make_app`` fixtures (module-wide builds, builds in a
    loop); the app's global docutils registrations are undone before the next one.
    """
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(
        builder,
        srcdir=srcdir,
        builddir=builddir,
        status=StringIO(),
        warning=StringIO(),
        **kwargs,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


# -- building test sites -----------------------------------------------------------------


def touch_later(path: Path) -> None:
    """Sphinx compares modification times with the time it last read a page: make sure an
    edit is seen as newer than that, without moving it into the future."""
    now = time.time_ns()
    os.utime(path, ns=(now, now))


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    touch_later(path)


def fresh_build(srcdir: Path, tmp_path: Path, name: str):
    """A build of ``srcdir`` in a new build folder: what an incremental build must equal."""
    return build_site(srcdir, tmp_path / f"fresh-{name}")


# -- shared by several test modules ------------------------------------------------------


def need_fonts(confdir: Path) -> None:
    """Skip (fail in CI) when a font the site's ``conf.py`` names is not installed."""
    from paper_reviews.cli import pdfcheck

    need_tool("fc-list", INSTALL)
    absent = [font for font in pdfcheck.read_settings(confdir).fonts if not pdfcheck.has_font(font)]
    if absent:
        missing(f"fonts {', '.join(absent)} are not installed; install them with: {INSTALL}")


INSTALL = (
    "apt-get install latexmk texlive-xetex texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended fonts-noto-core fonts-noto-mono fonts-noto-cjk poppler-utils"
)


DATA = Path(__file__).parent / "data"


def make_pdf(srcdir: Path, builddir: Path, name: str):
    """Build ``srcdir`` as a PDF the way ``make latexpdf`` does: the LaTeX builder, then
    ``make all-pdf`` (latexmk, xelatex) with ``-halt-on-error``. The app, make's run and the
    LaTeX log."""
    for tool in ("xelatex", "latexmk", "pdftotext"):
        need_tool(tool, INSTALL)
    need_fonts(srcdir)
    app = build_site(srcdir, builddir, "latex")
    env = dict(os.environ, LATEXMKOPTS="-interaction=nonstopmode -halt-on-error")
    run = subprocess.run(
        ["make", "-C", str(app.outdir), "all-pdf"], capture_output=True, text=True, env=env
    )
    log = (app.outdir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    return app, run, log


EXPECTED = [
    ("reviews/bad_yaml.md", 4, "paper.frontmatter", "not valid YAML"),
    ("reviews/not_mapping.md", 2, "paper.frontmatter", "must be a mapping"),
    ("reviews/missing.md", 1, "paper.missing_key", "required key 'tags' is missing"),
    ("reviews/missing.md", 1, "paper.missing_key", "required key 'summary' is missing"),
    ("reviews/no_bibkey.md", 1, "paper.missing_key", "required key 'bibkey' is missing"),
    ("reviews/no_front_matter.md", 1, "paper.missing_key", "has no front matter"),
    ("reviews/unknown_key.md", 5, "paper.unknown_key", "'rate': did you mean 'rating'?"),
    ("reviews/rating_high.md", 5, "paper.rating", "number from 0 to 5, not 7"),
    ("reviews/rating_text.md", 4, "paper.rating", "number from 0 to 5, not 'great'"),
    ("reviews/tags_empty.md", 3, "paper.tags", "non-empty list of strings"),
    ("reviews/tags_numbers.md", 4, "paper.tags", "not [1, 2]"),
    ("reviews/not_in_bib.md", 2, "paper.bibkey", "'nosuch2020paper' is not in the bibliography"),
    ("reviews/twice_b.md", 4, "paper.duplicate", "also used by reviews/twice_a.md:2"),
    ("reviews/bad_source.md", 5, "paper.source", "must be an http(s) URL"),
    ("reviews/bad_year.md", 5, "paper.year", "four-digit year"),
    ("reviews/no_heading.md", 2, "paper.heading", "no '#' heading"),
    ("index.md", 6, "paper.ref", "'nosuch1999paper'"),
]


def shown(app) -> dict[str, str]:
    """What readers see of the catalog: overview, cards, {paper} links, references."""
    pages = {"index": ".paper-table", "references": ".citation-list", "notes": "section"}
    out = {name: str(read_html(app, name).select_one(sel)) for name, sel in pages.items()}
    for docname in sorted(d for d in app.env.found_docs if d.startswith("reviews/")):
        out[docname] = str(read_html(app, docname).select_one(".paper-card"))
    return out


def located(lines: list[str], root: Path) -> set[tuple[str, int, str]]:
    """(file relative to the site, line, warning code) of each of the extension's problems."""
    found = set()
    for line in lines:
        match = re.match(
            r"(?P<path>\S+?):(?P<line>\d+): (?:WARNING: )?(?P<msg>.*) \[(?P<code>paper\.\w+)\]$",
            line,
        )
        if match:
            path = Path(match["path"])
            shown = path.relative_to(root) if path.is_absolute() else path
            found.add((shown.as_posix(), int(match["line"]), match["code"]))
    return found


def build_pdf(srcdir: Path, builddir: Path, name: str) -> dict:
    """Build ``srcdir`` as a PDF, which must succeed, and read it back."""
    app, run, log = make_pdf(srcdir, builddir, name)
    assert run.returncode == 0, run.stdout[-3000:] + log[-3000:]
    path = app.outdir / f"{name}.pdf"
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    tex = (app.outdir / f"{name}.tex").read_text(encoding="utf-8")
    return {
        "text": text,
        "flat": " ".join(text.split()),
        "tex": tex,
        "log": log,
        "app": app,
        "path": path,
    }


def squeeze(text: str) -> str:
    """Text without white space and hyphens, so words split over lines still match."""
    return re.sub(r"[\s\-\u2010\u2011]", "", text)


EXPORT_CSV = next((DATA / "notion-export").glob("*.csv"))

REPO = Path(__file__).parents[1]


def copy_site_files(dest: Path) -> None:
    """This site's own files (not its reviews or bibliography) into ``dest``: conf.py, the
    pages beside the reviews and the templates, as the README's "Your own site" keeps them."""
    for name in ("conf.py", "index.md", "references.md", "statistics.md"):
        shutil.copyfile(REPO / name, dest / name)
    shutil.copytree(REPO / "_templates", dest / "_templates")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def empty_project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "reviews").mkdir(parents=True)
    (root / "refs.bib").write_text("", encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def make_export(folder: Path) -> Path:
    """A Notion export with page bodies, an image, a bad row and a renamed column."""
    csv_path = folder / "Reading 0123456789abcdef0123456789abcdef.csv"
    pages = folder / csv_path.stem
    pages.mkdir(parents=True)
    csv_path.write_text(
        "\ufeffTitle,Publication,Score,Tags,Summary,Source\n"
        'Attention Is All You Need,NIPS\'17,5,"Model Architecture, 트랜스포머",'
        "Self-attention만으로 번역한다.,https://arxiv.org/abs/1706.03762\n"
        "A Broken Row,ICML'20,excellent,General,요약.,https://example.org/broken\n"
        "Deep learning,Nature'15,4,Survey,A review.,https://doi.org/10.1038/nature14539\n"
        "Not a link,,3,General,요약.,see the paper\n",
        encoding="utf-8",
    )
    (pages / "Attention Is All You Need 11111111111111111111111111111111.md").write_text(
        "# Attention Is All You Need\n\nPublication: NIPS'17\nScore: 5\n"
        "Tags: Model Architecture\n\n"
        "## Notes\n\nMulti-head attention, $\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$.\n\n"
        "![The architecture](Attention%20Is%20All%20You%20Need%20"
        "11111111111111111111111111111111/figure.png)\n",
        encoding="utf-8",
    )
    images = pages / "Attention Is All You Need 11111111111111111111111111111111"
    images.mkdir()
    (images / "figure.png").write_bytes(b"\x89PNG fake image bytes")
    return csv_path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium (through the ``browser`` fixture) is marked
    ``browser``, so that ``make test-fast`` (``-m "not browser and not pdf and not slow"``)
    leaves it out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def build_examples(count: int):
    """Hypothesis settings for a property whose examples are each several site builds:
    ``count`` examples, the same on every run, no deadline, a failure reported unshrunk
    (its edits are in the assertion's message)."""
    from hypothesis import HealthCheck, Phase, settings

    return settings(
        max_examples=count,
        deadline=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow],
    )
