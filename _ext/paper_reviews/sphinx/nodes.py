"""The extension's doctree nodes.

``paper_card`` and ``paper_table`` are placeholders made while reading and replaced by
post-transforms for every builder; HTML builders get the card as ``paper_card_html``, its
markup made once. ``paper_details`` is a collapsible block: ``<details>``
in HTML, its plain content everywhere else. ``plain_block`` is a literal block that HTML
writes without the highlighter (the markup it would give for ``none``, at a fraction of the
cost), and every other builder writes as any literal block.
"""

from __future__ import annotations

from itertools import islice
from typing import Any, TypeVar

from docutils import nodes

from paper_reviews.sphinx.html import Markup, pre_text

Placeholder = TypeVar("Placeholder", bound=nodes.Element)


class paper_card(nodes.General, nodes.Element):
    """Where a review's header card goes; filled in by :mod:`.header`."""


class paper_card_html(nodes.General, nodes.Element):
    """A review's card as HTML builders write it: its markup in ``before`` and ``after``,
    around its citation (the first child, when ``cited``). Its other children are what the
    card says about the paper (summary, venue, year, tags, title, authors), which the search
    index reads and the writer skips."""


def visit_card_html(self: Any, node: paper_card_html) -> None:
    self.body.append(node["before"])
    if node["cited"]:
        node[0].walkabout(self)
    self.body.append(node["after"])
    raise nodes.SkipNode


class paper_table(nodes.General, nodes.Element):
    """Where a ``paper-table`` goes; filled in by :mod:`.overview`."""


def placeholders(
    document: nodes.document, kind: type[Placeholder], on_page: int
) -> list[Placeholder]:
    """The ``kind`` placeholders in a tree being written, where the page being written holds
    ``on_page`` of them (as the catalog knows): a page's own tree is walked only up to the
    last of them, and not at all when it holds none, as most pages do. A tree assembled
    from several pages (LaTeX, Texinfo, single-page HTML), which Sphinx marks with the
    ``docname`` of its root, is walked whole."""
    if "docname" in document:
        return list(document.findall(kind))
    return list(islice(document.findall(kind), on_page)) if on_page else []


class paper_details(nodes.General, nodes.Element):
    """A block with a one-line summary that readers open to see the rest."""


def visit_details_html(self: Any, node: paper_details) -> None:
    classes = " ".join(["paper-details", *node.get("classes", [])])
    self.body.append(
        str(Markup('<details class="{}"><summary>{}</summary>').format(classes, node["summary"]))
    )


def depart_details_html(self: Any, node: paper_details) -> None:
    self.body.append("</details>")


class plain_block(nodes.literal_block):
    """Text shown as written, in a fixed-width block."""


def visit_plain_block_html(self: Any, node: plain_block) -> None:
    self.body.append(
        # Markup added to a str would escape the str: the block's markup joins as text.
        self.starttag(node, "div", suffix="", CLASS="highlight-none notranslate")
        + str(plain_block_html(node.astext()))
    )
    raise nodes.SkipNode


def plain_block_html(text: str) -> Markup:
    """What Pygments writes for the "none" language, which it lexes as one run of text,
    inside the block's ``<div>``."""
    text = text.strip("\n").replace("\r\n", "\n") + "\n"
    return Markup('<div class="highlight"><pre><span></span>{}</pre></div>\n</div>\n').format(
        pre_text(text)
    )


def visit_citation_html(self: Any, node: nodes.citation) -> None:
    """A bibliography entry as docutils writes it, but an item of its list: docutils marks
    each entry ``role="doc-biblioentry"``, a role DPub-ARIA 1.1 deprecates, inside a
    ``role="list"`` that then has no list items (axe-core's aria-deprecated-role and
    aria-required-children, on every References page)."""
    type(self).visit_citation(self, node)
    self.body[-1] = self.body[-1].replace('role="doc-biblioentry"', 'role="listitem"')


def visit_passthrough(self: Any, node: nodes.Element) -> None:
    """Other builders show the content as it is."""


def depart_passthrough(self: Any, node: nodes.Element) -> None:
    pass


DETAILS_VISITORS: dict[str, tuple[Any, Any]] = {
    "html": (visit_details_html, depart_details_html),
    **{
        builder: (visit_passthrough, depart_passthrough)
        for builder in ("latex", "text", "man", "texinfo")
    },
}
