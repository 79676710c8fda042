"""Reading a review page: its front matter becomes a catalog record and a card placeholder.

Runs as a transform while each page is read, so it works the same in parallel readers.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinxcontrib.bibtex.citation_target import CitationTarget
from sphinxcontrib.bibtex.roles import CitationRef

from paper_reviews.core.frontmatter import read_source
from paper_reviews.core.model import Paper, check_text
from paper_reviews.core.problems import Check, Problem
from paper_reviews.sphinx.domain import PaperDomain, bib_entries
from paper_reviews.sphinx.nodes import paper_card
from paper_reviews.sphinx.report import warn


def is_review(docname: str, reviews_dir: str) -> bool:
    return docname.startswith(reviews_dir.strip("/") + "/")


class ReviewTransform(SphinxTransform):
    """Validate a review's front matter, record it, and place its card under the heading;
    on any page, report bytes that are not valid in the source encoding."""

    default_priority = 500

    def apply(self, **kwargs: object) -> None:
        docname = self.env.docname
        text, problem = read_source(self.env.doc2path(docname), self.config.source_encoding)
        problems = [problem] if problem else []
        if not is_review(docname, self.config.paper_reviews_dir):
            self._warn(docname, problems)
            return
        paper, found = check_text(text)
        self._warn(docname, problems + found)
        if paper is None:
            return
        cast(PaperDomain, self.env.get_domain("paper")).note_paper(docname, paper)
        self._place_card(docname, paper)

    def _warn(self, docname: str, problems: list[Problem]) -> None:
        for found_problem in problems:
            warn(
                found_problem.check,
                found_problem.message,
                location=(docname, found_problem.line),
            )

    def _place_card(self, docname: str, paper: Paper) -> None:
        card = paper_card(docname=docname, bibkey=paper.bibkey, cite=False)
        if paper.bibkey in bib_entries(self.env):
            self._cite(docname, paper, card)
        else:
            # Read the page again once its entry is added, so the card can cite it.
            for bibfile in self.config.bibtex_bibfiles:
                self.env.note_dependency(str(Path(self.env.srcdir, bibfile)))
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not isinstance(section[0], nodes.title):
            warn(
                Check.HEADING,
                "review has no '#' heading; its card is placed at the top of the page",
                location=(docname, paper.line_of("bibkey")),
            )
            self.document.insert(0, card)
            return
        section.insert(1, card)

    def _cite(self, docname: str, paper: Paper, card: paper_card) -> None:
        """Register the card's author–year citation with sphinxcontrib-bibtex as ``{cite:p}``
        is, so the References page lists the paper and the citation links to it. The
        citation itself is made when the card is (:mod:`.header`), under the id noted here:
        a cross-reference read with the page would be carried through every later step
        of the build that walks the page, for one link."""
        card["cite"] = True
        self.document.set_id(card)
        self.env.get_domain("cite").citation_refs.append(  # type: ignore[attr-defined]
            CitationRef(
                citation_ref_id=card["ids"][0],
                docname=docname,
                line=paper.line_of("bibkey"),
                targets=[CitationTarget(key=paper.bibkey, pre="", post="")],
            )
        )
