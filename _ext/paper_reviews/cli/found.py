"""What a service (or the command line) says about one paper: the record the API clients
(:mod:`.arxiv`, :mod:`.doi`, :mod:`.openreview`) make, and :mod:`.importer` and
:mod:`.fetch` write into refs.bib.

No Sphinx imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EntryType = Literal["article", "inproceedings", "misc"]


@dataclass(frozen=True)
class FoundPaper:
    """What a service (or the command line) says about one paper. Every text is plain text
    from outside: escaped wherever it is written."""

    title: str
    authors: tuple[str, ...]
    year: int | None
    abstract: str = ""
    arxiv_id: str | None = None  # without version
    primary_category: str = ""
    doi: str | None = None
    #: The journal or proceedings (Crossref's container title, OpenReview's venue name).
    venue: str | None = None
    #: Where arXiv says the paper was published, as its authors wrote it ("Indiana Univ.
    #: Math. J. 73 (2024), 1115-1145"): free text, not a venue's name.
    journal_ref: str | None = None
    #: The paper's page when no identifier links to it (an OpenReview forum).
    url: str | None = None
    openreview_id: str | None = None
    #: How refs.bib holds it: a journal article, a conference paper, or anything else.
    entry_type: EntryType = "misc"

    @property
    def label(self) -> str:
        """The paper's identifier as people write it: arXiv:…, doi:…, OpenReview …."""
        if self.arxiv_id:
            return f"arXiv:{self.arxiv_id}"
        if self.doi:
            return f"doi:{self.doi}"
        if self.openreview_id:
            return f"OpenReview {self.openreview_id}"
        return repr(self.title)
