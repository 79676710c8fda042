"""What a bibliography entry says about its paper: title, venue, year, arXiv id, DOI, URL.

Real ``.bib`` files say the same thing in many ways. Google Scholar writes an arXiv paper as
``journal = {arXiv preprint arXiv:1607.06450}``, DBLP as ``journal = {CoRR}, volume =
{abs/1503.02531}``, Zotero as ``url = {http://arxiv.org/abs/…}`` with ``doi =
{10.48550/arXiv.…}``, biblatex as ``eprint`` with ``eprinttype = {arxiv}``, arXiv itself as
``eprint`` with ``archivePrefix = {arXiv}``. :func:`read` reads them all, from the entry's
raw fields (LaTeX as written, keys in any case), into one :class:`EntryFacts`. The overview,
the card, ``papers.json``, ``paper-reviews list`` and the References page all use it.

Identifiers and URLs are read as written, not as LaTeX text: ``~`` in a URL is a tilde, not
a non-breaking space, and ``\\_`` is an underscore. A URL is only ever an http(s) URL.

No Sphinx imports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from paper_reviews.core.latextext import latex_to_text

ARXIV_ABS = "https://arxiv.org/abs/"
ARXIV_PDF = "https://arxiv.org/pdf/"
DOI_URL = "https://doi.org/"

#: arXiv identifiers: 1607.06450 (from 2007), hep-th/9901001 and math.GT/0309136 (before).
_NEW_ID = r"(?:0[7-9]|[1-9]\d)(?:0[1-9]|1[0-2])\.\d{4,5}"
_OLD_ID = r"[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{7}"
_ID = rf"(?P<id>{_NEW_ID}|{_OLD_ID})(?:v\d+)?"
_EXACT_ID = re.compile(rf"^(?:arxiv:)?{_ID}$", re.I)
#: An id in free text that mentions arXiv or CoRR: "arXiv preprint arXiv:1607.06450",
#: "arXiv:1611.07800 [cs.LG]", "CoRR abs/1503.02531", "ArXiv e-prints, 1706.03762".
_MENTION = re.compile(r"arxiv|\bcorr\b", re.I)
_ID_IN_TEXT = re.compile(rf"(?<![\w.])(?:arxiv:|abs/)?{_ID}(?![\w])", re.I)
_ARXIV_URL = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/{_ID}(?:\.pdf)?/?(?:[?#].*)?$",
    re.I,
)
_ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.{_ID}$", re.I)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_URL_COMMAND = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}")
#: What BibTeX files escape in identifiers and URLs (``\_``, ``\%``, ``\&``, ``\#``, ``\~``).
_ESCAPED = re.compile(r"\\([_%&#~$])")
#: Fields whose text may name the paper's arXiv id when nothing else does.
_TEXT_FIELDS = ("journal", "journaltitle", "note", "howpublished", "booktitle", "volume")


@dataclass(frozen=True)
class EntryFacts:
    """One entry's facts about its paper, each None when the entry does not say."""

    title: str | None = None
    #: The venue as written (booktitle, else journal), as plain text.
    venue: str | None = None
    year: int | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    url: str | None = None

    @property
    def source(self) -> str | None:
        """The paper's one link: its arXiv abstract, else its DOI, else its URL."""
        return abs_url(self.arxiv_id) or doi_url(self.doi) or self.url

    @property
    def preprint(self) -> bool:
        """Whether the venue is arXiv itself (``journal = {arXiv preprint …}``, ``CoRR``)."""
        return bool(self.venue) and is_arxiv_venue(self.venue or "")


def abs_url(arxiv_id: str | None) -> str | None:
    return f"{ARXIV_ABS}{arxiv_id}" if arxiv_id else None


def pdf_url(arxiv_id: str | None) -> str | None:
    return f"{ARXIV_PDF}{arxiv_id}" if arxiv_id else None


def doi_url(doi: str | None) -> str | None:
    return f"{DOI_URL}{doi}" if doi else None


def read(fields: Mapping[str, str]) -> EntryFacts:
    """The facts in an entry's raw BibTeX fields (LaTeX as written; keys in any case)."""
    raw = {name.lower(): value for name, value in fields.items()}
    title = _field_text(raw.get("title"))
    venue = _field_text(raw.get("booktitle")) or _field_text(
        raw.get("journal") or raw.get("journaltitle")
    )
    arxiv_id = arxiv_id_of(raw)
    doi = doi_of(raw)
    if doi and _ARXIV_DOI.match(doi):
        doi = None  # arXiv's own DOI: the abstract and the PDF say more
    return EntryFacts(
        title=title,
        venue=venue,
        year=year_of(raw) or year_of_id(arxiv_id),
        arxiv_id=arxiv_id,
        doi=doi,
        url=url_of(raw),
    )


def _valid(arxiv_id: str) -> bool:
    """A new-style id has four digits after its month until 2014 and five from 2015."""
    head, _, tail = arxiv_id.partition(".")
    if "/" in arxiv_id or not tail:
        return True
    return len(tail) == (5 if int(head) >= 1501 else 4)


def arxiv_id_of(raw: Mapping[str, str]) -> str | None:
    """The paper's arXiv id (without version) from any field that gives it."""
    eprint = raw_text(raw.get("eprint", ""))
    kind = raw_text(raw.get("archiveprefix") or raw.get("eprinttype") or "").lower()
    if eprint and kind in ("", "arxiv"):
        found = _EXACT_ID.match(eprint)
        if found:
            return found.group("id")
    for name in ("url", "doi"):
        value = clean_url(raw.get(name, ""))
        found = _ARXIV_URL.match(value) or _ARXIV_DOI.match(value.removeprefix(DOI_URL))
        if found:
            return found.group("id")
    for name in ("howpublished", "note"):
        for url in _URL_COMMAND.findall(raw.get(name, "")):
            found = _ARXIV_URL.match(clean_url(url))
            if found:
                return found.group("id")
    text = " ".join(raw_text(raw[name]) for name in _TEXT_FIELDS if raw.get(name))
    if _MENTION.search(text):
        for found in _ID_IN_TEXT.finditer(text):
            if _valid(found.group("id")):
                return found.group("id")
    return None


def arxiv_id_from_url(url: str | None) -> str | None:
    """The arXiv id of an arxiv.org abs/pdf URL."""
    found = _ARXIV_URL.match(url.strip()) if url else None
    return found.group("id") if found else None


def doi_of(raw: Mapping[str, str]) -> str | None:
    """The DOI, without ``https://doi.org/`` or ``doi:`` before it."""
    value = clean_url(raw.get("doi", ""))
    found = _DOI.search(unquote(value)) if value else None
    return found.group().rstrip(".,;") if found else None


def url_of(raw: Mapping[str, str]) -> str | None:
    """The entry's http(s) URL: ``url``, else a ``\\url{…}`` in ``howpublished`` or ``note``."""
    candidates = [raw.get("url", "")]
    for name in ("howpublished", "note"):
        candidates += _URL_COMMAND.findall(raw.get(name, ""))
    for candidate in candidates:
        url = clean_url(candidate)
        if is_http_url(url):
            return url
    return None


def clean_url(value: str) -> str:
    """A URL or identifier as written in BibTeX: ``\\url{}`` and braces removed, ``\\_`` and
    the like unescaped; ``~`` stays a tilde."""
    value = value.strip()
    wrapped = _URL_COMMAND.fullmatch(value)
    if wrapped:
        value = wrapped.group(1)
    value = _ESCAPED.sub(r"\1", value).replace("{", "").replace("}", "")
    return value.strip()


def is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return (
        parts.scheme.lower() in ("http", "https")
        and bool(parts.netloc)
        and not re.search(r"\s", value)
    )


def year_of(raw: Mapping[str, str]) -> int | None:
    """The four-digit year of ``year``, else of biblatex's ``date`` (``2020-05-12``)."""
    for name in ("year", "date"):
        found = re.search(r"(?<!\d)(\d{4})(?!\d)", raw.get(name, ""))
        if found:
            return int(found.group(1))
    return None


def year_of_id(arxiv_id: str | None) -> int | None:
    """The year an arXiv id was given: 1607.06450 → 2016, hep-th/9901001 → 1999."""
    if not arxiv_id:
        return None
    digits = arxiv_id.rsplit("/", 1)[-1][:2]
    if not digits.isdigit():
        return None
    two = int(digits)
    return (1900 if two >= 91 else 2000) + two


def is_arxiv_venue(venue: str) -> bool:
    """``arXiv preprint arXiv:…``, ``ArXiv``, ``arXiv e-prints``, ``CoRR``: not a venue."""
    words = re.sub(r"[^a-z]+", " ", venue.casefold()).split()
    return bool(words) and (
        words[0] == "arxiv" or words == ["corr"] or words[:2] == ["corr", "abs"]
    )


def raw_text(value: str) -> str:
    """A field's text with braces removed, for reading identifiers out of it."""
    return " ".join(value.replace("{", "").replace("}", "").split())


def _field_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(latex_to_text(value).split())
    return text or None
