"""The catalog as data: ``papers.json`` beside the site and ``paper-reviews list --format
json`` write the same records.

No Sphinx imports.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from paper_reviews.core.model import PaperView


def paper_record(
    paper: PaperView, url: str | None = None, cited_in: Sequence[PaperView] = ()
) -> dict[str, Any]:
    """One paper as JSON-ready data; ``cited_in`` the reviews that cite it
    (:mod:`.backlinks`), given by their bibkeys."""
    record: dict[str, Any] = {
        "bibkey": paper.bibkey,
        "title": paper.title,
        "venue": paper.venue,
        "year": paper.year,
        "publication": paper.publication,
        "rating": paper.rating,
        "tags": list(paper.tags),
        "summary": paper.summary,
        "source": paper.source,
        "date": paper.date,
        "arxiv": paper.arxiv_id,
        "page": paper.docname,
        "draft": paper.draft,
        "cited_in": [citer.bibkey for citer in cited_in],
    }
    if url is not None:
        record["url"] = url
    return record


def catalog_json(records: list[dict[str, Any]]) -> str:
    """``{"papers": [...]}``, one paper per line. Each line is dumped by json's C encoder;
    an indented dump goes through its Python one (a quarter of a second at 10,000 reviews,
    on every build)."""
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    return '{"papers": [\n' + ",\n".join(lines) + "\n]}\n"
