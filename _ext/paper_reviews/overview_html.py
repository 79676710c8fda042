"""The overview in HTML: one section per group with a table, and the controls the browser
script (``static/paper_reviews.js``) brings to life: a search box, tag chips, a grouping
switch and a count. The controls are ``hidden`` until the script runs, so without
JavaScript the page is the full table in its default order.

Stable hooks for styles, scripts and tests: ``.paper-table`` on the overview,
``data-group`` on each group, ``data-bibkey`` on each row (with ``data-venue``,
``data-year`` and ``data-tags`` for regrouping), ``data-column`` on every cell, ``data-tag``
on each chip.
"""

from __future__ import annotations

import json
from typing import Any

from docutils import nodes

from .cells import cell
from .domain import PaperDomain
from .model import PaperView
from .tables import COLUMN_LABELS, GROUP_BY, NUMERIC, Group, TableSpec, group_label

GROUP_BY_LABELS = {"tag": "Tag", "venue": "Venue", "year": "Year", "none": "None"}


class html_element(nodes.General, nodes.Element):
    """An HTML element with attributes docutils has no node for (``data-*``, ``aria-*``)."""


def visit_html_element(self: Any, node: html_element) -> None:
    self.body.append(self.starttag(node, node["tag"], "", **node.get("attrs", {})))


def depart_html_element(self: Any, node: html_element) -> None:
    self.body.append(f"</{node['tag']}>")


def element(
    tag: str, *children: nodes.Node, classes: list[str] | None = None, **attrs: str
) -> html_element:
    el = html_element(tag=tag, attrs={k.replace("_", "-"): v for k, v in attrs.items()})
    if classes:
        el["classes"] = classes
    el.extend(children)
    return el


def render(spec: TableSpec, groups: list[Group], domain: PaperDomain) -> nodes.Element:
    papers = {p.bibkey: p for g in groups for p in g.rows}
    root = element(
        "div",
        classes=["paper-table"],
        data_group_by=spec.group_by,
        data_sort=",".join(("-" if d else "") + k for k, d in spec.sort),
        data_total=str(len(papers)),
    )
    if not groups:
        root += element("p", nodes.Text("No reviews yet."), classes=["paper-table-empty"])
        return root
    root += toolbar(spec, list(papers.values()))
    box = element("div", classes=["paper-groups"])
    for group in groups:
        box += group_section(spec, group, domain)
    root += box
    root += element(
        "p", nodes.Text("No papers match."), classes=["paper-no-match"], hidden="hidden"
    )
    return root


def toolbar(spec: TableSpec, papers: list[PaperView]) -> html_element:
    """Search, tag chips, grouping and the count; shown by the script."""
    search = element(
        "input",
        type="search",
        classes=["paper-search"],
        placeholder="Filter papers · 논문 검색",
        aria_label="Filter papers",
        autocomplete="off",
    )
    select = element("select", classes=["paper-group-by"], aria_label="Group by")
    for value in GROUP_BY:
        option = element("option", nodes.Text(GROUP_BY_LABELS[value]), value=value)
        if value == spec.group_by:
            option["attrs"]["selected"] = "selected"
        select += option
    counts: dict[str, int] = {}
    for paper in papers:
        for tag in paper.tags:
            if not spec.tags or tag in spec.tags:
                counts[tag] = counts.get(tag, 0) + 1
    chips = element("div", classes=["paper-chips"], role="group", aria_label="Tags")
    for tag in sorted(counts, key=lambda t: (t.casefold(), t)):
        count = element("span", nodes.Text(str(counts[tag])), classes=["paper-chip-count"])
        chips += element(
            "button",
            nodes.Text(tag + " "),
            count,
            type="button",
            classes=["paper-chip"],
            data_tag=tag,
            aria_pressed="false",
        )
    total = len(papers)
    count_text = element(
        "p", nodes.Text(f"{total} of {total} papers"), classes=["paper-count"], aria_live="polite"
    )
    controls = element(
        "div",
        element("label", element("span", nodes.Text("Filter")), search, classes=["paper-field"]),
        element("label", element("span", nodes.Text("Group by")), select, classes=["paper-field"]),
        count_text,
        classes=["paper-controls"],
    )
    return element("div", controls, chips, classes=["paper-toolbar"], hidden="hidden")


def group_section(spec: TableSpec, group: Group, domain: PaperDomain) -> html_element:
    box = element("section", classes=["paper-group"], data_group=group.key)
    box["ids"] = [group.anchor]
    if spec.group_by != "none":
        count = element("span", nodes.Text(str(len(group.rows))), classes=["paper-group-count"])
        label = nodes.Text(group_label(group, spec.group_by) + " ")
        box += element("h2", label, count, classes=["paper-group-title"])
    first_key, first_descending = spec.sort[0]
    head = element("tr")
    for column in spec.columns:
        sort = "none"
        if column == first_key:
            sort = "descending" if first_descending else "ascending"
        head += element(
            "th",
            nodes.Text(COLUMN_LABELS[column]),
            scope="col",
            data_column=column,
            aria_sort=sort,
            data_type="number" if column in NUMERIC else "text",
        )
    body = element("tbody")
    for paper in group.rows:
        body += row(spec, paper, domain)
    table = element("table", element("thead", head), body, classes=["paper-grid"])
    box += element("div", table, classes=["paper-grid-scroll"])
    return box


def row(spec: TableSpec, paper: PaperView, domain: PaperDomain) -> html_element:
    tr = element(
        "tr",
        data_bibkey=paper.bibkey,
        data_venue=paper.venue or "",
        data_year="" if paper.year is None else str(paper.year),
        data_tags=json.dumps(list(paper.tags), ensure_ascii=False),
    )
    for column in spec.columns:
        # References need a text element around them in docutils' HTML writer.
        content = nodes.inline("", "", *cell(column, paper, domain))
        td = element(
            "td",
            content,
            classes=[f"paper-{column}"],
            data_column=column,
            data_label=COLUMN_LABELS[column],
        )
        value = sort_value(column, paper)
        if value is not None:
            td["attrs"]["data-value"] = value
        tr += td
    return tr


def sort_value(column: str, paper: PaperView) -> str | None:
    """What the browser sorts a cell by ("" = no value, sorted last)."""
    match column:
        case "rating":
            return "" if paper.rating is None else f"{paper.rating:g}"
        case "venue":
            return paper.publication if (paper.venue or paper.year) else ""
        case "tags":
            return ", ".join(paper.tags)
        case "source":
            return paper.source or ""
        case _:
            return None
