"""The card under each review's heading: summary, venue and year, rating, tags, links,
citation and BibTeX, built from the catalog when the page is written."""

from __future__ import annotations

import re
from typing import Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from .citations import entry_names
from .domain import PaperDomain, bib_entries
from .model import PaperView, stars
from .nodes import (
    paper_card,
    paper_card_html,
    paper_details,
    placeholders,
    plain_block,
    plain_block_html,
)

SEPARATOR = " · "


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
        card += nodes.paragraph(paper.summary, paper.summary, classes=["paper-summary"])
        card += joined(self.meta(paper), classes=["paper-meta"])
        card += joined(
            [domain.tag_reference(tag) for tag in paper.tags], classes=["paper-tags"], separator=" "
        )
        links = self.links(paper)
        if links:
            card += joined(links, classes=["paper-links"])
        if citation is not None:
            cite = nodes.paragraph(classes=["paper-cite"])
            cite += nodes.inline("Cite as ", "Cite as ", classes=["paper-label"])
            cite += citation
            card += cite
        text = domain.bibtex_of(paper.bibkey)
        if text is not None:
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
        # What the card says about the paper, for the search index; not its labels ("PDF",
        # "Cite as") or BibTeX's syntax, which would make every review match "pdf" or "author".
        texts = [paper.summary]
        html = [
            '<div class="paper-card docutils container">\n',
            f'<p class="paper-summary">{_text(paper.summary)}</p>\n<p class="paper-meta">',
        ]
        meta = []
        if paper.venue:
            meta.append(_span("paper-venue", paper.venue))
            texts.append(paper.venue)
        if paper.year is not None:
            meta.append(_span("paper-year", str(paper.year)))
            texts.append(str(paper.year))
        if paper.rating is None:
            meta.append('<span class="paper-rating">Unrated</span>')
        else:
            stars_text, rating = stars(paper.rating), " " + paper.rating_text
            meta.append(
                f'<span class="paper-rating">{_span("paper-stars", stars_text)}'
                f"{_text(rating)}</span>"
            )
        html += [_text(SEPARATOR).join(meta), '</p>\n<p class="paper-tags">']
        builder = self.env._app.builder  # as Sphinx's resolvers do
        tags = []
        for tag in paper.tags:
            text = nodes.inline(tag, tag, classes=["paper-tag"])
            link = domain.tag_link(builder, self.env.docname, tag, text)
            tags.append(_span("paper-tag", tag) if link is None else _link(link, text))
            texts.append(tag)
        html += [" ".join(tags), "</p>\n"]
        links = self.links(paper)
        if links:
            shown = (_link(cast(nodes.reference, link), link) for link in links)
            html += ['<p class="paper-links">', _text(SEPARATOR).join(shown), "</p>\n"]
        before = "".join(html)
        after = ""
        if citation is not None:
            before += '<p class="paper-cite"><span class="paper-label">Cite as </span>'
            after = "</p>\n"
        entry = bib_entries(self.env).get(paper.bibkey)
        bibtex = domain.bibtex_of(paper.bibkey)
        if bibtex is not None:
            after += (
                '<details class="paper-details paper-bibtex"><summary>BibTeX</summary>'
                f'<div class="highlight-none notranslate">{plain_block_html(bibtex)}</details>'
            )
        if entry is not None:
            texts += [paper.title, *entry_names(entry)]  # first names are only in the BibTeX
        card = paper_card_html(before=before, after=after + "</div>\n", cited=citation is not None)
        if citation is not None:
            card += citation
        card += [nodes.Text(text) for text in texts]
        return card


#: What Sphinx's HTML writer writes for these characters (its ``encode``).
_SPECIAL = HTML5Translator.special_characters
#: What it turns into spaces in an attribute's value (its ``attval``).
_WHITESPACE = re.compile("[\n\r\t\v\f]")


def _text(text: str) -> str:
    return text.translate(_SPECIAL)


def _span(cls: str, text: str) -> str:
    return f'<span class="{cls}">{_text(text)}</span>'


def _link(reference: nodes.reference, content: nodes.Node) -> str:
    """A reference as Sphinx's HTML writer writes it, around simple content."""
    if reference.get("internal") or "refuri" not in reference:
        kind, href = "internal", reference.get("refuri") or "#" + reference.get("refid", "")
    else:
        kind, href = "external", reference["refuri"] or "#"
    title = reference.get("reftitle")
    attributes = f' title="{_attribute(title)}"' if title is not None else ""
    inner = (
        _span(" ".join(content["classes"]), content.astext())
        if isinstance(content, nodes.inline)
        else _text(reference.astext())
    )
    return f'<a class="reference {kind}" href="{_attribute(href)}"{attributes}>{inner}</a>'


def _attribute(value: str) -> str:
    return _text(_WHITESPACE.sub(" ", value))


def joined(
    parts: list[nodes.Node], classes: list[str], separator: str = SEPARATOR
) -> nodes.paragraph:
    para = nodes.paragraph(classes=classes)
    for i, part in enumerate(parts):
        if i:
            para += nodes.Text(separator)
        para += part
    return para
