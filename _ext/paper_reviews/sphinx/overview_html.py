"""The overview in HTML: one section per group with a table, and the controls the browser
script (``static/paper_reviews.js``) brings to life: a search box, tag chips, a grouping
switch and a count. The controls are ``hidden`` until the script runs, so without
JavaScript the page is the full table in its default order.

Stable hooks for styles, scripts and tests: ``.paper-table`` on the overview (with
``data-config``, what the script must not decide again: see :func:`script_config`),
``data-group`` on each group, ``data-bibkey`` on each row (with ``data-venue``,
``data-year`` and ``data-tags`` for regrouping), ``data-column`` on every cell, ``data-tag``
on each chip.

The overview is written as one HTML string and enters the page as a single raw node: as
docutils nodes (fifteen per row) it made every later step of Sphinx that walks a page
(post-transforms, the search index, the writer) walk every row. Links are computed here,
as Sphinx would resolve them.
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from paper_reviews.core.lastpass import LastPass
from paper_reviews.core.model import PaperView
from paper_reviews.core.ordering import (
    COLUMN_LABELS,
    GROUP_BY,
    NUMERIC,
    SORT_FIELDS,
    Group,
    TableSpec,
    every_grouping,
    group_label,
    sort_text,
)
from paper_reviews.sphinx.html import Markup, element
from paper_reviews.sphinx.parts import Linker, cell, to_html
from paper_reviews.sphinx.words import _, ngettext

if TYPE_CHECKING:
    from paper_reviews.sphinx.domain import PaperDomain

#: The grouping switch's choices (messages of the extension's catalog, :mod:`.words`).
GROUP_BY_LABELS = {"tag": "Tag", "venue": "Venue", "year": "Year", "none": "No grouping"}

#: The rows each overview was last written with (:mod:`.lastpass`), by builder and (page,
#: table), each row by what it shows: its paper, the table's columns and its tags' links.
_LAST_ROWS: WeakKeyDictionary[object, dict[object, LastPass[Markup]]] = WeakKeyDictionary()


def render(
    spec: TableSpec,
    groups: list[Group],
    domain: PaperDomain,
    link: Linker,
    table: tuple[object, object] | None = None,
) -> Markup:
    """The overview's HTML. ``table`` (builder, name) names it, so that its next render
    reuses the rows that did not change."""
    papers = {p.bibkey: p for g in groups for p in g.rows}
    attrs = {
        "class_": "paper-table",
        "data_group_by": spec.group_by,
        "data_sort": ",".join(("-" if d else "") + k for k, d in spec.sort),
        "data_total": str(len(papers)),
        "data_config": script_config(spec, list(papers.values()), domain),
    }
    if not groups:
        empty = element("p", _("No reviews yet."), class_="paper-table-empty")
        return element("div", empty, **attrs)
    # A paper's row, the same in each group that lists it (and in the last render).
    rows: LastPass[Markup] = LastPass()
    if table is not None:
        rows = _LAST_ROWS.setdefault(table[0], {}).setdefault(table[1], rows)
    rows.turn()
    sections = [group_section(spec, group, domain, link, rows) for group in groups]
    return element(
        "div",
        [
            toolbar(spec, list(papers.values())),
            element("div", sections, class_="paper-groups"),
            element("p", _("No papers match."), class_="paper-no-match", hidden="hidden"),
        ],
        **attrs,
    )


def script_config(spec: TableSpec, papers: list[PaperView], domain: PaperDomain) -> str:
    """What the browser script needs to know and must not decide again (JSON): the columns
    it may sort by and which are numbers, for each way to group the table its groups in
    order with their anchors and labels, and the words it writes (the count, in the site's
    language: ``{shown}`` and ``{total}`` are filled in by the script)."""
    groupings = every_grouping(papers, spec, domain.tag_ids, _)
    total = len(papers)
    config = {
        "sortColumns": list(SORT_FIELDS),
        "numeric": sorted(NUMERIC),
        "words": {"count": count_words(total)},
        "groups": {
            group_by: [{"key": k, "id": a, "label": label} for k, a, label in groups]
            for group_by, groups in groupings.items()
        },
    }
    return json.dumps(config, ensure_ascii=False, separators=(",", ":"))


def count_words(total: int) -> str:
    """The count line's words for a table of ``total`` papers, ``{shown}`` and ``{total}``
    to fill in: written here for the page as built, and handed to the script."""
    return ngettext("{shown} of {total} paper", "{shown} of {total} papers", total)


def toolbar(spec: TableSpec, papers: list[PaperView]) -> Markup:
    """Search, tag chips, grouping and the count; shown by the script."""
    search = Markup(
        '<input aria-label="{0}" autocomplete="off" class="paper-search" placeholder="{0}" '
        'type="search" />'
    ).format(_("Filter papers"))
    options = (
        element(
            "option",
            _(GROUP_BY_LABELS[value]),
            value=value,
            selected="selected" if value == spec.group_by else None,
        )
        for value in GROUP_BY
    )
    select = element("select", options, class_="paper-group-by")
    counts: dict[str, int] = {}
    for paper in papers:
        for tag in paper.tags:
            if not spec.tags or tag in spec.tags:
                counts[tag] = counts.get(tag, 0) + 1
    chips = (
        element(
            "button",
            [tag + " ", element("span", str(counts[tag]), class_="paper-chip-count")],
            type="button",
            class_="paper-chip",
            data_tag=tag,
            aria_pressed="false",
        )
        for tag in sorted(counts, key=lambda t: (t.casefold(), t))
    )
    total = len(papers)
    fields = [
        element("label", [element("span", _("Filter")), search], class_="paper-field"),
        element("label", [element("span", _("Group by")), select], class_="paper-field"),
    ]
    drafts = sum(paper.draft for paper in papers)
    if drafts:
        shown = {
            "": _("All reviews"),
            "draft": _("Drafts ({count})").format(count=drafts),
            "done": _("Finished"),
        }
        status = element(
            "select",
            (element("option", label, value=value) for value, label in shown.items()),
            class_="paper-status",
        )
        fields.append(element("label", [element("span", _("Show")), status], class_="paper-field"))
    count = count_words(total)
    controls = element(
        "div",
        [
            *fields,
            element(
                "p",
                count.format(shown=total, total=total),
                class_="paper-count",
                aria_live="polite",
            ),
        ],
        class_="paper-controls",
    )
    return element(
        "div",
        [
            controls,
            element("div", chips, class_="paper-chips", role="group", aria_label=_("Tags")),
            element(
                "p", _("Click a column header to sort every group by it."), class_="paper-hint"
            ),
        ],
        class_="paper-toolbar",
        hidden="hidden",
    )


def group_section(
    spec: TableSpec, group: Group, domain: PaperDomain, link: Linker, rows: LastPass[Markup]
) -> Markup:
    title = Markup("")
    if spec.group_by != "none":
        count = element("span", str(len(group.rows)), class_="paper-group-count")
        label = group_label(group.key, spec.group_by, _) + " "
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
                _(COLUMN_LABELS[column]),
                scope="col",
                data_column=column,
                aria_sort=sort,
                data_type="number" if column in NUMERIC else "text",
            )
        )
    body = []
    for paper in group.rows:
        key = (paper, spec.columns, tuple(domain.tag_target(tag) for tag in paper.tags))
        body.append(rows.get(key, functools.partial(row, spec, paper, domain, link)))
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


#: Columns whose shown text is not what they sort by: the browser gets their sort key.
KEYED = frozenset({"venue", "rating", "tags", "source"})


def row(spec: TableSpec, paper: PaperView, domain: PaperDomain, link: Linker) -> Markup:
    cells = (
        element(
            "td",
            element("span", to_html(cell(column, paper), link, domain.tag_target)),
            class_=f"paper-{column}",
            data_column=column,
            data_label=_(COLUMN_LABELS[column]),
            data_value=sort_text(paper, column) if column in KEYED else None,
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
        data_draft="true" if paper.draft else None,
    )
