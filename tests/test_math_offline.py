"""Math without the network: the MathJax the package ships (paper_reviews.sphinx.mathjax),
rendered in Chromium with every request that leaves the site aborted, served from
127.0.0.1 and opened from file://, in the light and the dark colour scheme."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, copy_root, serve, write
from paper_reviews.sphinx import mathjax
from sphinx.ext.mathjax import MATHJAX_URL

MANIFEST = mathjax.BUNDLE.parent / "mathjax.json"
REVIEW = "reviews/ioffe2015batch.html"
#: Inline math, display math, the math directive and an amsmath environment.
MATH_COUNT = 4
AMSMATH = "\n\\begin{align}\n\\mu_B &= \\frac{1}{m} \\sum_{i=1}^m x_i \\\\\n" + (
    "\\mathbb{E}[x] &\\leq \\mathcal{L}(\\theta)\n\\end{align}\n"
)
THEME = {"html_theme": "pydata_sphinx_theme", "html_context": {"default_mode": "auto"}}


@pytest.fixture(scope="module")
def outdir(tmp_path_factory) -> Path:
    """The test site, with an amsmath environment in a review, built with the site's theme."""
    tmp_path = tmp_path_factory.mktemp("math")
    srcdir = copy_root(tmp_path)
    review = srcdir / "reviews" / "ioffe2015batch.md"
    write(review, review.read_text(encoding="utf-8") + AMSMATH)
    return build_site(srcdir, tmp_path / "build", confoverrides=THEME).outdir


def assets(html: str) -> list[str]:
    """Every script, stylesheet, image and font a page names."""
    soup = BeautifulSoup(html, "html.parser")
    found = [tag["src"] for tag in soup.find_all(["script", "img"], src=True)]
    found += [tag["href"] for tag in soup.find_all("link", href=True)]
    return [str(url) for url in found]


def test_the_bundle_is_in_the_output_and_no_page_names_a_cdn(outdir: Path) -> None:
    static = outdir / "_static" / mathjax.TARGET
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((static / name).read_bytes()).hexdigest() == digest, name
    for page in outdir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert MATHJAX_URL not in html, page
        outside = [url for url in assets(html) if re.match(r"(?i)([a-z]+:)?//", url)]
        assert outside == [], page
    review = (outdir / REVIEW).read_text(encoding="utf-8")
    assert re.search(r'src="\.\./_static/mathjax/tex-mml-chtml\.js\?v=[0-9a-f]{8}"', review)
    # Sphinx loads MathJax only where there is math.
    assert "tex-mml-chtml" not in (outdir / "notes.html").read_text(encoding="utf-8")


def test_the_bundle_is_what_the_manifest_pins() -> None:
    """The shipped files are those ``vendor/update_mathjax.py`` fetched and checked."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    shipped = {
        path.relative_to(mathjax.BUNDLE).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in mathjax.BUNDLE.rglob("*")
        if path.is_file()
    }
    assert shipped == manifest["files"]
    assert {p["name"] for p in manifest["packages"]} == {"mathjax", "@mathjax/mathjax-newcm-font"}
    for package in manifest["packages"]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", package["version"])
        assert len(base64.b64decode(package["integrity"].removeprefix("sha512-"))) == 64


def test_a_site_that_names_its_own_mathjax_keeps_it(tmp_path: Path) -> None:
    own = "https://mathjax.example/tex-chtml.js"
    app = build_site(copy_root(tmp_path), tmp_path / "build", confoverrides={"mathjax_path": own})
    assert f'src="{own}"' in (app.outdir / REVIEW).read_text(encoding="utf-8")
    assert not (app.outdir / "_static" / mathjax.TARGET).exists()


def test_latex_is_left_alone(tmp_path: Path) -> None:
    app = build_site(copy_root(tmp_path), tmp_path / "build", builder="latex")
    assert not list(app.outdir.rglob("*.js"))
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "\\mathrm{BN}(x) = \\gamma \\hat{x} + \\beta" in tex


@pytest.fixture(scope="module", params=["http", "file"])
def url(request, outdir: Path):
    """The review's address: served on 127.0.0.1, or opened as a file."""
    if request.param == "file":
        yield "file://", (outdir / REVIEW).as_uri()
        return
    with serve(outdir) as base:
        yield base, base + REVIEW


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_math_renders_with_the_network_blocked(browser, url, scheme: str) -> None:
    site, address = url
    requests: list[str] = []
    errors: list[str] = []

    def only_the_site(route) -> None:
        requests.append(route.request.url)
        if route.request.url.startswith(site):
            route.continue_()
        else:
            route.abort()

    page = browser.new_page(color_scheme=scheme)
    try:
        page.route("**/*", only_the_site)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(address)
        page.wait_for_function("() => window.MathJax?.startup?.promise", timeout=15000)
        page.evaluate("() => MathJax.startup.promise")
        assert page.locator("mjx-container").count() == MATH_COUNT
        text = page.inner_text("article")
        for source in ("\\(", "\\[", "\\begin", "\\frac", "$$"):
            assert source not in text
        # The glyphs come from the shipped font, not the reader's own fonts.
        fonts = page.evaluate(
            "() => document.fonts.ready.then(fs => [...fs]"
            ".filter(f => f.family.startsWith('MJX-') && f.status === 'loaded').length)"
        )
        assert fonts > 0
        # Screen readers get each formula: spoken (a web worker, which a page opened from a
        # file cannot start), or as MathML.
        a11y = (
            "mjx-container[data-speech-attached]"
            if site.startswith("http")
            else "mjx-container mjx-assistive-mml"
        )
        page.wait_for_function(
            f"n => document.querySelectorAll({a11y!r}).length === n", arg=MATH_COUNT
        )
        # Math in the text's colour, whichever scheme the theme shows.
        assert page.get_attribute("html", "data-theme") == scheme
        colours = page.evaluate(
            """() => [...document.querySelectorAll('mjx-container, article')]
                .map(e => getComputedStyle(e).color)"""
        )
        assert len(set(colours)) == 1, colours
    finally:
        page.close()
    assert [r for r in requests if not r.startswith(site)] == []
    assert any("/_static/mathjax/fonts/" in r for r in requests)
    assert errors == []


def test_screen_readers_hear_math_in_the_sites_language(tmp_path: Path, browser) -> None:
    """A Korean site's formulas are spoken in Korean (MathJax's speech rules shipped in the
    bundle); a language the bundle has no rules for is spoken in English."""
    assert mathjax.speech_locale("ja") == ""
    assert mathjax.speech_locale("../../../mathjax") == ""  # a name, not a path
    assert mathjax.speech_locale("ko_KR").endswith('.locale ??= "ko";')
    app = build_site(copy_root(tmp_path), tmp_path / "build", confoverrides={"language": "ko"})
    with serve(app.outdir) as base:
        page = browser.new_page()
        try:
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
            )
            page.goto(base + REVIEW)
            page.wait_for_function("() => window.MathJax?.startup?.promise", timeout=15000)
            page.evaluate("() => MathJax.startup.promise")
            page.wait_for_function(
                "() => document.querySelector('mjx-container[data-speech-attached]')",
                timeout=20000,
            )
            container = page.locator("mjx-container[data-speech-attached]").first
            assert container.get_attribute("data-semantic-locale") == "ko"
            spoken = container.get_attribute("data-semantic-speech-none") or ""
            assert re.search(r"[\uac00-\ud7a3]", spoken), spoken  # "… 더하기 베타"
        finally:
            page.close()


def test_an_epub_gets_no_bundle(tmp_path: Path) -> None:
    """EPUB readers run no site scripts (a book's math stays TeX as written, as it did with
    the CDN): the bundle stays out of the book, whose builder would call each of its 220
    files unknown."""
    app = build_site(copy_root(tmp_path), tmp_path / "build", builder="epub")
    assert not (app.outdir / "_static" / mathjax.TARGET).exists()
    assert "mathjax" not in app.warning.getvalue()
