"""The ``paper-table`` directive: every review in one table, grouped by tag.

The directive leaves a placeholder while reading; :class:`OverviewTransform` fills it
from the catalog when the page is written, so the table follows every review without
re-reading the page that holds it. HTML gets the elements of :mod:`.overview_html`;
other builders (LaTeX above all) get plain docutils tables with the same groups and order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from paper_reviews.core.ordering import (
    COLUMN_LABELS,
    Group,
    TableSpec,
    build_groups,
    group_label,
    parse_columns,
    parse_group_by,
    parse_sort,
    split_list,
)
from paper_reviews.core.problems import Check
from paper_reviews.sphinx import overview_html
from paper_reviews.sphinx.domain import PaperDomain
from paper_reviews.sphinx.nodes import paper_table, placeholders
from paper_reviews.sphinx.parts import cell, linker, to_nodes
from paper_reviews.sphinx.report import warn
from paper_reviews.sphinx.words import _


class PaperTableDirective(SphinxDirective):
    """``paper-table``: options ``:group-by:``, ``:sort:``, ``:tags:``, ``:columns:``."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "group-by": directives.unchanged_required,
        "sort": directives.unchanged_required,
        "tags": directives.unchanged_required,
        "columns": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        parsers: dict[str, Callable[[str], Any]] = {
            "group-by": parse_group_by,
            "sort": parse_sort,
            "tags": lambda text: tuple(split_list(text)),
            "columns": parse_columns,
        }
        values: dict[str, Any] = {}
        for option, parse in parsers.items():
            if option not in self.options:
                continue
            try:
                values[option.replace("-", "_")] = parse(self.options[option])
            except ValueError as err:
                warn(
                    Check.OPTION,
                    "%s; using the default",
                    err,
                    location=self.get_location(),
                )
        domain = cast(PaperDomain, self.env.get_domain("paper"))
        index = len(domain.tables.get(self.env.docname, []))
        spec = TableSpec(index=index, **values)
        domain.note_table(self.env.docname, spec)
        node = paper_table(spec=spec)
        self.set_source_info(node)
        return [node]


class OverviewTransform(SphinxPostTransform):
    """Fill each ``paper_table`` placeholder from the catalog (before references resolve).

    This one serves every builder with plain tables; :class:`HTMLOverviewTransform` runs
    first for HTML builders and leaves nothing for it to do.
    """

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = cast(PaperDomain, self.env.get_domain("paper"))
        on_page = len(domain.tables.get(self.env.docname, ()))
        for placeholder in placeholders(self.document, paper_table, on_page):
            spec: TableSpec = placeholder["spec"]
            papers = domain.shown_views()
            groups = build_groups(papers, spec, domain.tag_ids)
            placeholder.replace_self(self.render(spec, groups, domain))

    def render(self, spec: TableSpec, groups: list[Group], domain: PaperDomain) -> nodes.Node:
        return self._doctree(spec, groups, domain)

    # -- other builders ------------------------------------------------------------------------

    def _doctree(self, spec: TableSpec, groups: list[Group], domain: PaperDomain) -> nodes.Node:
        """Plain tables, one per group: long tables with set column widths in LaTeX, so
        summaries wrap inside the margins and a group may run over several pages."""
        root = nodes.container(classes=["paper-table"])
        if not groups:
            root += nodes.paragraph(text=_("No reviews yet."))
        for group in groups:
            box = nodes.container(classes=["paper-group"])
            box += nodes.target("", "", ids=[group.anchor])
            if spec.group_by != "none":
                label = f"{group_label(group.key, spec.group_by, _)} ({len(group.rows)})"
                box += nodes.rubric(label, label)
            box += nodes.raw("", r"\begingroup\footnotesize", format="latex")
            box += addnodes.tabular_col_spec(spec=latex_colspec(spec.columns))
            box += self._table(spec, group, domain)
            box += nodes.raw("", r"\endgroup", format="latex")
            root += box
        return root

    def _table(self, spec: TableSpec, group: Group, domain: PaperDomain) -> nodes.table:
        table = nodes.table(classes=["paper-grid", "longtable"])
        tgroup = nodes.tgroup(cols=len(spec.columns))
        table += tgroup
        for column in spec.columns:
            tgroup += nodes.colspec(colwidth=COLUMN_WIDTHS[column])
        head_row = nodes.row()
        for column in spec.columns:
            head_row += nodes.entry("", nodes.paragraph(text=_(COLUMN_LABELS[column])))
        tgroup += nodes.thead("", head_row)
        tbody = nodes.tbody()
        for paper in group.rows:
            row = nodes.row()
            for column in spec.columns:
                # Ragged right: justified narrow columns stretch the gaps between words.
                ragged = nodes.raw("", r"\raggedright ", format="latex")
                cells = to_nodes(cell(column, paper), domain.tag_reference)
                para = nodes.paragraph("", "", ragged, *cells)
                row += nodes.entry("", para)
            tbody += row
        tgroup += tbody
        return table


#: Relative column widths for builders with plain tables.
COLUMN_WIDTHS = {"title": 19, "venue": 13, "rating": 8, "tags": 12, "summary": 38, "source": 10}


def latex_colspec(columns: tuple[str, ...]) -> str:
    """Fixed fractions of the line width, so summaries wrap inside the margins."""
    total = sum(COLUMN_WIDTHS[c] for c in columns)
    return "".join(rf"\X{{{COLUMN_WIDTHS[c]}}}{{{total}}}" for c in columns)


class HTMLOverviewTransform(OverviewTransform):
    """The overview as HTML elements with the hooks the browser script and styles use."""

    default_priority = 4
    formats = ("html",)

    def render(self, spec: TableSpec, groups: list[Group], domain: PaperDomain) -> nodes.Node:
        builder = self.env._app.builder
        link = linker(builder, self.env.docname)  # as Sphinx's resolvers do
        table = (builder, (self.env.docname, spec.index))
        html = overview_html.render(spec, groups, domain, link, table)
        # Left out of the search index: it repeats every review's title and summary, so the
        # overview would match nearly every query (its own filter searches it).
        return nodes.raw("", str(html), format="html", classes=["no-search"])
