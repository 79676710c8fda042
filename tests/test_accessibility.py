"""Accessibility: axe-core's WCAG 2.1 A and AA rules, in Chromium, on every kind of page the
site has, in the light and the dark colour scheme.

The site is the test root ``basic`` dressed as the real site (its conf.py with the theme, its
templates, overview and References pages), with what each page can show: tag chips, a draft,
citations, a References list with "Cited in" lines, math, a table, a figure, code. A page
type is one line of PAGES; a violation fails its test unless ALLOWED lists it with the
reason it is outside our reach. docs/accessibility.md says what is checked and why.
"""

from __future__ import annotations

import urllib.error
from dataclasses import dataclass, field
from pathlib import Path

import axe_core
import pytest
from conftest import build_site, copy_root, copy_site_files, missing, read_html, serve, write

#: axe-core's tags for the WCAG 2.0 and 2.1 success criteria of levels A and AA.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = ["light", "dark"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@dataclass(frozen=True)
class Page:
    """One page to check: its path in the built site, a JavaScript expression that is true
    once the page has rendered what it shows (the search its results), one that puts the
    page in a state to check (a dialog opened), its window size."""

    path: str
    ready: str = "true"
    prepare: str = ""
    viewport: dict[str, int] = field(default_factory=lambda: DESKTOP)


#: Every kind of page a reader meets, by name. A new kind of page is one more line.
PAGES = {
    "overview": Page("index.html"),
    # A pressed chip, a sorted column and the draft filter: the states the script draws.
    "overview, filtered and sorted": Page("index.html?tag=정규화&sort=-title&status=finished"),
    "overview, nothing found": Page("index.html?filter=no+such+paper"),
    "overview on a phone": Page("index.html", viewport=PHONE),
    "review": Page("reviews/ioffe2015batch.html"),
    "review, BibTeX and search dialog open": Page(
        "reviews/ioffe2015batch.html",
        prepare="document.querySelector('details.paper-bibtex').open = true;"
        " document.querySelector('.search-button__button').click()",
        ready="document.querySelector('#pst-search-dialog[open]')",
    ),
    "draft review": Page("reviews/lecun2015deep.html"),
    "page with citations": Page("notes.html"),
    "References": Page("references.html"),
    "search": Page(
        "search.html?q=normalization",
        # Results listed, and the title's "searching" dots replaced: the search is done.
        ready="document.querySelector('#search-results li')"
        " && !document.querySelector('#search-results h2 > span')",
    ),
    "index": Page("genindex.html"),
    "statistics": Page("statistics.html"),
    "statistics on a phone": Page("statistics.html", viewport=PHONE),
}


@dataclass(frozen=True)
class Allowed:
    """A violation outside our reach: axe's rule, the elements it is allowed on (a CSS
    selector), on which pages (names in PAGES; empty: every page), and why."""

    rule: str
    selector: str
    reason: str
    pages: frozenset[str] = frozenset()


#: Kept as short as honest: only what neither the extension nor the site's templates and CSS
#: can change. Each entry says why.
ALLOWED: tuple[Allowed, ...] = ()

DRAFT = (
    "---\nbibkey: lecun2015deep\ndraft: true\ntags: []\nsummary: ''\n---\n\n# Deep learning\n\n"
    "Notes so far, after {cite:t}`ioffe2015batch`: {paper}`ioffe2015batch`.\n\n"
    "```{math}\n:label: lecun-loss\nL = \\sum_i \\ell(f(x_i), y_i)\n```\n"
)


@pytest.fixture(scope="module")
def axe() -> Path:
    try:
        return axe_core.fetch()
    except (OSError, urllib.error.URLError, RuntimeError) as error:
        missing(f"axe-core {axe_core.VERSION} could not be fetched ({error}): run make test")
        raise


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    """The test site built once with the real site's theme and templates, served."""
    tmp_path = tmp_path_factory.mktemp("accessible")
    srcdir = copy_root(tmp_path)
    copy_site_files(srcdir)
    write(srcdir / "reviews" / "lecun2015deep.md", DRAFT)
    app = build_site(srcdir, tmp_path / "build")
    with serve(app.outdir) as base:
        yield base


def violations(browser, base: str, axe: Path, name: str, scheme: str) -> list[str]:
    """axe's violations on the page ``name`` in ``scheme`` that ALLOWED does not list, each
    as its rule, its element and what is wrong."""
    page = PAGES[name]
    allowed = [a for a in ALLOWED if not a.pages or name in a.pages]
    tab = browser.new_page(color_scheme=scheme, viewport=page.viewport)
    try:
        # Nothing from outside the site: what is checked is what the site itself serves.
        tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        tab.goto(base + page.path)
        if page.prepare:
            tab.evaluate(page.prepare)
        tab.wait_for_function(page.ready, timeout=15000)
        tab.wait_for_load_state("networkidle")
        tab.evaluate("() => window.MathJax?.startup?.promise")  # math typeset, if any
        # The theme follows the scheme (default_mode "auto"): both must really be checked.
        assert tab.get_attribute("html", "data-theme") == scheme
        # Groups and tables off screen are not laid out (content-visibility: auto), and axe
        # would skip what they hold: check every row.
        tab.add_style_tag(content="* { content-visibility: visible !important; }")
        tab.add_script_tag(path=str(axe))
        assert tab.evaluate("axe.version") == axe_core.VERSION
        result = tab.evaluate(
            """tags => axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})""",
            TAGS,
        )
        found = []
        for violation in result["violations"]:
            for node in violation["nodes"]:
                target = " ".join(node["target"])
                if any(
                    a.rule == violation["id"]
                    and tab.eval_on_selector(target, "(e, s) => e.matches(s)", a.selector)
                    for a in allowed
                ):
                    continue
                found.append(
                    f"{violation['id']} on {target}\n  {node['html']}\n  {node['failureSummary']}"
                )
        return found
    finally:
        tab.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_violation(site, browser, axe, name, scheme):
    found = violations(browser, site, axe, name, scheme)
    assert found == [], "\n\n".join(found)


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_bibliography_entries_are_items_of_their_list(make_app, tmp_path, builder):
    """Not docutils' doc-biblioentry, a role DPub-ARIA 1.1 deprecates, which left the
    entries' list without items: every HTML builder writes list items."""
    app = make_app(builder, srcdir=copy_root(tmp_path))
    app.build()
    page = read_html(app, "references" if builder == "html" else "references/index")
    (entries,) = page.select('div.citation-list[role="list"]')
    items = entries.find_all(recursive=False)
    assert len(items) == 4
    assert {(item.name, item["role"], " ".join(item["class"])) for item in items} == {
        ("div", "listitem", "citation")
    }
    assert "doc-biblioentry" not in str(page)
