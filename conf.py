"""Sphinx configuration for the paper-review site."""

from __future__ import annotations

import sys
from pathlib import Path

# The extension lives in _ext/ (it is also installed as the package paper_reviews).
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Paper Reviews"
author = "Paper Reviews"
copyright = "2026, the reviewer"
language = "ko"

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
html_title = "Paper Reviews"
html_theme_options = {
    # A fixed, short navigation: a sidebar listing every review would grow every page with
    # the catalog and make the build quadratic in the number of reviews.
    "navbar_center": ["paper-reviews-nav.html"],
    "navbar_end": ["theme-switcher"],
    "secondary_sidebar_items": {"**": ["page-toc"], "index": []},
    "show_prev_next": True,
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_sidebars = {"**": []}
html_context = {
    "paper_reviews_overview_label": "Overview",
    "paper_reviews_nav_links": [("references", "References")],
    "default_mode": "auto",
}
html_show_sourcelink = False

# -- PDF (make latexpdf) -------------------------------------------------------------------------
# xelatex with two sets of fonts, as XeTeX has no font fallback of its own. Noto Serif, Noto Sans
# and Noto Sans Mono set Latin (Łukasz, Erdős, Çağlar), Greek, Cyrillic, punctuation and
# currency; Hangul, CJK ideographs and punctuation go to Noto Serif/Sans/Sans Mono CJK KR by
# character class (in math and in URLs, which url.sty sets as math, by math code). Symbols
# (arrows, − ≤ ≥, ★ ☆, shapes, box drawing) take the current font when it has the glyph, else
# the CJK one. A character no font has stops the build (\tracinglostchars=3) with "Missing
# character: There is no … in font …" in the log, instead of a blank in the PDF. (Not xeCJK: it
# is not in Debian's texlive-xetex, and it sets Korean as Chinese, dropping the spaces between
# Hangul words unless told otherwise and breaking lines between any two syllables.)
latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [(root_doc, "paper-reviews.tex", "Paper Reviews", author, "manual")]
latex_elements = {
    "papersize": "a4paper",
    # Read on screens more than printed: no blank pages before chapters.
    "extraclassoptions": "openany,oneside",
    "pointsize": "10pt",
    "fontpkg": r"""
\setmainfont{Noto Serif}
\setsansfont{Noto Sans}
\setmonofont{Noto Sans Mono}
\newfontfamily\reviewscjkrm{Noto Serif CJK KR}[NFSSFamily=reviewscjkrm]
\newfontfamily\reviewscjksf{Noto Sans CJK KR}[NFSSFamily=reviewscjksf]
\newfontfamily\reviewscjktt{Noto Sans Mono CJK KR}[NFSSFamily=reviewscjktt]
\makeatletter
\newXeTeXintercharclass\reviews@cjk % always in the CJK font
\newXeTeXintercharclass\reviews@sym % in the current font if it has the glyph, else the CJK font
\DeclareSymbolFont{reviewscjk}{TU}{reviewscjkrm}{m}{n}
\SetSymbolFont{reviewscjk}{bold}{TU}{reviewscjkrm}{\bfdefault}{n}
\def\reviews@class#1#2#3{% class, first and last code point
  \count@=#2\relax
  \loop
    \XeTeXcharclass\count@=#1\relax
    \Umathcode\count@=0 \symreviewscjk\count@
  \ifnum\count@<#3\relax\advance\count@\@ne\repeat}
\reviews@class\reviews@cjk{"1100}{"11FF}% Hangul Jamo
\reviews@class\reviews@sym{"2150}{"2BFF}% number forms, arrows, math operators, symbols, shapes
\reviews@class\reviews@cjk{"2E80}{"33FF}% CJK radicals and punctuation, kana, Hangul Jamo
\reviews@class\reviews@cjk{"3400}{"4DBF}% CJK ideographs
\reviews@class\reviews@cjk{"4E00}{"9FFF}%
\reviews@class\reviews@cjk{"A960}{"A97F}% Hangul Jamo
\reviews@class\reviews@cjk{"AC00}{"D7FF}% Hangul syllables and Jamo
\reviews@class\reviews@cjk{"F900}{"FAFF}% CJK ideographs
\reviews@class\reviews@cjk{"FE10}{"FE1F}% vertical forms
\reviews@class\reviews@cjk{"FE30}{"FE6F}% CJK compatibility and small forms
\reviews@class\reviews@cjk{"FF00}{"FFEF}% full-width and half-width forms
\reviews@class\reviews@sym{"1F100}{"1F1FF}% enclosed letters and digits
\reviews@class\reviews@cjk{"1F200}{"1F2FF}% enclosed ideographs
\reviews@class\reviews@cjk{"20000}{"3134F}% CJK ideographs
% Entering a run of CJK characters (from Latin text, or after a space, a command or a brace)
% switches to the CJK font; leaving it returns to the font it was entered from.
\newif\ifreviews@incjk
\def\reviews@cjkfamily{%
  \ifx\f@family\sfdefault reviewscjksf\else\ifx\f@family\ttdefault reviewscjktt\else
  reviewscjkrm\fi\fi}
% The CJK font of the current family, series, shape and size; LaTeX's font state is kept.
\def\reviews@usecjk{%
  \let\reviews@fontname\font@name
  \begingroup\fontfamily{\reviews@cjkfamily}\selectfont\expandafter\endgroup\the\font
  \global\let\font@name\reviews@fontname}
\def\reviews@tocjk{%
  \ifreviews@incjk\else\reviews@incjktrue\edef\reviews@latin{\the\font}\reviews@usecjk\fi}
\def\reviews@fromcjk{\ifreviews@incjk\reviews@incjkfalse\reviews@latin\fi}
% A symbol, taken as #1 and set with the character classes off (else its own tokens recur).
\def\reviews@symbol#1{{\XeTeXinterchartokenstate\z@
  \iffontchar\font`#1 \else\reviews@usecjk\fi#1}}
\XeTeXinterchartoks 0 \reviews@cjk {\reviews@tocjk}
\XeTeXinterchartoks \e@alloc@intercharclass@top \reviews@cjk {\reviews@tocjk}
\XeTeXinterchartoks \reviews@sym \reviews@cjk {\reviews@tocjk}
\XeTeXinterchartoks \reviews@cjk 0 {\reviews@fromcjk}
\XeTeXinterchartoks \reviews@cjk \e@alloc@intercharclass@top {\reviews@fromcjk}
\XeTeXinterchartoks \reviews@sym 0 {\reviews@fromcjk}
\XeTeXinterchartoks \reviews@sym \e@alloc@intercharclass@top {\reviews@fromcjk}
\XeTeXinterchartoks \e@alloc@intercharclass@top 0 {\reviews@fromcjk}
\XeTeXinterchartoks 0 \reviews@sym {\reviews@symbol}
\XeTeXinterchartoks \e@alloc@intercharclass@top \reviews@sym {\reviews@symbol}
\XeTeXinterchartoks \reviews@cjk \reviews@sym {\reviews@symbol}
\XeTeXinterchartoks \reviews@sym \reviews@sym {\reviews@symbol}
\XeTeXinterchartokenstate=1
\makeatother
""",
    "printindex": "",
    # One space after a full stop, as in Korean and in the HTML pages. A glyph missing from
    # every font is an error, not a silent blank.
    "preamble": r"""
\frenchspacing
\tracinglostchars=3
""",
}
