"""The ``paper-statistics`` directive: how many reviews there are per tag, per venue and per
year, and how they are rated, drawn as bar charts when the page is written.

The directive leaves a placeholder while reading; :class:`StatisticsTransform` fills it from
the catalog (:mod:`paper_reviews.core.statistics` counts) when the page is written, as the
overview is filled, and the domain has Sphinx write the page again whenever what it shows
changed (``PaperDomain._changed_pages``), so the charts follow every review without the page
being read again, under ``-j`` too. Drafts count where the output shows them
(``PaperDomain.shown_views``): in HTML always, in the PDF when ``paper_reviews_pdf_drafts``
asks for them.

HTML gets inline SVG (:mod:`.html` writes it, so every label is escaped), in the theme's
colours through CSS variables, each bar a link to the view of the overview that lists its
reviews. LaTeX gets the same bars drawn as rules (no package beyond Sphinx's own); other
builders a list of counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast
from urllib.parse import quote, urlencode

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.texescape import escape as tex_escape

from paper_reviews.core.model import format_rating
from paper_reviews.core.ordering import every_grouping
from paper_reviews.core.problems import Check
from paper_reviews.core.statistics import (
    CHART_TITLES,
    CHARTS,
    Bar,
    Chart,
    Statistics,
    bar_label,
    count,
    parse_charts,
    view_of,
)
from paper_reviews.sphinx.domain import PaperDomain
from paper_reviews.sphinx.html import Markup, element
from paper_reviews.sphinx.nodes import placeholders
from paper_reviews.sphinx.parts import linker
from paper_reviews.sphinx.report import warn
from paper_reviews.sphinx.words import _, ngettext

if TYPE_CHECKING:
    from sphinx.builders import Builder


class paper_statistics(nodes.General, nodes.Element):
    """Where a ``paper-statistics`` goes: its ``charts`` and its ``index`` on the page."""


class PaperStatisticsDirective(SphinxDirective):
    """``paper-statistics``: option ``:charts:`` (which charts, in which order)."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "charts": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        charts: tuple[str, ...] = CHARTS
        if "charts" in self.options:
            try:
                charts = parse_charts(self.options["charts"])
            except ValueError as err:
                warn(Check.OPTION, "%s; using the default", err, location=self.get_location())
        domain = cast(PaperDomain, self.env.get_domain("paper"))
        docname = self.env.docname
        node = paper_statistics(charts=charts, index=domain.note_statistics(docname), page=docname)
        self.set_source_info(node)
        return [node]


#: Where a bar links to, from the page being written: a relative URL, or None.
BarLink = Callable[[str, Bar], "str | None"]


class StatisticsTransform(SphinxPostTransform):
    """Fill each ``paper_statistics`` placeholder from the catalog. This one serves every
    builder but HTML, which :class:`HTMLStatisticsTransform` serves first."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        domain = cast(PaperDomain, self.env.get_domain("paper"))
        on_page = domain.statistics.get(self.env.docname, 0)
        for placeholder in placeholders(self.document, paper_statistics, on_page):
            counted = count(domain.shown_views(), placeholder["charts"])
            placeholder.replace_self(self.render(counted, placeholder, domain))

    def render(
        self, counted: Statistics, placeholder: paper_statistics, domain: PaperDomain
    ) -> nodes.Node:
        root = nodes.container(classes=["paper-statistics"])
        if not counted.reviews:
            root += nodes.paragraph(text=_("No reviews yet."))
            return root
        summary = " · ".join(before + number + after for before, number, after in totals(counted))
        root += nodes.paragraph(text=summary, classes=["paper-statistics-summary"])
        latex = self.env._builder_cls.format == "latex"
        for chart in counted.charts:
            title = _(CHART_TITLES[chart.kind])
            root += nodes.rubric(title, title, **{"heading-level": 2})
            root += latex_chart(chart) if latex else list_chart(chart)
        return root


class HTMLStatisticsTransform(StatisticsTransform):
    """The charts as inline SVG, each bar a link to the overview."""

    default_priority = 4
    formats = ("html",)

    def render(
        self, counted: Statistics, placeholder: paper_statistics, domain: PaperDomain
    ) -> nodes.Node:
        builder = self.env._app.builder
        link = overview_links(domain, builder, self.env.docname)
        index = placeholder["index"]
        prefix = f"s{index + 1}-" if index else ""
        if builder.name == "singlehtml":  # every page's charts on one page: ids from each
            page = placeholder.get("page", self.env.docname)
            pages = sorted(domain.statistics)
            prefix = f"p{pages.index(page) + 1 if page in pages else 0}-{prefix}"
        markup = html(counted, prefix, link)
        # Left out of the search index, as the overview is: every tag and venue again.
        return nodes.raw("", str(markup), format="html", classes=["no-search"])


def totals(counted: Statistics) -> list[tuple[str, str, str]]:
    """The figures above the charts, each as (words before, number, words after) in the
    site's language: "10 reviews", "리뷰 10편"."""
    figures = [(ngettext("{count} review", "{count} reviews", counted.reviews), counted.reviews)]
    if counted.drafts:
        figures.append(
            (ngettext("{count} draft", "{count} drafts", counted.drafts), counted.drafts)
        )
    if counted.tags:
        figures.append((ngettext("{count} tag", "{count} tags", counted.tags), counted.tags))
    if counted.venues:
        figures.append(
            (ngettext("{count} venue", "{count} venues", counted.venues), counted.venues)
        )
    out = []
    for words, number in figures:
        before, _key, after = words.partition("{count}")
        out.append((before, str(number), after))
    if counted.average is not None:
        before, _key, after = _("Average rating {rating}").partition("{rating}")
        out.append((before, format_rating(counted.average), after))
    return out


# -- links ---------------------------------------------------------------------------------


def overview_links(domain: PaperDomain, builder: Builder, here: str) -> BarLink | None:
    """Links from page ``here`` to the overview's views (relative, so that they work from
    ``file://`` and under any path), or none on a site without an overview."""
    place = domain.overview()
    if place is None:
        return None
    docname, spec = place
    groupings = every_grouping(domain.shown_views(), spec, domain.tag_ids)
    anchors = {
        kind: {key: anchor for key, anchor, _label in groups} for kind, groups in groupings.items()
    }
    page = linker(builder, here)(docname, "")  # as Sphinx's resolvers link

    def link(kind: str, bar: Bar) -> str | None:
        view = view_of(kind, bar, anchors)
        if view is None:
            return None
        query = urlencode(view.params, quote_via=quote)
        return f"{page}?{query}" + (f"#{view.anchor}" if view.anchor else "")

    return link


# -- HTML ----------------------------------------------------------------------------------

#: A bar's row in pixels: its label on a line of its own (so that long tags and Korean
#: labels need no room beside the bar on a phone), then the bar with its count after it.
ROW = 44
LABEL_Y = 15
BAR_Y = 21
BAR_HEIGHT = 15
#: The longest bar's share of the width; the rest leaves room for its count.
LONGEST = 85.0


def html(counted: Statistics, prefix: str, link: BarLink | None) -> Markup:
    """The statistics as HTML: the totals, then one figure per chart, their ids starting
    with ``prefix``; the bars link to the overview with ``link`` (None: no overview)."""
    if not counted.reviews:
        empty = element("p", _("No reviews yet."), class_="paper-statistics-empty")
        return element("div", empty, class_="paper-statistics")
    figures = [
        element("span", [before, element("strong", number), after], class_="paper-statistics-total")
        for before, number, after in totals(counted)
    ]
    charts = [chart_html(chart, prefix, link) for chart in counted.charts]
    return element(
        "div",
        [
            element("p", figures, class_="paper-statistics-summary"),
            element("div", charts, class_="paper-charts"),
        ],
        class_="paper-statistics",
    )


def chart_html(chart: Chart, prefix: str, link: BarLink | None) -> Markup:
    """One chart: a heading, and an SVG whose title and description name it, each bar a
    link whose accessible name says its label and count."""
    ident = f"{prefix}paper-chart-{chart.kind}"
    title = _(CHART_TITLES[chart.kind])
    rows = [bar_html(chart, bar, i, link) for i, bar in enumerate(chart.bars)]
    linked = link is not None
    svg = element(
        "svg",
        [
            element("title", title, id=f"{ident}-title"),
            *(
                [
                    element(
                        "desc",
                        _("Each bar links to its reviews in the overview."),
                        id=f"{ident}-desc",
                    )
                ]
                if linked
                else []
            ),
            *rows,
        ],
        xmlns="http://www.w3.org/2000/svg",
        class_="paper-chart-bars",
        role="group",
        aria_labelledby=f"{ident}-title",
        aria_describedby=f"{ident}-desc" if linked else None,
        width="100%",
        height=str(ROW * len(chart.bars)),
    )
    heading = element("h2", title, id=ident)
    return element("section", [heading, svg], class_="paper-chart", data_chart=chart.kind)


def bar_html(chart: Chart, bar: Bar, position: int, link: BarLink | None) -> Markup:
    """One bar: its label, the bar and its count, all inside the link when there is one."""
    label = bar_label(chart.kind, bar.key, _)
    said = ngettext("{label}: {count} review", "{label}: {count} reviews", bar.count)
    if chart.kind == "rating" and bar.key:
        stars = ngettext("{count} star", "{count} stars", int(bar.key)).format(count=bar.key)
        said = said.format(label=stars, count=bar.count)
    else:
        said = said.format(label=label, count=bar.count)
    top = position * ROW
    width = bar.count / chart.most * LONGEST if bar.count else 0.0
    shapes = [
        element(
            "rect",
            class_="paper-bar-area",
            x="0",
            y=str(top),
            width="100%",
            height=str(ROW),
            fill="transparent",
        ),
        element(
            "text",
            label,
            class_="paper-bar-label",
            x="0",
            y=str(top + LABEL_Y),
            fill="currentColor",
        ),
        element(
            "rect",
            class_="paper-bar-fill",
            x="0",
            y=str(top + BAR_Y),
            width=f"{max(width, 0.5) if bar.count else 0:.2f}%",
            height=str(BAR_HEIGHT),
            rx="2",
            fill="currentColor",
        ),
        element(
            "text",
            str(bar.count),
            class_="paper-bar-count",
            x=f"{width:.2f}%",
            dx="6",
            y=str(top + BAR_Y + BAR_HEIGHT / 2),
            dominant_baseline="central",
            fill="currentColor",
        ),
    ]
    href = link(chart.kind, bar) if link is not None else None
    if href is None:
        # Not a link: one image with the words a link would have said.
        return element(
            "g", shapes, class_="paper-bar", role="img", aria_label=said, data_key=bar.key
        )
    # Named by its <title> (also its tooltip), which starts with the label shown, as a
    # name spoken by voice control must; aria-label would have to repeat the label and the
    # count word for word as they are drawn (WCAG 2.5.3).
    anchor = element("a", [element("title", said), *shapes], href=href)
    return element("g", anchor, class_="paper-bar", data_key=bar.key)


# -- other builders ------------------------------------------------------------------------


def list_chart(chart: Chart) -> nodes.Node:
    """A chart as a list of counts: "Model Architecture: 4"."""
    items = nodes.bullet_list(classes=["paper-chart"])
    for bar in chart.bars:
        text = f"{bar_label(chart.kind, bar.key, _)}: {bar.count}"
        items += nodes.list_item("", nodes.paragraph(text=text))
    return items


#: The label column and the longest bar, as shares of the line.
LATEX_LABEL = 0.3
LATEX_LONGEST = 0.55


def latex_chart(chart: Chart) -> nodes.Node:
    """A chart drawn in LaTeX: one line per bar, the label in a column of its own (wrapped
    when long), the bar a rule in the colour of Sphinx's headings, its count after it. Each
    bar is a paragraph, so a long chart breaks across pages."""
    lines = [r"\par\begingroup\small\setlength{\parskip}{0.6ex}"]
    for bar in chart.bars:
        label = tex_escape(bar_label(chart.kind, bar.key, _))
        share = bar.count / chart.most * LATEX_LONGEST
        lines.append(
            rf"\noindent\parbox[t]{{{LATEX_LABEL}\linewidth}}{{\raggedright {label}}}%"
            "\n"
            r"\hspace{1em}"
            rf"{{\color{{TitleColor}}\rule[-0.15ex]{{{share:.4f}\linewidth}}{{1.7ex}}}}"
            rf"\hspace{{0.5em}}{bar.count}\par"
        )
    lines.append(r"\endgroup")
    return nodes.raw("", "\n".join(lines) + "\n", format="latex")
