"""The card under each review's heading: summary, venue and year, rating, tags, links,
citation and BibTeX, built from the catalog when the page is written."""

from __future__ import annotations

from typing import Any, cast

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .citations import entry_bibtex
from .domain import PaperDomain, bib_entries
from .model import PaperView, stars
from .nodes import paper_card, paper_details, plain_block

SEPARATOR = " · "


class CardTransform(SphinxPostTransform):
    """Replace each ``paper_card`` placeholder with the card, before references resolve, so
    its tag links resolve as any reference does. For HTML builders, only drop what the card
    will not show (so that it is not resolved) and leave the rest to
    :class:`HTMLCardTransform`."""

    default_priority = 5

    def tag(self, domain: PaperDomain, tag: str) -> nodes.Node:
        return domain.tag_reference(tag)

    def builds_here(self) -> bool:
        """Whether this transform builds the cards (else :class:`HTMLCardTransform` does)."""
        return self.env._builder_cls.format != "html"

    def run(self, **kwargs: Any) -> None:
        domain = cast(PaperDomain, self.env.get_domain("paper"))
        now = self.builds_here()
        for placeholder in list(self.document.findall(paper_card)):
            paper = domain.view_for(placeholder["docname"])
            if paper is None:
                placeholder.parent.remove(placeholder)
                continue
            if placeholder.children and not domain.is_listed(paper.bibkey):
                placeholder.clear()  # no References list has it: the card cites nothing
            if now:
                self.replace(placeholder, paper, domain)

    def replace(self, placeholder: paper_card, paper: PaperView, domain: PaperDomain) -> None:
        citation = placeholder.children[0] if placeholder.children else None
        placeholder.replace_self(self.card(paper, citation, domain))

    def card(
        self, paper: PaperView, citation: nodes.Node | None, domain: PaperDomain
    ) -> nodes.Element:
        card = nodes.container(classes=["paper-card"])
        # In a PDF the card is framed like a topic box; HTML styles it with CSS.
        card += nodes.raw("", r"\begin{sphinxShadowBox}", format="latex")
        card += nodes.paragraph(paper.summary, paper.summary, classes=["paper-summary"])
        card += joined(self.meta(paper), classes=["paper-meta"])
        card += joined(
            [self.tag(domain, tag) for tag in paper.tags], classes=["paper-tags"], separator=" "
        )
        links = self.links(paper)
        if links:
            card += joined(links, classes=["paper-links"])
        if citation is not None:
            cite = nodes.paragraph(classes=["paper-cite"])
            cite += nodes.inline("Cite as ", "Cite as ", classes=["paper-label"])
            cite += citation
            card += cite
        entry = bib_entries(self.env).get(paper.bibkey)
        if entry is not None:
            text = entry_bibtex(entry)
            details = paper_details(summary="BibTeX", classes=["paper-bibtex"])
            # Plain text: highlighting a thousand entries costs more than it shows.
            details += plain_block(text, text, language="none")
            card += details
        card += nodes.raw("", r"\end{sphinxShadowBox}", format="latex")
        return card

    def meta(self, paper: PaperView) -> list[nodes.Node]:
        parts: list[nodes.Node] = []
        if paper.venue:
            parts.append(nodes.inline(paper.venue, paper.venue, classes=["paper-venue"]))
        if paper.year is not None:
            parts.append(nodes.inline(str(paper.year), str(paper.year), classes=["paper-year"]))
        rating = nodes.inline(classes=["paper-rating"])
        if paper.rating is None:
            rating += nodes.Text("Unrated")
        else:
            rating += nodes.inline(
                stars(paper.rating), stars(paper.rating), classes=["paper-stars"]
            )
            rating += nodes.Text(" " + paper.rating_text)
        parts.append(rating)
        return parts

    def links(self, paper: PaperView) -> list[nodes.Node]:
        links: list[nodes.Node] = []
        if paper.abs_url and paper.pdf_url:
            links.append(nodes.reference("arXiv abstract", "arXiv abstract", refuri=paper.abs_url))
            links.append(nodes.reference("PDF", "PDF", refuri=paper.pdf_url))
        if paper.source and paper.source != paper.abs_url:
            links.append(nodes.reference("Source", "Source", refuri=paper.source))
        return links


class HTMLCardTransform(CardTransform):
    """The card for HTML builders, made after every other post-transform, which then do not
    walk its nodes (0.4 ms a page); its tag links are resolved here, and the citation the
    placeholder holds has been resolved already."""

    default_priority = 900
    formats = ("html",)

    def tag(self, domain: PaperDomain, tag: str) -> nodes.Node:
        text = nodes.inline(tag, tag, classes=["paper-tag"])
        builder = self.env._app.builder  # as Sphinx's resolvers do
        link = domain.tag_link(builder, self.env.docname, tag, text)
        return text if link is None else link

    def run(self, **kwargs: Any) -> None:
        domain = cast(PaperDomain, self.env.get_domain("paper"))
        for placeholder in list(self.document.findall(paper_card)):
            paper = domain.view_for(placeholder["docname"])
            if paper is not None:  # CardTransform removed the others
                self.replace(placeholder, paper, domain)


def joined(
    parts: list[nodes.Node], classes: list[str], separator: str = SEPARATOR
) -> nodes.paragraph:
    para = nodes.paragraph(classes=classes)
    for i, part in enumerate(parts):
        if i:
            para += nodes.Text(separator)
        para += part
    return para
