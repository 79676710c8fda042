"""Crossref's REST API: a paper's title, authors, year, venue and abstract by its DOI.

The base URL comes from ``--doi-api``, else ``PAPER_REVIEWS_CROSSREF_API``, else the public
service; a work is ``{base}/{doi}``, answered as JSON (``{"status": "ok", "message": {…}}``).
Titles and abstracts come as JATS XML (``<jats:p>…</jats:p>``): only their text is kept.

No Sphinx imports.
"""

from __future__ import annotations

import re
import urllib.parse
from html.parser import HTMLParser
from typing import Any

from paper_reviews.cli import http
from paper_reviews.cli.found import EntryType, FoundPaper
from paper_reviews.cli.http import SourceError

DEFAULT_API = "https://api.crossref.org/works"
API_ENV = "PAPER_REVIEWS_CROSSREF_API"
SERVICE = "the Crossref API"

#: A DOI: "10.", the registrant's number, "/", and a suffix without white space or the
#: characters that would end a BibTeX field, a URL or a Markdown link.
_DOI = r"10\.\d{4,9}/[^\s\"'<>{}\\|^`]+"
_EXACT = re.compile(rf"(?:doi:\s*)?(?P<doi>{_DOI})", re.I)
_IN_TEXT = re.compile(rf"(?<![\w.]){_DOI}", re.I)
_RESOLVERS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
#: Crossref's work types as refs.bib entry types; every other type is ``misc``.
_ENTRY_TYPES: dict[str, EntryType] = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
}
#: Where a work's year may be, most telling first.
_DATES = ("issued", "published", "published-print", "published-online", "created")


def parse_id(text: str) -> str | None:
    """The DOI of ``10.…``, ``doi:10.…`` or a doi.org / dx.doi.org URL; None for anything
    else."""
    text = text.strip()
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() in ("http", "https"):
        if parts.netloc.lower() not in _RESOLVERS or parts.query or parts.fragment:
            return None
        text = urllib.parse.unquote(parts.path.lstrip("/"))
    match = _EXACT.fullmatch(text)
    return match.group("doi") if match else None


def find(text: str) -> str | None:
    """The first DOI in a text (arXiv's ``doi`` field may hold several), without the
    punctuation that ends a sentence."""
    match = _IN_TEXT.search(text)
    return match.group().rstrip(".,;") if match else None


def api_url(option: str | None = None) -> str:
    return http.base_url(option, API_ENV, DEFAULT_API)


def fetch(doi: str, base_url: str | None = None) -> FoundPaper:
    """Ask Crossref for the work ``doi`` (within the limits of :func:`.http.get`), or a
    :class:`.http.SourceError` that says why not (:class:`.http.NotFound` if Crossref has
    no such work)."""
    url = f"{api_url(base_url).rstrip('/')}/{urllib.parse.quote(doi, safe='/')}"
    answer = http.get_json(url, SERVICE, not_found=f"Crossref has no work with the DOI {doi}")
    return parse_work(answer, doi, url)


def parse_work(answer: Any, doi: str, url: str = DEFAULT_API) -> FoundPaper:
    """The paper in Crossref's answer for ``doi``: every part is checked, and what is not
    as Crossref documents it is left out."""
    work = answer.get("message") if isinstance(answer, dict) else None
    if not isinstance(work, dict) or answer.get("message-type", "work") != "work":
        raise SourceError(f"{SERVICE} at {url} sent an answer without a work in it")
    title = _first(work, "title")
    if not title:
        raise SourceError(f"Crossref's record of the DOI {doi} has no title")
    subtitle = _first(work, "subtitle")
    if subtitle and subtitle.casefold() not in title.casefold():
        title = f"{title}{' ' if title[-1] in '?!:.' else ': '}{subtitle}"
    kind = _ENTRY_TYPES.get(str(work.get("type")), "misc")
    venue = _first(work, "container-title") or (
        _text(_get(work, "event", "name")) if kind == "inproceedings" else ""
    )
    found = str(work.get("DOI") or "")
    return FoundPaper(
        title=title,
        authors=tuple(filter(None, map(_author, _list(work.get("author"))))),
        year=_year(work),
        abstract=_text(work.get("abstract")),
        doi=found if parse_id(found) == found else doi,
        venue=venue or None,
        entry_type=kind,
    )


def jats_text(markup: str) -> str:
    """The text of JATS (or HTML) markup, entities decoded, white space made single, and a
    heading that only says "Abstract" left out. Nothing of the markup survives."""
    parser = _TextOf()
    parser.feed(markup)
    parser.close()
    return " ".join("".join(parser.parts).split())


#: JATS elements that end a run of text (``H<sub>2</sub>O`` stays one word; paragraphs do not).
_BLOCKS = frozenset({"p", "title", "sec", "list", "list-item", "break", "br", "label", "caption"})


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._title_at: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        name = tag.rsplit(":", 1)[-1]
        if name in _BLOCKS:
            self.parts.append(" ")
        if name == "title":
            self._title_at = len(self.parts)

    def handle_endtag(self, tag: str) -> None:
        name = tag.rsplit(":", 1)[-1]
        if name == "title" and self._title_at is not None:
            if "".join(self.parts[self._title_at :]).strip().casefold() == "abstract":
                del self.parts[self._title_at :]
            self._title_at = None
        if name in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(value: object) -> str:
    return jats_text(value) if isinstance(value, str) else ""


def _first(work: dict[str, Any], name: str) -> str:
    """The first text of a list field (Crossref gives titles as lists)."""
    values = _list(work.get(name))
    return _text(values[0]) if values else ""


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _get(data: object, *names: str) -> object:
    for name in names:
        data = data.get(name) if isinstance(data, dict) else None
    return data


def _author(person: object) -> str:
    """A person as "Given Family", or an organisation by its name."""
    if not isinstance(person, dict):
        return ""
    parts = [_text(person.get("given")), _text(person.get("family"))]
    return " ".join(filter(None, parts)) or _text(person.get("name"))


def _year(work: dict[str, Any]) -> int | None:
    for name in _DATES:
        parts = _get(work, name, "date-parts")
        first = parts[0] if isinstance(parts, list) and parts else None
        year = first[0] if isinstance(first, list) and first else None
        if isinstance(year, int) and not isinstance(year, bool) and 1000 <= year <= 2999:
            return year
    return None
