"""OpenReview's API: a submission's title, authors, abstract, venue and year by its id.

OpenReview has two APIs: v2 (``api2.openreview.net``, venues from 2023 on) wraps every
content value as ``{"value": …}``; v1 (``api.openreview.net``, the venues before) holds
them bare. A note is asked of v2 first and of v1 when v2 has no such note. The base URLs
come from ``--openreview-api`` / ``PAPER_REVIEWS_OPENREVIEW_API`` and
``--openreview-api-v1`` / ``PAPER_REVIEWS_OPENREVIEW_API_V1``, else the public services.

A note whose venue says it was accepted ("ICLR 2021 Poster") is a conference paper (or a
journal article, as its own BibTeX says); one submitted, withdrawn or rejected is ``misc``,
with its forum as URL.

No Sphinx imports.
"""

from __future__ import annotations

import re
import urllib.parse
from datetime import UTC, datetime
from typing import Any

from paper_reviews.cli import http
from paper_reviews.cli.found import EntryType, FoundPaper
from paper_reviews.cli.http import NotFound, SourceError
from paper_reviews.core.latextext import latex_to_text

DEFAULT_API = "https://api2.openreview.net/notes"
API_ENV = "PAPER_REVIEWS_OPENREVIEW_API"
DEFAULT_API_V1 = "https://api.openreview.net/notes"
API_V1_ENV = "PAPER_REVIEWS_OPENREVIEW_API_V1"
SERVICE = "the OpenReview API"
SERVICE_V1 = "the OpenReview API (v1)"
FORUM = "https://openreview.net/forum?id="

_ID = re.compile(r"[A-Za-z0-9_\-]{4,40}")
_HOSTS = frozenset({"openreview.net", "www.openreview.net"})
#: Words of a venue that say the paper was not accepted there: "Submitted to ICLR 2026",
#: "ICLR 2024 Conference Withdrawn Submission", "ICLR 2026 Conference Desk Rejected
#: Submission". Whole words: "Review of Symbolic Logic" is a journal.
_NOT_ACCEPTED = re.compile(r"\b(?:submitted|withdrawn|rejected|under review)\b", re.I)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_BIB_VENUE = re.compile(r"\b(booktitle|journal)\s*=\s*\{([^{}]*)\}", re.I)
#: Where a note's year may be, in milliseconds since 1970: published, created, first posted.
_DATES = ("pdate", "cdate", "tcdate")


def parse_id(text: str) -> str | None:
    """The note id of ``openreview:ID`` or an openreview.net forum or PDF link
    (``https://openreview.net/forum?id=ID``, ``…/pdf?id=ID``); None for anything else."""
    text = text.strip()
    if text.lower().startswith("openreview:"):
        value = text.split(":", 1)[1]
        return value if _ID.fullmatch(value) else None
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or parts.netloc.lower() not in _HOSTS:
        return None
    if parts.path.rstrip("/") not in ("/forum", "/pdf"):
        return None
    ids = urllib.parse.parse_qs(parts.query).get("id", [])
    return ids[0] if len(ids) == 1 and _ID.fullmatch(ids[0]) else None


def forum_url(note_id: str) -> str:
    return FORUM + note_id


def api_urls(option: str | None = None, option_v1: str | None = None) -> tuple[str, str]:
    return (
        http.base_url(option, API_ENV, DEFAULT_API),
        http.base_url(option_v1, API_V1_ENV, DEFAULT_API_V1),
    )


def fetch(note_id: str, base_url: str | None = None, base_url_v1: str | None = None) -> FoundPaper:
    """Ask OpenReview for the note ``note_id``: API v2 first, v1 if v2 has no such note (each
    within the limits of :func:`.http.get`), or a :class:`.http.SourceError` that says why
    not (:class:`.http.NotFound` if neither has it)."""
    asked = []
    for base, service in zip(api_urls(base_url, base_url_v1), (SERVICE, SERVICE_V1), strict=True):
        url = f"{base}?{urllib.parse.urlencode({'id': note_id})}"
        asked.append(url)
        try:
            return parse_note(_note(http.get_json(url, service), note_id, url, service), note_id)
        except NotFound:
            continue
    raise NotFound(f"OpenReview has no note with the id {note_id} (asked {' and '.join(asked)})")


def _note(answer: Any, note_id: str, url: str, service: str) -> dict[str, Any]:
    """The note ``note_id`` in an answer ``{"notes": [...]}``."""
    notes = answer.get("notes") if isinstance(answer, dict) else None
    if not isinstance(notes, list):
        raise SourceError(f"{service} at {url} sent an answer without notes in it")
    for note in notes:
        if isinstance(note, dict) and note.get("id") == note_id:
            return note
    raise NotFound(f"no note {note_id} at {url}")


def parse_note(note: dict[str, Any], note_id: str) -> FoundPaper:
    """The paper a submission note describes, from either API's shape."""
    content = note.get("content")
    content = content if isinstance(content, dict) else {}
    title = _text(content, "title")
    if not title:
        raise SourceError(f"the OpenReview note {note_id} has no title (is it a review?)")
    venue, venueid = _text(content, "venue"), _text(content, "venueid")
    forum = note.get("forum")
    forum = forum if isinstance(forum, str) and _ID.fullmatch(forum) else note_id
    bibtex = _text(content, "_bibtex")
    kind: EntryType = "misc"
    if accepted(venue, venueid):
        kind = "article" if re.match(r"\s*@article\b", bibtex, re.I) else "inproceedings"
    authors = _value(content, "authors")
    return FoundPaper(
        title=title,
        authors=tuple(" ".join(a.split()) for a in authors if isinstance(a, str) and a.strip())
        if isinstance(authors, list)
        else (),
        year=_year(venue, note),
        abstract=_text(content, "abstract"),
        venue=venue_name(venue, bibtex) if kind != "misc" else None,
        url=forum_url(forum),
        openreview_id=forum,
        entry_type=kind,
    )


def accepted(venue: str, venueid: str = "") -> bool:
    """Whether a note's venue says it was accepted there ("ICLR 2021 Poster", not
    "Submitted to ICLR 2026" nor a venue id ending ``/Withdrawn_Submission``)."""
    if not venue or _NOT_ACCEPTED.search(venue):
        return False
    return not re.search(r"(?:^|[/_])Submission$", venueid)


def venue_name(venue: str, bibtex: str = "") -> str:
    """The venue's name for refs.bib: the booktitle (or journal) of the note's own BibTeX
    ("International Conference on Learning Representations"), else the venue before its year
    ("ICLR" of "ICLR 2021 Poster")."""
    found = _BIB_VENUE.search(bibtex)
    name = " ".join(latex_to_text(found.group(2)).split()) if found else ""
    if name:
        return name
    return " ".join(_YEAR.split(venue, 1)[0].split()) or venue


def _value(content: dict[str, Any], name: str) -> object:
    """A content field in either API's shape: v2's ``{"value": …}`` or v1's bare value."""
    value = content.get(name)
    return value.get("value") if isinstance(value, dict) else value


def _text(content: dict[str, Any], name: str) -> str:
    value = _value(content, name)
    return " ".join(value.split()) if isinstance(value, str) else ""


def _year(venue: str, note: dict[str, Any]) -> int | None:
    """The year of the venue ("ICLR 2021 Poster"), else of the note's dates."""
    found = _YEAR.search(venue)
    if found:
        return int(found.group(1))
    for name in _DATES:
        stamp = note.get(name)
        if isinstance(stamp, int) and not isinstance(stamp, bool) and 0 < stamp < 10**14:
            return datetime.fromtimestamp(stamp / 1000, tz=UTC).year
    return None
