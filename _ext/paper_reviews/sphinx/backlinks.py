"""Under each entry of a References list, the reviews that cite it (:mod:`.core.backlinks`).

The card shows the same for its own paper (:func:`.parts.card_lines`); which pages are
written again when a citation moves is decided with the catalog (``PaperDomain``).
"""

from __future__ import annotations

from typing import Any, cast

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from paper_reviews.sphinx.domain import PaperDomain
from paper_reviews.sphinx.parts import cited_in_line, line_html, line_node, linker


class CitersTransform(SphinxPostTransform):
    """Add "Cited in …" to each entry of the page's References lists, after
    sphinxcontrib-bibtex has made the entries (priority 5) and before references resolve
    (10), so that its links resolve as any other. For HTML builders, each line is its HTML
    (:func:`.parts.line_html`, links made as Sphinx would), one raw node that no later step
    walks and that the search index leaves out: the titles are the citing reviews', not
    the References page's words."""

    default_priority = 6

    def run(self, **kwargs: Any) -> None:
        cite = self.env.get_domain("cite")
        # A PDF (and a single HTML page) is one document, assembled from every page.
        builder = self.env._builder_cls
        everywhere = builder.format == "latex" or builder.name == "singlehtml"
        here = self.env.docname
        if not everywhere and not any(
            key.docname == here
            for key in cite.bibliographies  # type: ignore[attr-defined]
        ):
            return  # no References list on this page (most pages): nothing to walk
        keys = {
            c.citation_id: c.key
            for c in cite.citations  # type: ignore[attr-defined]
            if everywhere or c.bibliography_key.docname == here
        }
        domain = cast(PaperDomain, self.env.get_domain("paper"))
        drafts = domain.drafts_shown()
        link = linker(self.env._app.builder, here) if builder.format == "html" else None
        for citation in list(self.document.findall(nodes.citation)):
            key = next((keys[i] for i in citation["ids"] if i in keys), None)
            citers = domain.citers_of(key, drafts) if key else []
            if not citers:
                continue
            line = cited_in_line(citers)
            if link is None:
                citation += line_node(line, domain.tag_reference)
            else:
                html = str(line_html(line, link, domain.tag_target))
                citation += nodes.raw("", html, format="html", classes=["no-search"])
