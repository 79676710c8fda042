"""The arXiv API: a paper's title, authors, year, abstract and category by its id.

The base URL comes from ``--api-url``, else ``PAPER_REVIEWS_ARXIV_API``, else the public
service. Every failure is an :class:`ArxivError` with a message for people; a request
gives up after :data:`TIMEOUT` seconds.
"""

from __future__ import annotations

import http.client
import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass

DEFAULT_API = "https://export.arxiv.org/api/query"
API_ENV = "PAPER_REVIEWS_ARXIV_API"
#: Seconds a read from the API may wait, and the whole request may take.
TIMEOUT = 10.0
TOTAL_TIME = 15.0
#: The largest answer read (one paper's feed is a few kilobytes).
MAX_ANSWER = 5_000_000
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}

_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z][a-z.\-]*/\d{7}"
_ID = re.compile(rf"^(?:arxiv:)?(?P<id>{_NEW_ID}|{_OLD_ID})(?P<version>v\d+)?$", re.I)
_URL = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(?P<id>{_NEW_ID}|{_OLD_ID})"
    r"(?P<version>v\d+)?(?:\.pdf)?/?$",
    re.I,
)


class ArxivError(Exception):
    """The paper could not be had from the arXiv API; the message says why."""


@dataclass(frozen=True)
class ArxivPaper:
    arxiv_id: str  # without version
    title: str
    authors: tuple[str, ...]
    year: int
    abstract: str
    primary_category: str
    doi: str | None = None


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
    return option or os.environ.get(API_ENV) or DEFAULT_API


def fetch(
    arxiv_id: str,
    base_url: str | None = None,
    timeout: float = TIMEOUT,
    total: float = TOTAL_TIME,
) -> ArxivPaper:
    """Ask the API for one paper: an answer within ``total`` seconds in all (each read within
    ``timeout``) and :data:`MAX_ANSWER` bytes, or an :class:`ArxivError` that says why."""
    base = api_url(base_url)
    url = f"{base}?{urllib.parse.urlencode({'id_list': arxiv_id})}"
    request = urllib.request.Request(url, headers={"User-Agent": "paper-reviews"})
    answer: list[bytes | BaseException] = []

    def ask() -> None:
        try:
            answer.append(_read(request, timeout))
        except BaseException as err:  # handed to the caller's thread
            answer.append(err)

    # A server can send one byte every few seconds, each read within the timeout: the whole
    # request runs aside and is given up after TOTAL_TIME.
    worker = threading.Thread(target=ask, daemon=True)
    worker.start()
    worker.join(total)
    if not answer:
        raise ArxivError(
            f"the arXiv API at {base} did not answer within {total:g} seconds; try again, "
            "or give --title, --author and --year to write the review without it"
        )
    body = answer[0]
    try:
        if isinstance(body, BaseException):
            raise body
    except urllib.error.HTTPError as err:
        raise ArxivError(f"the arXiv API at {base} answered HTTP {err.code} {err.reason}") from None
    except (
        urllib.error.URLError,
        TimeoutError,
        ConnectionError,
        http.client.HTTPException,
        ValueError,  # a redirect to a URL that is not one
    ) as err:
        reason = getattr(err, "reason", err)
        raise ArxivError(
            f"could not reach the arXiv API at {base} ({reason}); check the network, or "
            "give --title, --author and --year to write the review without it"
        ) from None
    assert isinstance(body, bytes)
    return parse_feed(body, arxiv_id)


def _read(request: urllib.request.Request, timeout: float) -> bytes:
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read(MAX_ANSWER + 1)
    if len(body) > MAX_ANSWER:
        raise ArxivError(f"the arXiv API sent more than {MAX_ANSWER // 1_000_000} MB")
    return bytes(body)


def _element_text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def parse_feed(body: bytes, arxiv_id: str) -> ArxivPaper:
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
        return ArxivPaper(
            arxiv_id=arxiv_id,
            title=title,
            authors=tuple(
                _element_text(a.find("atom:name", NS)) for a in entry.findall("atom:author", NS)
            ),
            year=int(published[:4]) if published[:4].isdigit() else (year_of_id(arxiv_id) or 0),
            abstract=(summary.text or "").strip() if summary is not None else "",
            primary_category=category.get("term", "") if category is not None else "",
            doi=_element_text(entry.find("arxiv:doi", NS)) or None,
        )
    raise ArxivError(f"arXiv has no paper with the id {arxiv_id}")
