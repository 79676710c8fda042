"""Backlinks: for each reviewed paper, the reviews that cite it (``{cite}``) or link to its
review (``{paper}``).

No Sphinx imports: the build's domain and the ``paper-reviews`` command both call
:func:`cited_in`, so the card, ``papers.json`` and ``paper-reviews list`` agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from paper_reviews.core.model import PaperView


def cited_in(
    citing: Mapping[str, Iterable[str]], views: Mapping[str, PaperView]
) -> dict[str, tuple[str, ...]]:
    """For each bibkey (lower case) that some review cites, the bibkeys (lower case) of the
    reviews citing it, in catalog order, each once.

    ``citing`` gives each page's cited and linked bibkeys (any case); only review pages in
    the catalog count, and a review naming its own paper is not a backlink. One pass over
    the reviews and their citations."""
    found: dict[str, dict[str, None]] = {}
    for key, review in views.items():
        for cited in citing.get(review.docname, ()):
            target = cited.lower()
            if target != key:
                found.setdefault(target, {})[key] = None
    return {target: tuple(citers) for target, citers in found.items()}
