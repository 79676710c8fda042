"""The catalog across review pages: completing each record from the bibliography and the
checks that need more than one page (a bibkey used twice, a bibkey not in ``refs.bib``).

No Sphinx imports: the build's domain and the ``paper-reviews`` command both call
:func:`complete`, so they report the same problems and show the same values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from paper_reviews.core.bibinfo import EntryFacts
from paper_reviews.core.model import Paper, PaperView, view
from paper_reviews.core.problems import Check, Problem
from paper_reviews.core.venues import DEFAULT as DEFAULT_VENUES
from paper_reviews.core.venues import Venues


@dataclass(frozen=True)
class PageProblem:
    """A problem on one page (``docname``), as the catalog finds it."""

    docname: str
    problem: Problem


def complete(
    papers: Mapping[str, Paper],
    facts_of: Callable[[str], EntryFacts | None],
    title_of: Callable[[str], str],
    path_of: Callable[[str], str],
    bibfiles: str = "refs.bib",
    venues: Venues = DEFAULT_VENUES,
) -> tuple[dict[str, PaperView], list[PageProblem]]:
    """Every review by bibkey (lower case), in file-name order, and the cross-page problems.

    ``facts_of(bibkey)`` gives what the entry says (:mod:`.bibinfo`; None if absent);
    ``title_of(docname)`` the page's heading; ``path_of(docname)`` its file, for messages.
    The first page by file name keeps a bibkey that two pages use.
    """
    views: dict[str, PaperView] = {}
    owners: dict[str, str] = {}
    problems: list[PageProblem] = []
    for docname in sorted(papers):
        paper = papers[docname]
        key = paper.bibkey.lower()
        line = paper.line_of("bibkey")
        if key in owners:
            first = owners[key]
            message = (
                f"bibkey '{paper.bibkey}' is also used by {path_of(first)}:"
                f"{papers[first].line_of('bibkey')}; the overview keeps that page ({first})"
            )
            problems.append(PageProblem(docname, Problem(Check.DUPLICATE, message, line)))
            continue
        facts = facts_of(paper.bibkey)
        if facts is None:
            message = f"bibkey '{paper.bibkey}' is not in the bibliography ({bibfiles})"
            problems.append(PageProblem(docname, Problem(Check.BIBKEY, message, line)))
        owners[key] = docname
        views[key] = view(docname, paper, facts, title_of(docname), venues)
    return views, problems
