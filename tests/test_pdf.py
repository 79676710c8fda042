"""The PDF: built with Sphinx's LaTeX builder, xelatex and latexmk, read back with pdftotext."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from conftest import ROOTS, build_site, need_tool, warnings_of
from paper_reviews.latex import NoBabelWarningFilter

INSTALL = (
    "apt-get install latexmk texlive-xetex texlive-latex-recommended texlive-latex-extra "
    "texlive-fonts-recommended fonts-noto-cjk poppler-utils"
)
SPECIALS = r"% & _ $ # { } ~ ^ \ < >"


def build_pdf(srcdir: Path, builddir: Path, name: str) -> dict:
    """Build ``srcdir`` as a PDF the way ``make latexpdf`` does, and read it back."""
    for tool in ("xelatex", "latexmk", "pdftotext"):
        need_tool(tool, INSTALL)
    app = build_site(srcdir, builddir, "latex")
    env = dict(os.environ, LATEXMKOPTS="-interaction=nonstopmode -halt-on-error")
    run = subprocess.run(
        ["make", "-C", str(app.outdir), "all-pdf"], capture_output=True, text=True, env=env
    )
    log = (app.outdir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
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


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    """The test-pdf site as a PDF."""
    srcdir = tmp_path_factory.mktemp("pdf") / "src"
    shutil.copytree(ROOTS / "test-pdf", srcdir)
    return build_pdf(srcdir, srcdir / "_build", "pdftest")


def squeeze(text: str) -> str:
    """Text without white space and hyphens, so words split over lines still match."""
    return re.sub(r"[\s\-\u2010\u2011]", "", text)


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
    assert "Unrated" in pdf["flat"]


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
    ):
        assert title in flat
    headings = re.findall(r"^(.+) \((\d+)\)$", pdf["text"], re.M)
    assert headings[:5] == [
        ("C# & C++ {~}", "1"),
        ("Model Architecture", "1"),
        ("Survey", "1"),
        ("정규화", "1"),
        ("특수 문자", "1"),
    ]
    # Group tables are long tables with fixed column widths, and titles link to the reviews.
    assert pdf["tex"].count(r"\begin{longtable}") == 5
    assert r"\hyperref[\detokenize{reviews/ioffe2015batch::doc}]" in pdf["tex"]


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

    keep = NoBabelWarningFilter().filter
    assert not keep(record("no Babel option known for language %r", "ko"))
    assert keep(record("no Babel option known for language %r", "xx"))
    assert keep(record("undefined label: %r", "ko"))


def test_missing_tools_give_one_message_naming_the_packages(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "paper_reviews.pdfcheck", str(ROOTS / "test-pdf")],
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
        "texlive-fonts-recommended fonts-noto-cjk\n" in message
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
