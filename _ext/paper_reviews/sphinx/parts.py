"""What the card and the overview's cells show, decided once, as parts that two writers
write: :func:`to_nodes` as doctree nodes (every builder; the PDF), :func:`to_html` as the
HTML that Sphinx's writer would give those nodes (the HTML builders' fast path, which keeps
the overview and the card out of every later step that walks a page)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from paper_reviews.core.bibinfo import arxiv_id_from_url
from paper_reviews.core.model import PaperView, stars
from paper_reviews.sphinx.html import Markup, element, escape, join
from paper_reviews.sphinx.words import _, ngettext

if TYPE_CHECKING:
    from sphinx.builders import Builder

SEPARATOR = " · "


@dataclass(frozen=True)
class Span:
    """Text in a ``<span class>`` (``nodes.inline``)."""

    cls: str
    children: tuple[Part, ...]


@dataclass(frozen=True)
class Link:
    """A link to a page outside the site."""

    url: str
    children: tuple[Part, ...]
    cls: str = ""


@dataclass(frozen=True)
class Review:
    """A paper's title, linked to its review page."""

    docname: str
    title: str


@dataclass(frozen=True)
class Tag:
    """A tag, linked to its group in the overview when a page has one."""

    tag: str


Part = str | Span | Link | Review | Tag


@dataclass(frozen=True)
class Line:
    """One paragraph of the card: its class, its parts and what stands between them."""

    cls: str
    parts: tuple[Part, ...]
    separator: str = SEPARATOR


# -- what is shown -----------------------------------------------------------------------------


def draft() -> Span:
    """The "Draft" badge, in the site's language."""
    return Span("paper-draft", (_("Draft"),))


def card_lines(paper: PaperView, citers: Sequence[PaperView] = ()) -> list[Line]:
    """The card's paragraphs above its citation: summary, venue · year · rating, tags, links,
    and the reviews that cite the paper (``citers``)."""
    meta: list[Part] = [draft()] if paper.draft else []
    if paper.venue:
        meta.append(Span("paper-venue", (paper.venue,)))
    if paper.year is not None:
        meta.append(Span("paper-year", (str(paper.year),)))
    if paper.rating is None:
        meta.append(Span("paper-rating", (_("Unrated"),)))
    else:
        shown = Span("paper-stars", (stars(paper.rating),))
        meta.append(Span("paper-rating", (shown, " " + paper.rating_text)))
    lines = [
        Line("paper-summary", (paper.summary,)),
        Line("paper-meta", tuple(meta)),
        Line("paper-tags", tuple(Tag(tag) for tag in paper.tags), separator=" "),
    ]
    links: list[Part] = []
    if paper.abs_url and paper.pdf_url:
        links += [Link(paper.abs_url, (_("arXiv abstract"),)), Link(paper.pdf_url, (_("PDF"),))]
    if paper.source and paper.source != paper.abs_url:
        links.append(Link(paper.source, (_("Source"),)))
    if links:
        lines.append(Line("paper-links", tuple(links)))
    if citers:
        lines.append(cited_in_line(citers))
    return lines


def cited_in_line(citers: Sequence[PaperView]) -> Line:
    """ "Cited in 2 reviews: A · B", each review linked to its page."""
    count = len(citers)
    said = ngettext("Cited in {count} review:", "Cited in {count} reviews:", count)
    label = Span("paper-label", (said.format(count=count),))
    links: list[Part] = []
    for i, citer in enumerate(citers):
        links += (
            [SEPARATOR, Review(citer.docname, citer.title)]
            if i
            else [Review(citer.docname, citer.title)]
        )
    return Line("paper-cited-in", (label, Span("paper-citers", tuple(links))), separator=" ")


def cell(column: str, paper: PaperView) -> tuple[Part, ...]:
    """What an overview column shows for a paper."""
    match column:
        case "title":
            if paper.draft:
                return (Review(paper.docname, paper.title), " ", draft())
            return (Review(paper.docname, paper.title),)
        case "venue":
            return (paper.publication,)
        case "rating":
            return (paper.rating_text,)
        case "tags":
            shown: list[Part] = []
            for i, tag in enumerate(paper.tags):
                shown += [" ", Tag(tag)] if i else [Tag(tag)]
            return tuple(shown)
        case "summary":
            return (paper.summary,)
        case _:
            if not paper.source:
                return ("–",)
            return (Link(paper.source, (source_text(paper),), cls="paper-source"),)


def source_text(paper: PaperView) -> str:
    """What the Source column says for a paper with a source: arXiv, DOI or the host."""
    if arxiv_id_from_url(paper.source):  # the abstract's or the PDF's link
        return "arXiv"
    host = (paper.source or "").split("//", 1)[-1].split("/", 1)[0]
    return "DOI" if host.endswith("doi.org") else host.removeprefix("www.")


# -- as doctree nodes ---------------------------------------------------------------------------

#: A tag as a node: text, or a reference Sphinx resolves (``PaperDomain.tag_reference``).
TagNode = Callable[[str], nodes.Node]


def to_nodes(parts: Sequence[Part], tag: TagNode) -> list[nodes.Node]:
    return [_node(part, tag) for part in parts]


def _node(part: Part, tag: TagNode) -> nodes.Node:
    match part:
        case str():
            return nodes.Text(part)
        case Span(cls, children):
            return nodes.inline("", "", *to_nodes(children, tag), classes=[cls])
        case Link(url, children, cls):
            classes = [cls] if cls else []
            return nodes.reference("", "", *to_nodes(children, tag), refuri=url, classes=classes)
        case Review(docname, title):
            xref = addnodes.pending_xref(
                "", refdomain="std", reftype="doc", reftarget="/" + docname, refexplicit=True,
                refwarn=True,
            )  # fmt: skip
            xref += nodes.inline(title, title)
            return xref
        case Tag(name):
            return tag(name)
    raise TypeError(part)


def line_node(line: Line, tag: TagNode) -> nodes.paragraph:
    para = nodes.paragraph(classes=[line.cls])
    for i, node in enumerate(to_nodes(line.parts, tag)):
        if i:
            para += nodes.Text(line.separator)
        para += node
    return para


# -- as HTML -----------------------------------------------------------------------------------

#: Where a link goes: (docname, anchor) to a relative URL from the page being written.
Linker = Callable[[str, str], str]


def linker(builder: Builder, here: str) -> Linker:
    """Links from page ``here`` as Sphinx's resolvers make them (``make_refnode``): within
    the page, only the anchor."""

    def link(docname: str, anchor: str) -> str:
        uri = "" if docname == here else builder.get_relative_uri(here, docname)
        return f"{uri}#{anchor}" if anchor else uri

    return link


#: A tag's group: (docname, anchor), or None when no page has one.
TagTarget = Callable[[str], tuple[str, str] | None]


def to_html(parts: Sequence[Part], link: Linker, target: TagTarget) -> Markup:
    return join(_html(part, link, target) for part in parts)


def _html(part: Part, link: Linker, target: TagTarget) -> Markup:
    match part:
        case str():
            return escape(part)
        case Span(cls, children):
            return element("span", to_html(children, link, target), class_=cls)
        case Link(url, children, cls):
            classes = f"{cls} reference external" if cls else "reference external"
            return element("a", to_html(children, link, target), class_=classes, href=url)
        case Review(docname, title):
            shown = element("span", title, class_="doc")
            return element("a", shown, class_="reference internal", href=link(docname, ""))
        case Tag(name):
            shown = element("span", name, class_="paper-tag")
            place = target(name)
            if place is None:
                return shown
            return element("a", shown, class_="reference internal", href=link(*place), title=name)
    raise TypeError(part)


def line_html(line: Line, link: Linker, target: TagTarget) -> Markup:
    inner = escape(line.separator).join(_html(part, link, target) for part in line.parts)
    return element("p", inner, class_=line.cls) + Markup("\n")
