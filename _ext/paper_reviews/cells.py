"""What each overview column shows for one paper, as doctree nodes (every builder)."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from .bibinfo import arxiv_id_from_url
from .domain import PaperDomain
from .model import PaperView


def title_reference(paper: PaperView) -> nodes.Node:
    """The paper's title, linked to its review page (resolved by Sphinx for any builder)."""
    xref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget="/" + paper.docname,
        refexplicit=True,
        refwarn=True,
    )
    xref += nodes.inline(paper.title, paper.title)
    return xref


def source_label(url: str) -> str:
    host = url.split("//", 1)[-1].split("/", 1)[0]
    return "DOI" if host.endswith("doi.org") else host.removeprefix("www.")


def source_text(paper: PaperView) -> str:
    """What the Source column says for a paper with a source: arXiv, DOI or the host."""
    if arxiv_id_from_url(paper.source):  # the abstract's or the PDF's link
        return "arXiv"
    return source_label(paper.source or "")


def source_reference(paper: PaperView) -> nodes.Node:
    if not paper.source:
        return nodes.Text("–")
    label = source_text(paper)
    return nodes.reference(label, label, refuri=paper.source, classes=["paper-source"])


def cell(column: str, paper: PaperView, domain: PaperDomain) -> list[nodes.Node]:
    match column:
        case "title":
            return [title_reference(paper)]
        case "venue":
            return [nodes.Text(paper.publication)]
        case "rating":
            return [nodes.Text(paper.rating_text)]
        case "tags":
            out: list[nodes.Node] = []
            for i, tag in enumerate(paper.tags):
                if i:
                    out.append(nodes.Text(" "))
                out.append(domain.tag_reference(tag))
            return out
        case "summary":
            return [nodes.Text(paper.summary)]
        case _:
            return [source_reference(paper)]
