"""The PDF's own words in the site's language: the chapter label above each review
("Chapter 19", "제 19 장") and in the running head, and the table of contents' title.

LaTeX takes these from Babel or Polyglossia, which know no Korean: a Korean site's PDF read
"CHAPTER 19" above a Korean card. For a language the extension has a catalog for
(:mod:`.words`), they are set from that catalog instead, at the start of the document (after
the language package has set its own). The chapter label is one message, "Chapter {number}":
the words before the number become ``\\chaptername``, those after it ``\\@chappos``, which
Sphinx's running head already places after the number (it does so for Japanese); the
chapter heading (fncychap's "Sonny", Sphinx's layout for languages other than English) is
given the same.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import texescape
from sphinx.util.texescape import escape

from paper_reviews.sphinx import words
from paper_reviews.sphinx.words import _


def preamble(language: str) -> str:
    """The LaTeX that sets the PDF's words for ``language`` ("" without a catalog)."""
    if not words.has_catalog(language):
        return ""
    texescape.init()  # its tables are empty until the LaTeX builder fills them
    before, _number, after = _("Chapter {number}").partition("{number}")
    name, position = escape(before.strip()), escape(after.strip())
    contents = escape(_("Contents"))
    tex = [
        r"\makeatletter",
        r"\AddToHook{begindocument/end}{%",
        rf"  \renewcommand{{\chaptername}}{{{name}}}%",
        rf"  \renewcommand{{\contentsname}}{{{contents}}}}}",
    ]
    if position:
        tex += [
            rf"\def\@chappos{{{position}}}",
            r"\@ifpackageloaded{fncychap}{\renewcommand{\DOCH}{\raggedleft",
            r"  \CNV\FmN{\@chapapp}\space\CNoV\thechapter\space\CNV\FmN{\@chappos}",
            r"  \par\nobreak\vskip 40\p@}}{}",
        ]
    tex.append(r"\makeatother")
    return "\n".join(tex) + "\n"


def add(app: Sphinx, config: Config) -> None:
    """Add the words to ``latex_elements["preamble"]`` (config-inited, after
    :func:`.words.load`)."""
    tex = preamble(config.language or "en")
    if tex:
        elements = dict(config.latex_elements)
        elements["preamble"] = elements.get("preamble", "") + "\n" + tex
        config.latex_elements = elements
