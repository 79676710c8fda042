"""Citation styles for the site and plain-text views of bibliography entries.

* ``reviews`` (pybtex formatting style, for ``{bibliography}``): titles as written, and one
  link per entry: the arXiv abstract for an ``eprint``, else the DOI, else the ``url``.
* ``author_year_round`` (sphinxcontrib-bibtex referencing style): ``{cite:p}`` reads
  (Ioffe and Szegedy, 2015) and ``{cite:t}`` reads Ioffe and Szegedy (2015).
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import ref

import pybtex.errors
import pybtex.plugin
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import BibliographyData, Entry
from pybtex.database.output.bibtex import Writer as BibTeXWriter
from pybtex.richtext import Text
from pybtex.style.formatting import unsrt
from pybtex.style.template import field as bibfield
from pybtex.style.template import first_of, href, join, optional, sentence
from sphinx.util import logging
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

from .model import ARXIV_ABS, DOI_URL
from .problems import WARNING_TYPE, Check

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

FORMATTING_STYLE = "reviews"
REFERENCING_STYLE = "author_year_round"
_TEXT = PlainTextBackend()


class _Writer(BibTeXWriter):
    """pybtex's BibTeX writer, which encodes each field as LaTeX with latexcodec (about a
    millisecond an entry). Into UTF-8, latexcodec changes only these five characters (every
    code point was checked), so a field without them is written as it is; and a field
    without braces has none unmatched."""

    _changed = re.compile(r"[#%&_~]")

    def _encode(self, text: str) -> str:
        return str(super()._encode(text)) if self._changed.search(text) else text

    def check_braces(self, s: str) -> None:
        # pybtex walks the text character by character; only an opening brace can leave
        # a brace unmatched (a lone closing one is read as a character).
        if "{" in s:
            super().check_braces(s)


_WRITER = _Writer(encoding="UTF-8")


#: What pybtex's LaTeX reading changes: commands, braces, comments, ties, dashes, quotes,
#: inverted marks, math (``$-$`` reads as a minus sign) and runs of white space. Text
#: without any of it reads as written, and most fields (names, years, arXiv ids, most
#: titles) are such text.
_LATEX_SYNTAX = re.compile(r"[%\\{}~$\n\t\r\f\v]|\s\s|^\s|!`|''|,,|--|\?`|``")


def latex_to_text(value: str) -> str:
    """BibTeX field text as a reader sees it: braces and escapes removed."""
    if _LATEX_SYNTAX.search(value) is None:
        return value
    return _latex_to_text(value)


def _latex_to_text(value: str) -> str:
    try:
        return Text.from_latex(value).render(_TEXT)
    except Exception:  # pybtex raises plain exceptions on unbalanced braces
        return value.replace("{", "").replace("}", "")


def entry_fields(entry: Entry) -> dict[str, str]:
    """The entry's fields as plain text, keys in lower case."""
    return {name.lower(): latex_to_text(value) for name, value in entry.fields.items()}


def entry_names(entry: Entry) -> list[str]:
    """The names of the entry's authors and editors as plain text ("Ioffe, Sergey")."""
    return [latex_to_text(str(person)) for people in entry.persons.values() for person in people]


def entry_bibtex(entry: Entry) -> str:
    """The entry as BibTeX source, for readers to copy."""
    return _WRITER.to_string(BibliographyData({entry.key: entry})).strip()


#: Fingerprints by entry (pybtex entries are not hashable: by id, for the entry's life),
#: since each build asks for every entry's several times.
_FINGERPRINTS: dict[int, tuple[ref[Entry], str]] = {}


def entry_fingerprint(entry: Entry | None) -> str:
    """A cheap, stable digest of everything an entry says (to notice that it changed)."""
    if entry is None:
        return ""
    key = id(entry)
    known = _FINGERPRINTS.get(key)
    if known is not None and known[0]() is entry:
        return known[1]
    persons = tuple((role, tuple(str(p) for p in people)) for role, people in entry.persons.items())
    fingerprint = repr((entry.type, tuple(entry.fields.items()), persons))

    def forget(_: object) -> None:
        _FINGERPRINTS.pop(key, None)

    _FINGERPRINTS[key] = (ref(entry, forget), fingerprint)
    return fingerprint


class ReviewStyle(unsrt.Style):
    """pybtex's ``unsrt`` with titles kept as written and exactly one link per entry."""

    default_sorting_style = "author_year_title"
    default_label_style = "alpha"

    def format_title(self, e: Entry, which_field: str, as_sentence: bool = True):
        title = bibfield(which_field)
        return sentence[title] if as_sentence else title

    def format_web_refs(self, e: Entry):
        prefix = e.fields.get("archivePrefix", "arXiv").strip().lower()
        arxiv = optional[self.format_eprint(e)] if prefix == "arxiv" else Text()
        return sentence[
            first_of[
                arxiv,
                optional[self.format_doi(e)],
                optional[href(bibfield("url", raw=True))[bibfield("url", raw=True)]],
            ]
        ]

    def format_eprint(self, e: Entry):
        eprint = bibfield("eprint", raw=True)
        return href(join[ARXIV_ABS, eprint])[join["arXiv:", eprint]]

    def format_doi(self, e: Entry):
        doi = bibfield("doi", raw=True)
        return href(join[DOI_URL, doi])[join["doi:", doi]]


@dataclass
class RoundAuthorYearStyle(AuthorYearReferenceStyle):
    """Author–year citations in round brackets."""

    bracket_parenthetical: BracketStyle = field(
        default_factory=lambda: BracketStyle(left="(", right=")")
    )
    bracket_textual: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")"))
    bracket_author: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")"))
    bracket_label: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")"))
    bracket_year: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")"))


def register() -> None:
    """Make both styles known by name; idempotent."""
    pybtex.plugin.register_plugin("pybtex.style.formatting", FORMATTING_STYLE, ReviewStyle)
    register_plugin(
        "sphinxcontrib.bibtex.style.referencing", REFERENCING_STYLE, RoundAuthorYearStyle
    )


class BibErrors:
    """pybtex's errors while sphinxcontrib-bibtex reads the bibliography, as warnings.

    pybtex raises on a broken entry, which stops the build with a traceback (or, in its
    lenient mode, prints to the terminal, past Sphinx's warning count). Between
    :meth:`start` (before sphinxcontrib-bibtex's ``builder-inited`` handler) and
    :meth:`report` (after it), pybtex's own capture collects them instead; each becomes a
    ``paper.bibtex`` warning at its file and line.
    """

    def __init__(self) -> None:
        self._capture: AbstractContextManager[list[Any]] | None = None
        self._errors: list[Any] = []

    def start(self, app: Sphinx) -> None:
        self._capture = pybtex.errors.capture()
        self._errors = self._capture.__enter__()

    def report(self, app: Sphinx) -> None:
        if self._capture is None:
            return
        errors = list(self._errors)
        self._capture.__exit__(None, None, None)
        self._capture = None
        for error in errors:
            filename = getattr(error, "filename", None) or ", ".join(app.config.bibtex_bibfiles)
            line = getattr(error, "lineno", None)
            logger.warning(
                "%s: the entry is skipped; fix the BibTeX syntax",
                error,
                location=f"{filename}:{line}" if line else filename,
                type=WARNING_TYPE,
                subtype=Check.BIBTEX.value,
            )
