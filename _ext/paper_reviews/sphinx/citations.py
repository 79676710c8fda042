"""Citation styles for the site and plain-text views of bibliography entries.

* ``reviews`` (pybtex formatting style, for ``{bibliography}``): titles as written, and one
  link per entry: the arXiv abstract for an ``eprint``, else the DOI, else the ``url``.
* ``author_year_round`` (sphinxcontrib-bibtex referencing style): ``{cite:p}`` reads
  (Ioffe and Szegedy, 2015) and ``{cite:t}`` reads Ioffe and Szegedy (2015).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pybtex.errors
import pybtex.plugin
from pybtex.database import Entry
from pybtex.richtext import BaseText, HRef, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import unsrt
from pybtex.style.formatting.unsrt import toplevel
from pybtex.style.labels.alpha import LabelStyle as AlphaLabelStyle
from pybtex.style.template import (
    FieldIsMissing,
    Node,
    first_of,
    join,
    node,
    optional,
    sentence,
    tag,
)
from pybtex.style.template import field as bibfield
from sphinxcontrib.bibtex import builder_inited_cite
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import names

from paper_reviews.core import bibfile, bibinfo
from paper_reviews.core.latextext import _latex_to_text, latex_to_text  # noqa: F401 (one place reads LaTeX)
from paper_reviews.core.problems import Check
from paper_reviews.sphinx import encoding
from paper_reviews.sphinx.report import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


FORMATTING_STYLE = "reviews"
LABEL_STYLE = "reviews_alpha"
REFERENCING_STYLE = "author_year_round"


def entry_names(entry: Entry) -> list[str]:
    """The names of the entry's authors and editors as plain text ("Ioffe, Sergey")."""
    return [latex_to_text(str(person)) for people in entry.persons.values() for person in people]


class ReviewStyle(unsrt.Style):
    """pybtex's ``unsrt`` with titles kept as written, exactly one link per entry (what
    :mod:`.bibinfo` reads: the arXiv abstract, else the DOI, else the URL), and every entry
    shown: one that lacks a field its type requires (an ``@inproceedings`` without authors,
    as a Notion import writes it) or has a type ``unsrt`` does not know (``@software``) is
    shown with what it has."""

    default_sorting_style = "author_year_title"
    default_label_style = LABEL_STYLE

    def format_entry(self, label: str, entry: Entry, bib_data: Any = None) -> FormattedEntry:
        entry = ShownEntry.of(entry)
        try:
            return super().format_entry(label, entry, bib_data=bib_data)
        except (FieldIsMissing, AttributeError):
            context = {"entry": entry, "style": self, "bib_data": bib_data}
            return FormattedEntry(
                entry.key, self.get_any_template(entry).format_data(context), label
            )

    def get_any_template(self, e: Entry):
        """Whatever the entry has, in the order of ``unsrt``."""
        venue = first_of[*(optional[tag("em")[bibfield(name)]] for name in _VENUE_FIELDS)]
        return toplevel[
            first_of[
                optional[sentence[self.format_names("author")]],
                optional[sentence[self.format_names("editor")]],
            ],
            optional[self.format_title(e, "title")],
            sentence[
                venue,
                optional[bibfield("volume")],
                optional[join["pp. ", bibfield("pages")]],
                optional[bibfield("year")],
            ],
            sentence[optional[bibfield("note")]],
            self.format_web_refs(e),
        ]

    def format_title(self, e: Entry, which_field: str, as_sentence: bool = True):
        title = bibfield(which_field)
        return sentence[title] if as_sentence else title

    def format_web_refs(self, e: Entry):
        return sentence[web_link]


class ShownEntry(Entry):
    """An entry whose fields read as the rest of the site reads them (:func:`latex_to_text`):
    pybtex's own reading shows ``\\textbraceleft`` and ``\\$`` as written, and hands math to
    the LaTeX writer as it is, ``\\input`` included; here every field is text."""

    @classmethod
    def of(cls, entry: Entry) -> ShownEntry:
        shown = cls(entry.original_type, fields=entry.fields, persons=entry.persons)
        shown.key = entry.key
        return shown

    @property
    def rich_fields(self) -> Mapping[str, Text]:
        return {name: Text(latex_to_text(value)) for name, value in self.fields.items()}


#: Where an entry of any type may name its venue or publisher.
_VENUE_FIELDS = (
    "booktitle",
    "journal",
    "howpublished",
    "school",
    "institution",
    "organization",
    "publisher",
)


@node
def web_link(children: Any, context: dict[str, Any]) -> BaseText:
    """The entry's one link, as :mod:`.bibinfo` reads it from any of its fields."""
    facts = bibinfo.read(context["entry"].fields)
    if facts.arxiv_id:
        return HRef(bibinfo.abs_url(facts.arxiv_id), "arXiv:" + facts.arxiv_id)
    if facts.doi:
        return HRef(bibinfo.doi_url(facts.doi), "doi:" + facts.doi)
    if facts.url:
        return HRef(facts.url, facts.url)
    return Text()


class LetteredAlphaLabels(AlphaLabelStyle):
    """pybtex's ``alpha`` labels (IS15), for years lettered by :mod:`.yearlabels` too
    (2016a labels as 16, as 2016 does)."""

    def format_label(self, entry: Entry) -> str:
        label: str = super().format_label(entry)
        year = entry.fields.get("year", "").strip()
        lettered = _LETTERED_YEAR.fullmatch(year)
        if lettered:
            label = label[:-2] + lettered.group(1)[-2:]
        return label


_LETTERED_YEAR = re.compile(r"(\d{4})[a-z]+")


@dataclass
class NamedPersonStyle(PersonStyle):
    """Names as sphinxcontrib-bibtex writes them; an entry with no author, editor or title
    (a web page known by its URL) is cited by its key instead of stopping the build."""

    def author_or_editor_or_title(self, full: bool) -> Node:
        return first_of[
            optional[names("author", sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                           other=None if full else self.other)],
            optional[names("editor", sep=self.sep, sep2=self.sep2, last_sep=self.last_sep,
                           other=None if full else self.other)],
            optional[tag("em")[bibfield("title")]],
            entry_key,
        ]  # fmt: skip


@node
def entry_key(children: Any, context: dict[str, Any]) -> BaseText:
    return Text(context["entry"].key)


@dataclass
class RoundAuthorYearStyle(AuthorYearReferenceStyle):
    """Author–year citations in round brackets."""

    person: PersonStyle = field(default_factory=NamedPersonStyle)

    bracket_parenthetical: BracketStyle = field(
        default_factory=lambda: BracketStyle(left="(", right=")")
    )
    bracket_textual: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")"))
    bracket_author: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")"))
    bracket_label: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")"))
    bracket_year: BracketStyle = field(default_factory=lambda: BracketStyle(left="(", right=")"))


def register() -> None:
    """Make both styles known by name; idempotent."""
    pybtex.plugin.register_plugin("pybtex.style.labels", LABEL_STYLE, LetteredAlphaLabels)
    pybtex.plugin.register_plugin("pybtex.style.formatting", FORMATTING_STYLE, ReviewStyle)
    register_plugin(
        "sphinxcontrib.bibtex.style.referencing", REFERENCING_STYLE, RoundAuthorYearStyle
    )


class BibErrors:
    """What is wrong in the BibTeX files while sphinxcontrib-bibtex reads them, as warnings.

    pybtex raises on a broken entry, which stops the build with a traceback (or, in its
    lenient mode, prints to the terminal, past Sphinx's warning count). Between
    :meth:`start` (before sphinxcontrib-bibtex's ``builder-inited`` handler) and
    :meth:`report` (after it), pybtex's own capture collects them instead. When the files
    were read again, :func:`.bibfile.problems_in` finds their problems (pybtex's errors, a
    key used twice, a ``crossref`` to no entry), which are kept; on every build each becomes
    a ``paper.bibtex`` warning at its file and line, as ``paper-reviews check`` prints them.
    Entries with a ``crossref`` inherit what they lack from their parent (:mod:`.complete`).
    """

    def __init__(self) -> None:
        self._capture: AbstractContextManager[list[Any]] | None = None
        self._errors: list[Any] = []
        self._before: object = None

    def start(self, app: Sphinx) -> None:
        check_encoding(app)
        self._before = app.env.get_domain("cite").data.get("bibdata")
        self._capture = pybtex.errors.capture()
        self._errors = self._capture.__enter__()

    def report(self, app: Sphinx) -> None:
        if self._capture is None:
            return
        errors = list(self._errors)
        self._capture.__exit__(None, None, None)
        self._capture = None
        bibdata = app.env.get_domain("cite").data.get("bibdata")
        if bibdata is None:
            return
        data = app.env.get_domain("paper").data
        if bibdata is not self._before:  # the files were read again
            names = list(app.config.bibtex_bibfiles)
            files = []
            for number, name in enumerate(names):
                path = Path(app.srcdir, name)
                mine = [
                    error
                    for error in errors
                    if Path(getattr(error, "filename", None) or names[0]).name == path.name
                    or (number == 0 and not getattr(error, "filename", None))
                ]
                try:
                    text = path.read_text(encoding=app.config.bibtex_encoding, errors="replace")
                except OSError:
                    text = ""
                files.append((path, text, mine))
            data[BIB_PROBLEMS] = bibfile.problems_in(files, bibdata.data.entries)
        # Every build, as paper-reviews check does, not only the one that read the files.
        for problem in data.get(BIB_PROBLEMS, []):
            warn(
                Check.BIBTEX,
                problem.message,
                location=f"{problem.path}:{problem.line}",
            )


def check_encoding(app: Sphinx) -> None:
    """A BibTeX file that is not valid UTF-8 is a ``paper.bibtex`` warning at the line of the
    first bad byte, and is read with the bad bytes replaced: sphinxcontrib-bibtex would stop
    the build with a traceback (the same as for a page, :mod:`.encoding`)."""
    name_of = str(app.config.bibtex_encoding).lower().replace("_", "-")
    if name_of not in ("utf-8", "utf-8-sig", "utf8", encoding.CODEC):
        return
    for name in app.config.bibtex_bibfiles:
        path = Path(app.srcdir, name)
        try:
            data = path.read_bytes()
        except OSError:
            continue  # sphinxcontrib-bibtex reports a missing file
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            warn(
                Check.BIBTEX,
                "the file is not valid UTF-8 (byte 0x%02x); save it as UTF-8",
                data[err.start],
                location=f"{path}:{line}",
            )
            app.config.bibtex_encoding = encoding.CODEC


#: Key of the ``paper`` domain's data: the problems found when the files were last read.
BIB_PROBLEMS = "bib_problems"


def reload_bibliography(app: Sphinx) -> None:
    """What a new application does with the BibTeX files when its builder starts, in a
    running one: read them again if they changed (sphinxcontrib-bibtex), and warn about
    their problems (:class:`BibErrors`). The ``builder-inited`` handlers that do it run
    again, in their order; the others do not."""
    listeners = app.events.listeners.get("builder-inited", [])
    for listener in sorted(listeners, key=lambda listener: listener.priority):
        handler = listener.handler
        owner = getattr(handler, "__self__", None)
        if handler is builder_inited_cite or isinstance(owner, BibErrors):
            handler(app)
