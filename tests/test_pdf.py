"""The PDF: built with Sphinx's LaTeX builder, xelatex and latexmk, read back with pdftotext."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import (
    INSTALL,
    ROOTS,
    build_pdf,
    copy_root,
    make_pdf,
    need_tool,
    squeeze,
    warnings_of,
)
from paper_reviews.sphinx.latex import is_babel_warning
from paper_reviews.sphinx.untyped import DropWarning

pytestmark = pytest.mark.pdf

SPECIALS = r"% & _ $ # { } ~ ^ \ < >"
#: Names of authors (test-pdf's kaiser2017names) whose letters the CJK fonts alone lack.
NAMES = (
    "Łukasz Kaiser",
    "Paul Erdős",
    "Ayşe Şahin",
    "Eduard Kučera",
    "İlkay Yıldız",
    "Søren Østergaard",
    "Jürgen Weiß",
    "Çağlar Gülçehre",
    "Gheorghe Ţiţeica",
    "Antonín Dvořák",
    "Michał Žižek",
    "Núria Peña Szűcs",
    "Hélène Lefèvre",
    "Johan Håstad",
    "Kristinn Sæmundsson",
)
LETTERS = "ŁłőűşţčřžıİğøåæœßñçéèüØ"
#: Linear B syllable A: in none of the site's fonts.
ABSENT = "\N{LINEAR B SYLLABLE B008 A}"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    """The test-pdf site as a PDF."""
    srcdir = copy_root(tmp_path_factory.mktemp("pdf"), "test-pdf")
    return build_pdf(srcdir, srcdir / "_build", "pdftest")


def link_targets(path: Path) -> set[str]:
    """The URIs of the PDF's link annotations (xdvipdfmx stores them in object streams)."""
    data = path.read_bytes()
    uris: set[bytes] = set(re.findall(rb"/URI\s*\((.*?)\)", data))
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            uris.update(re.findall(rb"/URI\s*\((.*?)\)", zlib.decompress(match.group(1))))
        except zlib.error:
            continue
    return {uri.decode("latin-1") for uri in uris}


def test_build_is_clean(pdf):
    assert warnings_of(pdf["app"]) == []
    assert "Missing character" not in pdf["log"]
    # Every link inside the PDF has its target (the cards' tags link to the overview).
    log = re.sub(r"\s+", " ", pdf["log"])
    assert not re.findall(r"(?:Hyper r|R)eference `[^']*' on page \d+ undefined", log)
    assert r"\hyperref[\detokenize{index:tag-" in pdf["tex"]


def test_korean_text_and_stars_render(pdf):
    assert "각 layer의 input distribution을 mini batch에 기반하여" in pdf["flat"]
    assert "본문은 한국어와 English가 섞여 있다." in pdf["flat"]
    assert "★★★★★ 4.5" in pdf["flat"]  # the card's rating
    assert "평점 없음" in pdf["flat"]  # "Unrated"


def test_special_characters_come_out_as_written(pdf):
    flat = pdf["flat"]
    assert f"Summary with {SPECIALS} and 한국어 text." in flat
    assert f"Specials {SPECIALS} in a title" in flat
    assert "C# & C++ {~} (1)" in flat  # a tag group heading
    assert "Costs of 100% & more: A_B #1" in flat  # a bibliography title


def test_every_title_and_the_grouped_overview(pdf):
    flat = pdf["flat"]
    for title in (
        "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate",
        "Deep learning",
        "Specials",
        "Σύμβολα and Колмогоров: Cœur, Ærø and the Letters of Names",
    ):
        assert title in flat
    headings = re.findall(r"^(.+) \((\d+)\)$", pdf["text"], re.M)
    assert headings[:5] == [
        ("C# & C++ {~}", "1"),
        ("Model Architecture", "1"),
        ("Survey", "2"),
        ("정규화", "1"),
        ("특수 문자", "1"),
    ]
    # Group tables are long tables with fixed column widths, and titles link to the reviews.
    assert pdf["tex"].count(r"\begin{longtable}") == 5
    assert r"\hyperref[\detokenize{reviews/ioffe2015batch::doc}]" in pdf["tex"]


def test_letters_of_every_script_render(pdf):
    """Names in Latin with its extended letters, Greek, Cyrillic and Hangul, from BibTeX
    (``{\\L}ukasz``, ``Erd{\\H{o}}s``) and from pages, come out letter for letter."""
    text = pdf["text"]
    references = squeeze(text.split("References")[-1])
    for name in NAMES:
        assert squeeze(name) in references  # in the References chapter
        assert squeeze(name) in squeeze(text.split("Names:")[-1])  # in the review's text
    for letter in LETTERS:
        assert letter in references
    assert squeeze("민준 김. Σύμβολα and Колмогоров: Cœur, Ærø and the Letters of Names") in (
        references
    )
    flat = pdf["flat"]
    assert "Łukasz Kaiser, Paul Erdős와 Çağlar Gülçehre의 이름에서 글자가 하나도 빠지지" in flat
    assert "Łódź Workshop · 2017 · ★★★★☆ 4.0" in flat  # the card
    assert "인용 표기 (Kaiser et al., 2017)" in flat
    assert "Greek Σύμβολα, Cyrillic Колмогоров, 한국어 이름 김민준." in flat
    symbols = "a–b, a—b, ‘single’, “double”, wait…, €5, £3, 20°, ±1, 2×3, −1, a≤b, a≥b, a→b,"
    assert squeeze(f"Symbols: {symbols} • item, ★★★★☆, © 2017, ®.") in squeeze(text)
    assert "Łukasz Σύμβολα Колмогоров 김민준 ≤ → ★" in flat  # in the monospaced font
    assert "손실≤정확도" in squeeze(text)  # Hangul in math
    assert "https://ko.wikipedia.org/wiki/정규화_Łódź" in flat  # and in a URL (url.sty's math)
    # A heading (and its line in the contents), bold, italic, a footnote, highlighted code.
    assert flat.count("한국어 제목 Łódź ★") == 2
    assert "굵은 글씨 Łukasz ★, 기울임 Erdős →, and a footnote" in flat
    assert "각주 Σύμβολα ≤ 1." in flat
    assert '# 정규화: Łukasz → ★ x = "Σύμβολα" # Колмогоров' in flat
    assert "\ufffd" not in text
    # Latin, Greek and Cyrillic are set in Noto Serif, Hangul in Noto Serif CJK.
    fonts = subprocess.run(["pdffonts", str(pdf["path"])], capture_output=True, text=True)
    for font in ("NotoSerif-Regular", "NotoSans-Regular", "NotoSansMono-Regular", "NotoSerifCJK"):
        assert font in fonts.stdout


def test_the_pdf_reads_in_the_sites_language(pdf):
    """A Korean site's PDF: LaTeX's own words (chapter, contents) and the extension's (the
    card, the overview's headers) are Korean (an English site's: test_i18n.py)."""
    flat = pdf["flat"]
    assert "제 1 장" in flat and "차례" in flat
    assert "제목 게재처 평점 태그 요약 출처" in flat
    for english in ("CHAPTER", "Chapter", "Contents", "Cite as", "Title", "Unrated", "Source"):
        assert english not in flat, english


def test_a_missing_glyph_fails_the_build(tmp_path):
    """A character no font has stops the PDF build, and the error names it."""
    srcdir = copy_root(tmp_path, "test-pdf")
    need_tool("fc-list", INSTALL)
    from paper_reviews.cli import pdfcheck

    having = subprocess.run(
        ["fc-list", f":charset={ord(ABSENT):x}", "family"], capture_output=True, text=True
    ).stdout
    families = {name.strip() for line in having.splitlines() for name in line.split(",")}
    assert not families & set(pdfcheck.read_settings(srcdir).fonts)
    page = srcdir / "reviews" / "lecun2015deep.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nLinear B: {ABSENT}.\n", "utf-8")

    _, run, log = make_pdf(srcdir, srcdir / "_build", "pdftest")
    assert run.returncode != 0
    error = f"! Missing character: There is no {ABSENT} (U+10000) in font Noto Serif"
    assert error in log
    assert error in run.stdout  # what make latexpdf prints


def test_sources_and_bibliography_links_are_clickable(pdf):
    assert {
        "https://arxiv.org/abs/1502.03167",
        "https://arxiv.org/pdf/1502.03167",
        "https://doi.org/10.1038/nature14539",
        "https://example.org/special?a=1&b=2",
    } <= link_targets(pdf["path"])
    # The References chapter lists the entries where it stands, with their links as text.
    references = pdf["flat"].split("References")[-1]
    assert "arXiv:1502.03167" in references
    assert "doi:10.1038/nature14539" in references


def test_babel_filter_drops_only_the_korean_babel_warning():
    def record(msg: str, *args: object, level: int = logging.WARNING) -> logging.LogRecord:
        return logging.LogRecord("sphinx", level, __file__, 1, msg, args, None)

    keep = DropWarning("babel", is_babel_warning).filter
    assert not keep(record("no Babel option known for language %r", "ko"))
    assert keep(record("no Babel option known for language %r", "xx"))
    assert keep(record("undefined label: %r", "ko"))


def test_missing_tools_give_one_message_naming_the_packages(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "paper_reviews.cli.pdfcheck", str(ROOTS / "test-pdf")],
        capture_output=True,
        text=True,
        env=dict(os.environ, PATH=str(tmp_path)),  # an empty folder: no TeX, no fc-list
    )
    assert result.returncode == 1
    assert result.stdout == ""
    message = result.stderr
    assert message.startswith("Cannot build the PDF: xelatex, latexmk")
    assert (
        "apt-get install latexmk texlive-xetex texlive-latex-recommended texlive-latex-extra "
        "texlive-fonts-recommended fonts-noto-core fonts-noto-mono fonts-noto-cjk\n" in message
    )
    assert "Traceback" not in message


def test_the_sites_own_pdf_has_every_review(tmp_path):
    """``make latexpdf`` on the project's own reviews: every Notion row is in it."""
    import csv

    repo = Path(__file__).parents[1]
    built = build_pdf(repo, tmp_path / "site", "paper-reviews")
    assert warnings_of(built["app"]) == []
    assert "Missing character" not in built["log"]
    text = squeeze(built["text"])
    export = next((Path(__file__).parent / "data" / "notion-export").glob("*.csv"))
    with export.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            assert squeeze(row["Title"]) in text
            assert squeeze(row["Summary"]) in text
    for group in ("Model Architecture (1)", "General (3)", "Model Training (2)"):
        assert group in built["flat"]


#: Entries of the real bibliographies (tests/data/bib) whose names are written with LaTeX
#: escapes or letters outside ASCII: ({\L}ukasz, \v{c}, \c{s}, {\i}, \u{a}, \ss, \'z, \={a},
#: \v{s}, \~n, ø, ř, ß, ü).
REAL_NAMES = {
    "d2l-book-google-scholar.bib": [
        "Vaswani.Shazeer.Parmar.ea.2017",
        "Watson.1964",
        "Cer.Diab.Agirre.ea.2017",
    ],
    "phd-thesis-jamil-haziq.bib": ["skorohod2012integration", "kuo2010decompositions"],
    "phd-thesis-visin-myrefs.bib": ["sak2007", "yilmaztubitak", "deoras2011fast", "lasagne"],
    "icml-example-paper-gnn-crlf-duplicates.bib": [
        "cangea2018towards",
        "klicpera2019diffusion",
        "klicpera2020directional",
    ],
}


def test_names_from_real_bibliographies_print_every_letter(tmp_path):
    """A PDF of reviews of real entries: every letter of every author's name prints."""
    from paper_reviews.core import bibsource
    from paper_reviews.core.latextext import latex_to_text
    from pybtex.database import parse_string

    srcdir = copy_root(tmp_path, "test-pdf")
    for page in (srcdir / "reviews").glob("*.md"):
        page.unlink()
    sources: list[str] = []
    names: list[str] = []
    texts: list[str] = []
    data = Path(__file__).parent / "data" / "bib"
    for file, keys in REAL_NAMES.items():
        text = (data / file).read_text(encoding="utf-8")
        found = bibsource.by_key(bibsource.scan(text))
        for key in keys:
            entry = found[key.lower()]
            source = text[entry.start : entry.end]
            sources.append(source)
            parsed = parse_string(source, "bibtex").entries[key]
            names += [latex_to_text(str(p)) for p in parsed.persons.get("author", [])]
            fields = [latex_to_text(parsed.fields[f]) for f in ("title", "journal", "booktitle")
                      if f in parsed.fields]  # fmt: skip
            texts += fields
            slug = re.sub(r"\W", "", key)
            (srcdir / "reviews" / f"{slug}.md").write_text(
                f"---\nbibkey: '{key}'\ntags: [Names]\nsummary: 이름.\n---\n\n# {slug}\n",
                encoding="utf-8",
            )
    (srcdir / "refs.bib").write_text("\n\n".join(sources) + "\n", encoding="utf-8")
    pdf = build_pdf(srcdir, srcdir / "_build", "pdftest")
    assert "Missing character" not in pdf["log"]
    flat = squeeze(pdf["text"])
    for name in names:
        # The References page writes "First Last": each surname prints whole.
        assert squeeze(name.partition(", ")[0]) in flat, name
    letters = {ch for text in names + texts for ch in text if ord(ch) > 127}
    assert {"Ł", "č", "ş", "ı", "ă", "ß", "ź", "ā", "š", "ñ", "ø"} <= letters  # what we test
    assert all(ch in pdf["text"] for ch in letters), sorted(
        ch for ch in letters if ch not in pdf["text"]
    )
