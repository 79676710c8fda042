"""The card under each review's heading: summary, venue and year, rating, tags, links,
citation and BibTeX, built from the catalog when the page is written."""

from __future__ import annotations

from typing import Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from paper_reviews.core.model import PaperView
from paper_reviews.sphinx.citations import entry_names
from paper_reviews.sphinx.domain import PaperDomain, bib_entries
from paper_reviews.sphinx.html import Markup, element
from paper_reviews.sphinx.nodes import (
    paper_card,
    paper_card_html,
    paper_details,
    placeholders,
    plain_block,
    plain_block_html,
)
from paper_reviews.sphinx.parts import card_lines, line_html, line_node, linker
from paper_reviews.sphinx.words import _


class CardTransform(SphinxPostTransform):
    """Replace each ``paper_card`` placeholder with the card, before references resolve, so
    its tag links resolve as any reference does. For HTML builders, only drop what the card
    will not show (so that it is not resolved) and leave the rest to
    :class:`HTMLCardTransform`."""

    default_priority = 5

    def builds_here(self) -> bool:
        """Whether this transform builds the cards (else :class:`HTMLCardTransform` does)."""
        return self.env._builder_cls.format != "html"

    def run(self, **kwargs: Any) -> None:
        domain = cast(PaperDomain, self.env.get_domain("paper"))
        self.drafts = domain.drafts_shown()
        now = self.builds_here()
        on_page = int(self.env.docname in domain.papers)  # one card on each review
        for placeholder in placeholders(self.document, paper_card, on_page):
            paper = domain.view_for(placeholder["docname"])
            if paper is None:
                placeholder.parent.remove(placeholder)
                continue
            if placeholder["cite"] and not domain.is_listed(paper.bibkey):
                placeholder["cite"] = False  # no References list has it: the card cites nothing
            if now:
                self.replace(placeholder, paper, domain)

    def replace(self, placeholder: paper_card, paper: PaperView, domain: PaperDomain) -> None:
        citation = self.citation(placeholder) if placeholder["cite"] else None
        placeholder["ids"] = []  # the citation's, which it now has
        placeholder.replace_self(self.card(paper, citation, domain))

    def citation(self, placeholder: paper_card) -> nodes.Element:
        """The card's citation of its paper, as ``{cite:p}`` gives it, with the id it was
        registered under (:meth:`.ReviewTransform._cite`); resolved by Sphinx after this."""
        key = placeholder["bibkey"]
        xref = addnodes.pending_xref(
            key,
            refdomain="cite",
            reftype="p",
            reftarget=key,
            refdoc=self.env.docname,
            refexplicit=False,
            refwarn=False,
            ids=placeholder["ids"],
        )
        xref += nodes.inline(key, key)
        return xref

    def card(
        self, paper: PaperView, citation: nodes.Node | None, domain: PaperDomain
    ) -> nodes.Element:
        card = nodes.container(classes=["paper-card"])
        # In a PDF the card is framed like a topic box; HTML styles it with CSS.
        card += nodes.raw("", r"\begin{sphinxShadowBox}", format="latex")
        for line in card_lines(paper, domain.citers_of(paper.bibkey, self.drafts)):
            card += line_node(line, domain.tag_reference)
        if citation is not None:
            cite = nodes.paragraph(classes=["paper-cite"])
            label = _("Cite as") + " "
            cite += nodes.inline(label, label, classes=["paper-label"])
            cite += citation
            card += cite
        text = domain.bibtex_of(paper.bibkey)
        if text is not None:
            details = paper_details(summary=_("BibTeX"), classes=["paper-bibtex"])
            # Plain text: highlighting a thousand entries costs more than it shows.
            details += plain_block(text, text, language="none")
            card += details
        card += nodes.raw("", r"\end{sphinxShadowBox}", format="latex")
        return card


class HTMLCardTransform(CardTransform):
    """The card for HTML builders, made after every other post-transform, which then do not
    walk it, as one node with its markup (:class:`.nodes.paper_card_html`): the markup the
    HTML writer gives the card of :class:`CardTransform`, without building and visiting its
    forty-odd nodes. Its citation is resolved here, as the other references have been."""

    default_priority = 900
    formats = ("html",)

    def builds_here(self) -> bool:
        return True

    def citation(self, placeholder: paper_card) -> nodes.Element:
        """The citation resolved here, as Sphinx would: references have been resolved."""
        xref = cast(addnodes.pending_xref, super().citation(placeholder))
        builder, docname = self.env._app.builder, self.env.docname
        cite = self.env.get_domain("cite")
        contnode = cast(nodes.Element, xref[0])
        resolved = cite.resolve_xref(
            self.env, docname, builder, "p", xref["reftarget"], xref, contnode
        )
        citation = resolved if resolved is not None else contnode
        citation["ids"] = xref["ids"]
        return citation

    def card(
        self, paper: PaperView, citation: nodes.Node | None, domain: PaperDomain
    ) -> nodes.Element:
        link = linker(self.env._app.builder, self.env.docname)  # as Sphinx's resolvers do

        html = Markup('<div class="paper-card docutils container">\n')
        for line in card_lines(paper, domain.citers_of(paper.bibkey, self.drafts)):
            html += line_html(line, link, domain.tag_target)
        before, after = html, Markup("")
        if citation is not None:
            before += Markup('<p class="paper-cite">') + element(
                "span", _("Cite as") + " ", class_="paper-label"
            )
            after = Markup("</p>\n")
        bibtex = domain.bibtex_of(paper.bibkey)
        if bibtex is not None:
            after += (
                Markup('<details class="paper-details paper-bibtex">')
                + element("summary", _("BibTeX"))
                + Markup('<div class="highlight-none notranslate">')
                + plain_block_html(bibtex)
                + Markup("</details>")
            )
        card = paper_card_html(before=str(before), after=str(after) + "</div>\n")
        card["cited"] = citation is not None
        if citation is not None:
            card += citation
        # What the card says about the paper, for the search index; not its labels ("PDF",
        # "Cite as") or BibTeX's syntax, which would make every review match "pdf" or
        # "author". First names are only in the BibTeX.
        entry = bib_entries(self.env).get(paper.bibkey)
        texts = [paper.summary, paper.venue, "" if paper.year is None else str(paper.year)]
        texts += paper.tags
        if entry is not None:
            texts += [paper.title, *entry_names(entry)]
        card += [nodes.Text(text) for text in texts if text]
        return card
