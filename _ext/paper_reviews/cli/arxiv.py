"""The arXiv API: a paper's title, authors, year, abstract and category by its id.

The base URL comes from ``--api-url``, else ``PAPER_REVIEWS_ARXIV_API``, else the public
service. Every failure is an :class:`ArxivError` (a :class:`.http.SourceError`) with a
message for people; a request gives up after :data:`.http.TIMEOUT` seconds.
"""

from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ET

from paper_reviews.cli import doi, http
from paper_reviews.cli.found import FoundPaper
from paper_reviews.cli.http import SourceError

DEFAULT_API = "https://export.arxiv.org/api/query"
API_ENV = "PAPER_REVIEWS_ARXIV_API"
SERVICE = "the arXiv API"
TIMEOUT = http.TIMEOUT
TOTAL_TIME = http.TOTAL_TIME
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}

_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z.\-]*/\d{7}"
_ID = re.compile(rf"^(?:arxiv:)?(?P<id>{_NEW_ID}|{_OLD_ID})(?P<version>v\d+)?$", re.I)
_URL = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(?P<id>{_NEW_ID}|{_OLD_ID})"
    r"(?P<version>v\d+)?(?:\.pdf)?/?$",
    re.I,
)

#: The errors of this client are those every client raises.
ArxivError = SourceError
#: What the arXiv API says about a paper is what any service says.
ArxivPaper = FoundPaper


def parse_id(text: str) -> str:
    """An arXiv id (without version) from an id, ``arXiv:`` id, or abs/pdf URL."""
    text = text.strip()
    match = _ID.match(text) or _URL.match(text)
    if not match:
        raise ArxivError(
            f"{text!r} is not an arXiv id or URL (like 1502.03167 or "
            "https://arxiv.org/abs/1502.03167)"
        )
    return match.group("id")


def year_of_id(arxiv_id: str) -> int | None:
    """The year an arXiv id was issued: 1502.03167 -> 2015, hep-th/9901001 -> 1999."""
    match = re.match(r"^(\d{2})\d{2}\.", arxiv_id) or re.search(r"/(\d{2})\d{5}$", arxiv_id)
    if not match:
        return None
    yy = int(match.group(1))
    return 1900 + yy if yy >= 91 else 2000 + yy


def api_url(option: str | None = None) -> str:
    return http.base_url(option, API_ENV, DEFAULT_API)


def fetch(
    arxiv_id: str,
    base_url: str | None = None,
    timeout: float = TIMEOUT,
    total: float = TOTAL_TIME,
) -> FoundPaper:
    """Ask the API for one paper (within the limits of :func:`.http.get`), or an
    :class:`ArxivError` that says why not."""
    url = f"{api_url(base_url)}?{urllib.parse.urlencode({'id_list': arxiv_id})}"
    body = http.get(url, SERVICE, accept="application/atom+xml", timeout=timeout, total=total)
    return parse_feed(body, arxiv_id)


def _element_text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def parse_feed(body: bytes, arxiv_id: str) -> FoundPaper:
    """The paper ``arxiv_id`` in an API response (an Atom feed)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as err:
        raise ArxivError(f"the arXiv API sent a response that is not XML ({err})") from None
    for entry in root.findall("atom:entry", NS):
        entry_id = _element_text(entry.find("atom:id", NS))
        title = _element_text(entry.find("atom:title", NS))
        if not entry_id or not title:
            continue  # the API answers unknown ids with empty entry stubs
        found = entry_id.rsplit("/abs/", 1)[-1]
        if re.sub(r"v\d+$", "", found) != arxiv_id:
            continue
        published = _element_text(entry.find("atom:published", NS))
        category = entry.find("arxiv:primary_category", NS)
        summary = entry.find("atom:summary", NS)
        return FoundPaper(
            arxiv_id=arxiv_id,
            title=title,
            authors=tuple(
                _element_text(a.find("atom:name", NS)) for a in entry.findall("atom:author", NS)
            ),
            year=int(published[:4]) if published[:4].isdigit() else year_of_id(arxiv_id),
            abstract=(summary.text or "").strip() if summary is not None else "",
            primary_category=category.get("term", "") if category is not None else "",
            doi=doi.find(_element_text(entry.find("arxiv:doi", NS))),
            journal_ref=_element_text(entry.find("arxiv:journal_ref", NS)) or None,
        )
    raise ArxivError(f"arXiv has no paper with the id {arxiv_id}")
