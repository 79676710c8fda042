"""The extension's words in the site's language: the catalogs, and sites built in Korean and
in English that each read in one language, in HTML, in the browser and in the PDF."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import (
    REPO,
    build_pdf,
    build_site,
    copy_root,
    read_html,
    serve,
    warnings_of,
    write,
)
from paper_reviews.core import catalogs, ordering, statistics
from paper_reviews.sphinx import latex_words, overview_html, words

PACKAGE = Path(words.__file__).parents[1]
PLACEHOLDER = re.compile(r"\{\w+\}")
#: Words that are the same in every language: names of formats.
NAMES = {"PDF", "BibTeX"}


def catalog(language: str):
    with (catalogs.LOCALE_DIR / language / "LC_MESSAGES" / "paper_reviews.po").open("rb") as po:
        return read_po(po, locale=language)


def messages_in_code() -> set[str]:
    """Every message the package's code gives :func:`_` or :func:`ngettext`, and the labels
    it translates from tables (column headers, groupings, groups without a value)."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
                continue
            count = {"_": 1, "ngettext": 2}.get(call.func.id, 0)
            args = call.args[:count]
            if count and all(isinstance(a, ast.Constant) for a in args):
                found.update(a.value for a in args)  # type: ignore[attr-defined]
    tables = (
        ordering.COLUMN_LABELS,
        ordering.NO_VALUE_LABEL,
        overview_html.GROUP_BY_LABELS,
        statistics.CHART_TITLES,
    )
    found.update(label for table in tables for label in table.values() if label)
    return found


def test_every_language_has_every_message_translated():
    assert {"en", "ko"} <= set(catalogs.languages())
    english = {m.id for m in catalog("en") if m.id}
    for language in catalogs.languages():
        messages = [m for m in catalog(language) if m.id]
        assert {m.id for m in messages} == english, language
        for message in messages:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings), (language, ids)
            # The same placeholders, or the sentence loses its number.
            wanted = set(PLACEHOLDER.findall(ids[-1]))
            for string in strings:
                assert set(PLACEHOLDER.findall(string)) == wanted, (language, string)
                # And nothing else str.format would read: a stray brace stops the build.
                string.format(**{name.strip("{}"): 1 for name in wanted})


def test_the_catalog_holds_exactly_the_messages_of_the_code():
    in_catalog = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog("en") if m.id}
    plurals = {m.id[1] for m in catalog("en") if isinstance(m.id, tuple)}
    assert messages_in_code() == in_catalog | plurals


def test_a_regional_language_uses_its_base_catalog_and_an_unknown_one_english(tmp_path):
    assert catalogs.has_catalog("ko_KR")
    # As for Sphinx's own catalogs (gettext), "ko-KR" is not Korean: one language or the other.
    assert not catalogs.has_catalog("ko-KR") and not catalogs.has_catalog("de")
    assert latex_words.preamble("de") == ""
    folder = catalogs.compile_catalog("ko_KR", tmp_path)
    assert (folder / "ko" / "LC_MESSAGES" / "paper_reviews.mo").is_file()
    assert folder.parent == tmp_path and folder.name == catalogs.digest("ko_KR")


# -- sites ---------------------------------------------------------------------------------

DRAFT = """\
---
bibkey: lecun2015deep
tags: []
summary: ""
draft: true
---

# Deep learning

{paper}`ioffe2015batch`
"""


def site(tmp_path: Path, language: str, into: str) -> Path:
    srcdir = copy_root(tmp_path, into=into)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + f"\nlanguage = {language!r}\n", encoding="utf-8")
    write(srcdir / "reviews" / "lecun2015deep.md", DRAFT)  # a draft, for its words
    return srcdir


def written_by_the_extension(app) -> str:
    """The text of everything the extension writes on the overview and on a card."""
    index = read_html(app, "index")
    parts = [index.select_one(".paper-toolbar"), *index.select("thead")]
    parts += index.select(".paper-draft") + index.select(".paper-group-title")
    card = read_html(app, "reviews/ioffe2015batch").select_one(".paper-card")
    parts += card.select(".paper-label, .paper-links, .paper-bibtex summary")
    draft = read_html(app, "reviews/lecun2015deep").select_one(".paper-card")
    parts += draft.select(".paper-draft, .paper-rating")
    text = " ".join(part.get_text(" ", strip=True) for part in parts)
    config = json.loads(index.select_one(".paper-table")["data-config"])
    labels = [group["label"] for groups in config["groups"].values() for group in groups]
    return " ".join([text, *config["words"].values(), *labels])


def english_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{2,}", text))


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The same site in Korean, in English, then in Korean again: one process, so a language
    must not linger from the build before."""
    tmp = tmp_path_factory.mktemp("i18n")
    built = {}
    for name, language in (("ko", "ko"), ("en", "en"), ("ko2", "ko")):
        srcdir = site(tmp, language, name)
        built[name] = build_site(srcdir, srcdir / "_build")
    return built


@pytest.mark.parametrize("name", ["ko", "ko2"])
def test_a_korean_site_reads_korean(sites, name):
    app = sites[name]
    assert warnings_of(app) == []
    text = written_by_the_extension(app)
    # Data the extension shows as written: tags, venues; the count's placeholders.
    data = {"Model", "Architecture", "Survey", "ICML", "ICLR", "Nature", "arXiv"}
    assert english_words(text) - data - NAMES - {"shown", "total"} == set()
    for korean in ("제목", "게재처", "평점", "태그", "요약", "출처", "찾기", "묶음 기준", "초안"):
        assert korean in text
    assert "인용 표기" in text and "arXiv 초록" in text
    assert "이 논문을 인용한 리뷰 2편:" in text
    assert "4편 중 4편" in text  # the count, and its words for the script
    assert "{total}편 중 {shown}편" in text


def test_an_english_site_reads_english(sites):
    app = sites["en"]
    text = written_by_the_extension(app)
    hangul = re.findall(r"[\uac00-\ud7a3]+", text)
    assert set(hangul) <= {"정규화"}, hangul  # a tag of the test site, as written
    for english in ("Title", "Publication", "Rating", "Filter", "Group by", "Draft", "Cite as"):
        assert english in text
    assert "4 of 4 papers" in text and "Cited in 2 reviews:" in text


def test_the_navigation_in_the_sites_language(tmp_path):
    """The repository's navigation template with the theme, in each language: the overview's
    label is the extension's word, the other pages' labels their titles."""
    for language, overview in (("ko", "리뷰 목록"), ("en", "Overview")):
        srcdir = site(tmp_path, language, language)
        conf = srcdir / "conf.py"
        conf.write_text(
            conf.read_text()
            + f"templates_path = [{str(REPO / '_templates')!r}]\n"
            + 'html_theme = "pydata_sphinx_theme"\n'
            + 'html_theme_options = {"navbar_center": ["paper-reviews-nav.html"]}\n'
            + 'paper_reviews_nav = ["references", "notes", "nosuchpage"]\n',
            encoding="utf-8",
        )
        app = build_site(srcdir, srcdir / "_build")
        nav = read_html(app, "reviews/ioffe2015batch").select_one("nav.paper-reviews-nav")
        links = [(a.get_text(strip=True), a["href"]) for a in nav.select("a")]
        titles = {name: app.env.titles[name].astext() for name in ("references", "notes")}
        assert links == [
            (overview, "../index.html"),
            (titles["references"], "../references.html"),
            (titles["notes"], "../notes.html"),
        ]
        assert nav["aria-label"] == {"ko": "사이트 탐색", "en": "Site navigation"}[language]
        current = read_html(app, "references").select_one("nav.paper-reviews-nav [aria-current]")
        assert current.get_text(strip=True) == titles["references"]


def test_the_browser_script_counts_in_the_sites_language(sites, browser):
    for name, after in (("ko", "4편 중 2편"), ("en", "2 of 4 papers")):
        with serve(sites[name].outdir) as url:
            page = browser.new_page()
            page.goto(f"{url}/index.html")
            page.locator("input.paper-search").fill("norm")
            page.wait_for_function(
                "t => document.querySelector('.paper-count').textContent === t", arg=after
            )
            assert page.locator(".paper-no-match").text_content() in (
                "조건에 맞는 논문이 없습니다.",
                "No papers match.",
            )
            page.close()


@pytest.mark.pdf
def test_an_english_pdf_reads_english(tmp_path):
    """The PDF test site (Korean reviews) with ``language = "en"``: the extension's words and
    LaTeX's are English (the Korean site's PDF: test_pdf.py)."""
    srcdir = copy_root(tmp_path, "test-pdf")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('language = "ko"', 'language = "en"'), "utf-8")
    flat = build_pdf(srcdir, srcdir / "_build", "pdftest")["flat"]
    assert "CHAPTER ONE" in flat or "CHAPTER 1" in flat
    assert "CONTENTS" in flat.upper() and "Cite as (Kaiser et al., 2017)" in flat
    assert "Title Publication Rating Tags Summary Source" in flat
    for korean in ("제 1 장", "차례", "인용 표기", "게재처", "평점 없음", "리뷰 목록"):
        assert korean not in flat, korean


def test_an_edited_catalog_rewrites_every_page(tmp_path, monkeypatch):
    """A catalog edited (or a new version of the package) changes what every page says:
    the next build writes them all again, without `make clean`."""
    copied = tmp_path / "locale"
    shutil.copytree(catalogs.LOCALE_DIR, copied)
    monkeypatch.setattr(catalogs, "LOCALE_DIR", copied)
    srcdir = site(tmp_path, "ko", "src")
    build_site(srcdir, srcdir / "_build")
    po = copied / "ko" / "LC_MESSAGES" / "paper_reviews.po"
    po.write_text(po.read_text(encoding="utf-8").replace('"인용 표기"', '"인용"'), "utf-8")
    app = build_site(srcdir, srcdir / "_build")
    label = read_html(app, "reviews/ioffe2015batch").select_one(".paper-cite .paper-label")
    assert label.get_text() == "인용 "


def test_the_pdfs_words_are_escaped_for_latex(monkeypatch):
    """A catalog's words go into LaTeX as text: a third language's "%" or "&" must not
    comment out or break the preamble."""
    said = {"Chapter {number}": "§ & {number} 50% $x_1#", "Contents": "{Con}tents ~^\\"}
    monkeypatch.setattr(latex_words, "_", lambda message: said[message])
    tex = latex_words.preamble("ko")
    assert r"\renewcommand{\chaptername}{\S{} \&}%" in tex
    assert r"\def\@chappos{50\% \$x\_1\#}" in tex
    assert r"\renewcommand{\contentsname}{\{Con\}tents" in tex
