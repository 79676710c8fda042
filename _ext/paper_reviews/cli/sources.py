"""Where a paper's record comes from, and how it goes into refs.bib.

A paper is named by an arXiv id or URL, a DOI or DOI URL, or an OpenReview link
(:func:`identify`, or :func:`identifiers_of` for an entry of refs.bib); the service that
knows it answers with a :class:`FoundPaper` (:func:`fetch`, :func:`lookup`):

========== ============================== ====================================
kind       service                        read by
========== ============================== ====================================
arxiv      the arXiv API                  :mod:`.arxiv`
doi        Crossref's REST API            :mod:`.doi`
openreview OpenReview's API (v2, then v1) :mod:`.openreview`
========== ============================== ====================================

:func:`entry_fields` says how refs.bib holds what was found.

No Sphinx imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from paper_reviews.cli import arxiv, doi, openreview
from paper_reviews.cli.found import FoundPaper
from paper_reviews.cli.http import NotFound, SourceError
from paper_reviews.core import bibinfo

__all__ = [
    "ApiUrls",
    "FoundPaper",
    "Identifier",
    "Kind",
    "NotFound",
    "SourceError",
    "entry_fields",
    "fetch",
    "given",
    "identifiers_of",
    "identify",
    "lookup",
]

Kind = Literal["arxiv", "doi", "openreview"]

#: The forms a paper may be named in, for messages.
FORMS = (
    "an arXiv id or URL (1502.03167, https://arxiv.org/abs/1502.03167), a DOI "
    "(10.1038/nature14539, https://doi.org/10.1038/nature14539) or an OpenReview link "
    "(https://openreview.net/forum?id=d-XzF81Wg1)"
)
#: arXiv's own DOIs (10.48550/arXiv.ID) are DataCite's, not Crossref's: asked of arXiv.
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(?P<id>.+)", re.I)


class Identifier(NamedTuple):
    """A paper's identifier at one service: ``("doi", "10.1038/nature14539")``."""

    kind: Kind
    value: str


@dataclass(frozen=True)
class ApiUrls:
    """The services' base URLs as given on the command line; None for the environment
    variable, else the public service."""

    arxiv: str | None = None
    crossref: str | None = None
    openreview: str | None = None
    openreview_v1: str | None = None


def identify(text: str) -> Identifier:
    """What ``text`` names: an arXiv id or abs/pdf URL, a DOI (``10.…``, ``doi:10.…``, a
    doi.org URL) or an OpenReview forum/PDF link (or ``openreview:ID``)."""
    found_doi = doi.parse_id(text)
    if found_doi:
        arxiv_doi = _ARXIV_DOI.fullmatch(found_doi)
        if not arxiv_doi:
            return Identifier("doi", found_doi)
        text = arxiv_doi.group("id")
    note = openreview.parse_id(text)
    if note:
        return Identifier("openreview", note)
    try:
        return Identifier("arxiv", arxiv.parse_id(text))
    except SourceError:
        raise SourceError(
            f"{text.strip()!r} is not an arXiv id or URL, a DOI or an OpenReview link; give {FORMS}"
        ) from None


def identifiers_of(fields: Mapping[str, str]) -> list[Identifier]:
    """The identifiers a refs.bib entry (its raw fields) gives its paper, in any of the
    forms the site reads: its DOI first (the published record), then its OpenReview forum,
    then its arXiv id."""
    facts = bibinfo.read(fields)
    note = openreview.parse_id(facts.url) if facts.url else None
    found: list[Identifier] = []
    if facts.doi and doi.parse_id(facts.doi):
        found.append(Identifier("doi", facts.doi))
    if note:
        found.append(Identifier("openreview", note))
    if facts.arxiv_id:
        found.append(Identifier("arxiv", facts.arxiv_id))
    return found


def fetch(kind: Kind, value: str, urls: ApiUrls | None = None) -> FoundPaper:
    """Ask the service that knows ``value`` (a :class:`.http.SourceError` says why not)."""
    urls = urls or ApiUrls()
    if kind == "arxiv":
        return arxiv.fetch(value, urls.arxiv)
    if kind == "doi":
        return doi.fetch(value, urls.crossref)
    return openreview.fetch(value, urls.openreview, urls.openreview_v1)


def lookup(identifiers: Iterable[Identifier], urls: ApiUrls | None = None) -> FoundPaper:
    """The record of the first identifier a service knows: one a service has no paper for
    (:class:`NotFound`) passes to the next; any other failure is raised."""
    missing: NotFound | None = None
    for kind, value in identifiers:
        try:
            return fetch(kind, value, urls)
        except NotFound as err:
            missing = err
    if missing:
        raise missing
    raise SourceError("there is no arXiv id, DOI or OpenReview link to look the paper up by")


def given(identifier: Identifier, title: str, authors: Sequence[str], year: int) -> FoundPaper:
    """A paper as the command line describes it (``--title``, ``--author``, ``--year``),
    without asking any service."""
    kind, value = identifier
    return FoundPaper(
        title=title,
        authors=tuple(authors),
        year=year,
        arxiv_id=value if kind == "arxiv" else None,
        doi=value if kind == "doi" else None,
        openreview_id=value if kind == "openreview" else None,
        url=openreview.forum_url(value) if kind == "openreview" else None,
    )


def entry_fields(paper: FoundPaper) -> tuple[str, list[tuple[str, str]]]:
    """The entry type and fields (plain values, for :func:`.bibfile.format_entry`) that hold
    ``paper`` in refs.bib: ``@article`` with its journal, ``@inproceedings`` with its
    booktitle, else ``@misc``; then its arXiv id, DOI and URL."""
    entry_type = paper.entry_type if paper.venue else "misc"
    fields = [("title", paper.title)]
    if paper.venue:
        fields.append(("booktitle" if entry_type == "inproceedings" else "journal", paper.venue))
    if paper.year is not None:
        fields.append(("year", str(paper.year)))
    if paper.arxiv_id:
        fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv")]
        if paper.primary_category:
            fields.append(("primaryClass", paper.primary_category))
    if paper.doi:
        fields.append(("doi", paper.doi))
    if paper.url:
        fields.append(("url", paper.url))
    return entry_type, fields
