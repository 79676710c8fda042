"""Publishing: ``make dist`` writes the site and its PDF as one archive that works under a
sub-path (as GitHub Pages serves a project: https://user.github.io/reviews/) and from
``file://``; the GitHub Pages workflow and the Read the Docs configuration run the Makefile's
commands on files the repository has."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import INSTALL, REPO, ROOTS, need_fonts, need_tool, serve
from paper_reviews.cli.pdfcheck import PACKAGES

SUBPATH = "/reviews/"
SITE = "paper-reviews-site"
PDF = "paper-reviews.pdf"
REVIEW = "reviews/ioffe2015batch.html"
#: The test site's reviews by title, A to Z.
BY_TITLE = ["beyer2020done", "ioffe2015batch", "dauphin2021deconstructing", "lecun2015deep"]


# -- the archive ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Any]:
    """``make dist`` (the repository's Makefile) run on a small site: test-basic's reviews
    with the repository's conf.py and templates; the archive, unpacked."""
    for tool in ("make", "xelatex", "latexmk"):
        need_tool(tool, INSTALL)
    root = tmp_path_factory.mktemp("dist")
    site = root / "site"
    shutil.copytree(ROOTS / "test-basic", site, ignore=shutil.ignore_patterns("conf.py"))
    shutil.copy(REPO / "conf.py", site)
    shutil.copytree(REPO / "_templates", site / "_templates")
    need_fonts(site)
    venv = Path(sys.prefix)
    # -o: the virtual environment running this test is used as it is, never reinstalled.
    command = ["make", "-f", str(REPO / "Makefile"), "-o", str(venv / ".installed"), "dist"]
    run = subprocess.run(
        [*command, f"VENV={venv}", f"BUILDDIR={root / 'build'}"],
        cwd=site,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    archive = root / "build" / f"{SITE}.zip"
    unpacked = root / "unpacked"
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        opened.extractall(unpacked)
    return {"archive": archive, "names": names, "root": unpacked / SITE}


def soup(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.pdf
def test_the_archive_holds_the_site_in_one_folder_with_its_pdf(dist):
    names = dist["names"]
    assert all(name.startswith(f"{SITE}/") for name in names), names[:5]
    for wanted in ("index.html", "search.html", "searchindex.js", "papers.json", REVIEW, PDF):
        assert f"{SITE}/{wanted}" in names
    assert not [name for name in names if name.endswith((".buildinfo", ".doctree", ".pickle"))]
    # Without it, GitHub Pages' Jekyll would drop _static/ from a site pushed to a branch.
    assert f"{SITE}/.nojekyll" in names
    assert (dist["root"] / PDF).read_bytes()[:5] == b"%PDF-"


@pytest.mark.pdf
def test_the_top_navigation_links_the_pdf_from_every_depth(dist):
    root = dist["root"]
    for page, href in (("index.html", PDF), (REVIEW, f"../{PDF}")):
        links = soup(root / page).select(f'nav a[href$="{PDF}"]')
        assert [a["href"] for a in links][:1] == [href], page


def local_links(page: Path) -> Iterator[str]:
    """The address of every link, script, style sheet and image of ``page`` that points
    within the site (neither an anchor alone nor another site)."""
    for element in soup(page).select("[href], [src]"):
        value = element.get("href") or element.get("src") or ""
        if value.startswith("#") or re.match(r"[a-z][a-z0-9+.-]*:", value, re.I):
            continue
        yield value


@pytest.mark.pdf
def test_every_link_is_relative_and_finds_its_file(dist):
    """What makes a site work under any sub-path and from file://: no link starts at the
    server's root, and each one leads to a file of the archive."""
    root = dist["root"]
    broken = []
    # (_static/ holds a template of the theme's, webpack-macros.html, that no page loads.)
    pages = sorted(p for p in root.rglob("*.html") if p.relative_to(root).parts[0] != "_static")
    assert len(pages) >= 8
    for page in pages:
        for link in local_links(page):
            target = unquote(urlsplit(link).path)
            found = bool(target) and (page.parent / target).resolve().is_file()
            if link.startswith("/") or not found:
                broken.append((page.relative_to(root), link))
    assert broken == []
    papers = json.loads((root / "papers.json").read_text(encoding="utf-8"))["papers"]
    assert {paper["url"] for paper in papers} >= {REVIEW}
    assert all((root / paper["url"]).is_file() for paper in papers)


# -- in the browser, served under a sub-path -----------------------------------------------


@pytest.fixture(scope="module")
def served(dist) -> Iterator[str]:
    """The site at /reviews/ only, as GitHub Pages serves a project site; 404 elsewhere."""
    with serve(dist["root"], under=SUBPATH) as url:
        yield url


def local(url: str) -> bool:
    """Whether ``url`` is the site's own (served here, or a file): other sites are out of
    reach offline, and not what these tests are about."""
    return url.startswith(("http://127.0.0.1:", "file:"))


@pytest.fixture
def visit(browser) -> Iterator[Callable[..., Any]]:
    """Open a page in Chromium; on the way out, no script error, no failed request and no
    request outside the sub-path may have happened on any page opened."""
    problems: list[str] = []
    pages = []

    def watch(page) -> None:
        def on_console(message) -> None:
            # A failed load's message names no address: the listeners below report those.
            if message.type == "error" and not message.text.startswith("Failed to load"):
                problems.append(f"console: {message.text}")

        def on_request(request) -> None:
            parts = urlsplit(request.url)
            served_here = parts.scheme == "http" and local(request.url)
            if served_here and not parts.path.startswith(SUBPATH.rstrip("/")):
                problems.append(f"outside the sub-path: {request.url}")

        def on_failed(request) -> None:
            if local(request.url):
                problems.append(f"failed: {request.url} {request.failure}")

        def on_response(response) -> None:
            if response.status >= 400 and local(response.url):
                problems.append(f"{response.status}: {response.url}")

        page.on("pageerror", lambda error: problems.append(f"script: {error}"))
        page.on("console", on_console)
        page.on("request", on_request)
        page.on("requestfailed", on_failed)
        page.on("response", on_response)
        # Browsers ask the server's root for a favicon, which the site does not have.
        page.route("**/favicon.ico", lambda route: route.fulfill(status=204))

    def open_page(url: str):
        page = browser.new_page()
        watch(page)
        pages.append(page)
        page.goto(url)
        return page

    yield open_page
    for page in pages:
        page.close()
    assert problems == []


def order(page) -> list[str]:
    return page.eval_on_selector_all(
        ".paper-groups tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.bibkey)"
    )


@pytest.mark.pdf
def test_the_overview_and_its_script_work_under_a_sub_path(served, visit):
    page = visit(served)
    assert sorted(set(order(page))) == sorted(BY_TITLE)
    page.fill("input.paper-search", "normalization")
    assert sorted(set(order(page))) == ["dauphin2021deconstructing", "ioffe2015batch"]
    assert urlsplit(page.url).path == SUBPATH  # the view written into the URL stays there

    page = visit(served + "index.html?group=none&sort=title")
    assert order(page) == BY_TITLE
    page = visit(served + "index.html?group=none&sort=-title")
    assert order(page) == BY_TITLE[::-1]
    page = visit(served + "index.html?tag=정규화")
    assert sorted(set(order(page))) == ["dauphin2021deconstructing", "ioffe2015batch"]

    page.click('tr[data-bibkey="ioffe2015batch"] td[data-column="title"] a')
    page.wait_for_load_state()
    assert page.url == served + REVIEW
    assert "Batch Normalization" in page.inner_text("h1")


@pytest.mark.pdf
def test_search_finds_a_review_under_a_sub_path(served, visit):
    page = visit(served + "search.html?q=normalization")
    page.wait_for_function("() => document.querySelector('#search-results li a')", timeout=15000)
    result = page.locator("#search-results li a", has_text="Batch Normalization").first
    result.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == SUBPATH + REVIEW
    assert "Batch Normalization" in page.inner_text("h1")


@pytest.mark.pdf
def test_the_pdf_link_answers_with_the_pdf(served, visit):
    for url in (served, served + REVIEW):
        page = visit(url)
        link = page.locator(f'nav a[href$="{PDF}"]').first
        target = link.evaluate("a => a.href")
        assert target == served + PDF, url
        response = page.request.get(target)
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body()[:5] == b"%PDF-"


@pytest.mark.pdf
def test_the_unpacked_site_works_from_file_urls(dist, visit):
    root = dist["root"]
    page = visit(root.as_uri() + "/index.html?group=none&sort=-title")
    assert order(page) == BY_TITLE[::-1]
    page.fill("input.paper-search", "normalization")
    assert sorted(set(order(page))) == ["dauphin2021deconstructing", "ioffe2015batch"]
    pdf = page.locator(f'nav a[href$="{PDF}"]').first.evaluate("a => a.href")
    assert pdf == (root / PDF).as_uri()

    page.click('tr[data-bibkey="ioffe2015batch"] td[data-column="title"] a')
    page.wait_for_load_state()
    assert page.url == (root / REVIEW).as_uri()
    assert "Batch Normalization" in page.inner_text("h1")


# -- the workflow and Read the Docs --------------------------------------------------------


def workflow() -> dict[str, Any]:
    return yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))


def makefile_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([\w-]+):(?!=)", text, re.M))


def dry_run(target: str) -> str:
    """The commands ``make TARGET`` would run in the repository, run not."""
    need_tool("make", "apt-get install make")
    run = subprocess.run(
        ["make", "-n", target], cwd=REPO, capture_output=True, text=True, check=True
    )
    return run.stdout


def test_the_workflow_builds_with_make_dist_and_deploys_to_pages():
    flow = workflow()
    triggers = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "workflow_dispatch" in triggers
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert flow["concurrency"] == {"group": "pages", "cancel-in-progress": False}

    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    actions = {step["uses"].split("@")[0]: step for step in build["steps"] if "uses" in step}
    python = actions["actions/setup-python"]["with"]["python-version"]
    assert tuple(map(int, python.split("."))) >= (3, 11)
    commands = "\n".join(step.get("run", "") for step in build["steps"])
    assert re.findall(r"\bmake\s+([\w-]+)", commands) == ["dist"]
    assert "dist" in makefile_targets()
    installed = set(commands.replace("\\", " ").split())
    assert set(PACKAGES) <= installed  # what `make latexpdf` checks for

    # What the workflow uploads is what `make dist` writes.
    would_run = dry_run("dist")
    site = actions["actions/upload-pages-artifact"]["with"]["path"]
    archive = actions["actions/upload-artifact"]["with"]["path"]
    assert f" . {site}\n" in would_run.replace("\\\n", "")
    assert archive in would_run

    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]


def test_read_the_docs_builds_the_site_and_its_pdf_with_the_locked_versions():
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    build = config["build"]
    assert build["os"].startswith("ubuntu-")
    assert tuple(map(int, build["tools"]["python"].split("."))) >= (3, 11)
    assert set(PACKAGES) <= set(build["apt_packages"])
    install = " ".join(build["jobs"]["post_install"])
    assert "pip install" in install and "-c requirements.lock ." in install
    assert (REPO / "requirements.lock").is_file()
    assert config["sphinx"]["configuration"] == "conf.py"
    assert (REPO / config["sphinx"]["configuration"]).is_file()
    assert config["sphinx"]["fail_on_warning"] is True
    assert config["formats"] == ["pdf"]


def read_conf(monkeypatch, **environ: str) -> dict[str, Any]:
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    for name in ("READTHEDOCS", "READTHEDOCS_CANONICAL_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "path", list(sys.path))  # conf.py puts _ext/ first
    return eval_config_file(REPO / "conf.py", Tags())


def test_on_read_the_docs_the_navigation_links_the_pdf_it_builds(monkeypatch):
    assert "paper_reviews_pdf" not in read_conf(monkeypatch)
    conf = read_conf(
        monkeypatch,
        READTHEDOCS="True",
        READTHEDOCS_CANONICAL_URL="https://reviews.readthedocs.io/ko/latest/",
        READTHEDOCS_LANGUAGE="ko",
        READTHEDOCS_VERSION="latest",
    )
    assert conf["paper_reviews_pdf"] == "https://reviews.readthedocs.io/_/downloads/ko/latest/pdf/"
