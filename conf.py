"""Sphinx configuration for the paper-review site."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urljoin

# The extension lives in _ext/ (it is also installed as the package paper_reviews).
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "논문 리뷰"
author = "리뷰어"
copyright = "2026 리뷰어"
language = "ko"  # the extension's words and the theme's too (paper_reviews/locale)

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "paper_reviews",
]

root_doc = "index"
# Everything in the repository that is not a page of the site.
exclude_patterns = [
    "_build",
    "_templates",
    "README.md",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
    "tests",
    "bench",
    "docs",
    "build",
    "*.egg-info",
    ".*",  # .venv, .pytest_cache, .git and other hidden folders
    "**/.*",
]
source_suffix = {".md": "markdown"}

# -- MyST: math ($…$, $$…$$, amsmath environments), admonition fences, front matter -----------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# -- Reviews and citations ---------------------------------------------------------------------
paper_reviews_dir = "reviews"
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "reviews"  # one link per entry: arXiv, else DOI, else URL
bibtex_reference_style = "author_year_round"  # (Ioffe and Szegedy, 2015)

# -- HTML ----------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
templates_path = ["_templates"]
html_title = project
html_theme_options = {
    # A fixed, short navigation: a sidebar listing every review would grow every page with
    # the catalog and make the build quadratic in the number of reviews.
    "navbar_center": ["paper-reviews-nav.html"],
    "navbar_end": ["theme-switcher"],
    "secondary_sidebar_items": {"**": ["page-toc"], "index": []},
    "show_prev_next": True,
    "footer_start": ["paper-reviews-copyright.html"],
    "search_bar_text": "리뷰 검색…",
    "footer_end": [],
}
html_sidebars = {"**": []}
html_context = {"default_mode": "auto"}
html_show_sourcelink = False

# The top navigation's "PDF" link (paper_reviews_pdf): make dist sets it with -D to the PDF it
# puts beside index.html; on Read the Docs (.readthedocs.yaml) it is the PDF Read the Docs
# builds and serves at /_/downloads/<language>/<version>/pdf/ (docs/publishing.md).
if os.environ.get("READTHEDOCS") == "True" and os.environ.get("READTHEDOCS_CANONICAL_URL"):
    language_version = f"{os.environ['READTHEDOCS_LANGUAGE']}/{os.environ['READTHEDOCS_VERSION']}"
    paper_reviews_pdf = urljoin(
        os.environ["READTHEDOCS_CANONICAL_URL"], f"/_/downloads/{language_version}/pdf/"
    )

# -- PDF (make latexpdf) -------------------------------------------------------------------------
# xelatex, with the extension's font set-up (paper_reviews.sphinx.latex_fonts): Noto Serif, Sans
# and Sans Mono for Latin (Łukasz, Erdős, Çağlar), Greek and Cyrillic, Noto CJK KR for
# Hangul, CJK and the symbols the others lack. A character no font has stops the build
# and names the character.
from paper_reviews.sphinx.latex_fonts import FONTPKG, PREAMBLE  # noqa: E402

latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [(root_doc, "paper-reviews.tex", project, author, "manual")]
# The same document class in every language: Sphinx would pick jsbook for Japanese, which
# xelatex does not use (and TeX Live's Japanese packages are not installed).
latex_docclass = {"manual": "report", "howto": "article"}
latex_elements = {
    "papersize": "a4paper",
    # Read on screens more than printed: no blank pages before chapters.
    "extraclassoptions": "openany,oneside",
    "pointsize": "10pt",
    "fontpkg": FONTPKG,
    "printindex": "",
    "preamble": PREAMBLE,
}
