"""The extension's doctree nodes.

``paper_card`` and ``paper_table`` are placeholders made while reading and replaced by
post-transforms for every builder. ``paper_details`` is a collapsible block: ``<details>``
in HTML, its plain content everywhere else.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes


class paper_card(nodes.General, nodes.Element):
    """Where a review's header card goes; filled in by :mod:`.header`."""


class paper_table(nodes.General, nodes.Element):
    """Where a ``paper-table`` goes; filled in by :mod:`.overview`."""


class paper_details(nodes.General, nodes.Element):
    """A block with a one-line summary that readers open to see the rest."""


def visit_details_html(self: Any, node: paper_details) -> None:
    classes = " ".join(["paper-details", *node.get("classes", [])])
    summary = self.encode(node["summary"])
    self.body.append(f'<details class="{classes}"><summary>{summary}</summary>')


def depart_details_html(self: Any, node: paper_details) -> None:
    self.body.append("</details>")


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
