"""The overview in HTML: one section per group with a table, and the controls the browser
script (``static/paper_reviews.js``) brings to life: a search box, tag chips, a grouping
switch and a count. The controls are ``hidden`` until the script runs, so without
JavaScript the page is the full table in its default order.

Stable hooks for styles, scripts and tests: ``.paper-table`` on the overview,
``data-group`` on each group, ``data-bibkey`` on each row (with ``data-venue``,
``data-year`` and ``data-tags`` for regrouping), ``data-column`` on every cell, ``data-tag``
on each chip.

The overview is written as one HTML string and enters the page as a single raw node: as
docutils nodes (fifteen per row) it made every later step of Sphinx that walks a page
(post-transforms, the search index, the writer) walk every row, a fifth of a build's
time at a thousand reviews. Links are computed here, as Sphinx would resolve them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from html import escape
from typing import TYPE_CHECKING

from .cells import source_text
from .model import PaperView
from .tables import COLUMN_LABELS, GROUP_BY, NUMERIC, Group, TableSpec, group_label

if TYPE_CHECKING:
    from .domain import PaperDomain

GROUP_BY_LABELS = {"tag": "Tag", "venue": "Venue", "year": "Year", "none": "None"}
#: The link from the overview to a page (and anchor), relative to the overview.
Linker = Callable[[str, str], str]


def element(tag: str, content: str | Iterable[str] = "", **attrs: str | None) -> str:
    """``<tag attrs>content</tag>``; attribute names with ``_`` get ``-``, ``None`` is left out,
    and text must come escaped (:func:`text`)."""
    parts = [tag]
    for name, value in sorted(attrs.items()):
        if value is not None:
            parts.append(f'{name.rstrip("_").replace("_", "-")}="{escape(value)}"')
    inner = content if isinstance(content, str) else "".join(content)
    return f"<{' '.join(parts)}>{inner}</{tag}>"


def text(value: str) -> str:
    return escape(value, quote=False)


def render(spec: TableSpec, groups: list[Group], domain: PaperDomain, link: Linker) -> str:
    papers = {p.bibkey: p for g in groups for p in g.rows}
    attrs = {
        "class_": "paper-table",
        "data_group_by": spec.group_by,
        "data_sort": ",".join(("-" if d else "") + k for k, d in spec.sort),
        "data_total": str(len(papers)),
    }
    if not groups:
        return element("div", element("p", "No reviews yet.", class_="paper-table-empty"), **attrs)
    rows: dict[str, str] = {}  # a paper's row, the same in each group that lists it
    sections = (group_section(spec, group, domain, link, rows) for group in groups)
    return element(
        "div",
        [
            toolbar(spec, list(papers.values())),
            element("div", sections, class_="paper-groups"),
            element("p", "No papers match.", class_="paper-no-match", hidden="hidden"),
        ],
        **attrs,
    )


def toolbar(spec: TableSpec, papers: list[PaperView]) -> str:
    """Search, tag chips, grouping and the count; shown by the script."""
    search = (
        '<input aria-label="Filter papers" autocomplete="off" class="paper-search" '
        'placeholder="Filter papers · 논문 검색" type="search">'
    )
    options = (
        element(
            "option",
            GROUP_BY_LABELS[value],
            value=value,
            selected="selected" if value == spec.group_by else None,
        )
        for value in GROUP_BY
    )
    select = element("select", options, class_="paper-group-by", aria_label="Group by")
    counts: dict[str, int] = {}
    for paper in papers:
        for tag in paper.tags:
            if not spec.tags or tag in spec.tags:
                counts[tag] = counts.get(tag, 0) + 1
    chips = (
        element(
            "button",
            [text(tag + " "), element("span", str(counts[tag]), class_="paper-chip-count")],
            type="button",
            class_="paper-chip",
            data_tag=tag,
            aria_pressed="false",
        )
        for tag in sorted(counts, key=lambda t: (t.casefold(), t))
    )
    total = len(papers)
    controls = element(
        "div",
        [
            element("label", [element("span", "Filter"), search], class_="paper-field"),
            element("label", [element("span", "Group by"), select], class_="paper-field"),
            element("p", f"{total} of {total} papers", class_="paper-count", aria_live="polite"),
        ],
        class_="paper-controls",
    )
    return element(
        "div",
        [controls, element("div", chips, class_="paper-chips", role="group", aria_label="Tags")],
        class_="paper-toolbar",
        hidden="hidden",
    )


def group_section(
    spec: TableSpec, group: Group, domain: PaperDomain, link: Linker, rows: dict[str, str]
) -> str:
    title = ""
    if spec.group_by != "none":
        count = element("span", str(len(group.rows)), class_="paper-group-count")
        label = text(group_label(group, spec.group_by) + " ")
        title = element("h2", [label, count], class_="paper-group-title")
    first_key, first_descending = spec.sort[0]
    head = []
    for column in spec.columns:
        sort = "none"
        if column == first_key:
            sort = "descending" if first_descending else "ascending"
        head.append(
            element(
                "th",
                COLUMN_LABELS[column],
                scope="col",
                data_column=column,
                aria_sort=sort,
                data_type="number" if column in NUMERIC else "text",
            )
        )
    body = []
    for paper in group.rows:
        html = rows.get(paper.docname)
        if html is None:
            html = rows[paper.docname] = row(spec, paper, domain, link)
        body.append(html)
    table = element(
        "table",
        [element("thead", element("tr", head)), element("tbody", body)],
        class_="paper-grid",
    )
    return element(
        "section",
        [title, element("div", table, class_="paper-grid-scroll")],
        class_="paper-group",
        data_group=group.key,
        id=group.anchor,
    )


def row(spec: TableSpec, paper: PaperView, domain: PaperDomain, link: Linker) -> str:
    cells = (
        element(
            "td",
            element("span", cell(column, paper, domain, link)),
            class_=f"paper-{column}",
            data_column=column,
            data_label=COLUMN_LABELS[column],
            data_value=sort_value(column, paper),
        )
        for column in spec.columns
    )
    return element(
        "tr",
        cells,
        data_bibkey=paper.bibkey,
        data_venue=paper.venue_group or "",
        data_year="" if paper.year is None else str(paper.year),
        data_tags=json.dumps(list(paper.tags), ensure_ascii=False),
    )


def cell(column: str, paper: PaperView, domain: PaperDomain, link: Linker) -> str:
    """What a column shows, as :func:`.cells.cell` does for the other builders."""
    match column:
        case "title":
            title = element("span", text(paper.title), class_="doc")
            return element("a", title, class_="reference internal", href=link(paper.docname, ""))
        case "venue":
            return text(paper.publication)
        case "rating":
            return text(paper.rating_text)
        case "tags":
            return " ".join(tag_link(tag, domain, link) for tag in paper.tags)
        case "summary":
            return text(paper.summary)
        case _:
            if not paper.source:
                return "–"
            return element(
                "a",
                text(source_text(paper)),
                class_="paper-source reference external",
                href=paper.source,
            )


def tag_link(tag: str, domain: PaperDomain, link: Linker) -> str:
    shown = element("span", text(tag), class_="paper-tag")
    place = domain.tag_target(tag)
    if place is None:
        return shown
    return element("a", shown, class_="reference internal", href=link(*place), title=tag)


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
