"""The extension's setup: what it registers with Sphinx and the handlers that join the parts.

The fixes that keep the build linear are extensions of their own, in :mod:`.patches`,
loaded from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util.fileutil import copy_asset_file
from sphinxcontrib.bibtex.domain import BibtexDomain

from paper_reviews import __version__
from paper_reviews.core import yearlabels
from paper_reviews.core.bibfile import write_atomic
from paper_reviews.core.bibsource import PRIVATE_FIELDS
from paper_reviews.core.records import catalog_json, paper_record
from paper_reviews.search_ko.language import SearchKorean, close_analyser, send_pages
from paper_reviews.sphinx import citations, latex_words, newsite, words
from paper_reviews.sphinx.backlinks import CitersTransform
from paper_reviews.sphinx.card import CardTransform, HTMLCardTransform
from paper_reviews.sphinx.domain import PaperDomain
from paper_reviews.sphinx.encoding import use_lenient_codec
from paper_reviews.sphinx.latex import (
    InlineBibliography,
    LeaveOutDrafts,
    UnlinkDrafts,
    install_babel_filter,
)
from paper_reviews.sphinx.nodes import (
    DETAILS_VISITORS,
    paper_card,
    paper_card_html,
    paper_details,
    paper_table,
    plain_block,
    visit_card_html,
    visit_citation_html,
    visit_plain_block_html,
)
from paper_reviews.sphinx.overview import (
    HTMLOverviewTransform,
    OverviewTransform,
    PaperTableDirective,
)
from paper_reviews.sphinx.review import ReviewTransform
from paper_reviews.sphinx.roles import CheckedCiteRole, PaperRole
from paper_reviews.sphinx.statistics import (
    HTMLStatisticsTransform,
    PaperStatisticsDirective,
    StatisticsTransform,
    paper_statistics,
)
from paper_reviews.sphinx.words import _

#: The fixes to Sphinx and sphinxcontrib-bibtex that keep the build linear (see
#: :mod:`.patches`); each steps aside on a version it was not verified with.
PATCHES = (
    "paper_reviews.patches.bibtex_linear",
    "paper_reviews.patches.navigation",
    "paper_reviews.patches.searchindex",
    "paper_reviews.patches.memory",
)
HERE = Path(__file__).parent
STATIC = HERE / "static"
#: Bump when the stored catalog or the pages' placeholders change shape: Sphinx then
#: re-reads every page.
ENV_VERSION = 3


def _env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return cast(PaperDomain, env.get_domain("paper")).update_catalog(env)


def _config_inited(app: Sphinx, config: Config) -> None:
    citations.register()
    install_babel_filter(config.language)
    newsite.install(config.paper_reviews_dir)


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.add_css_file("paper_reviews.css")
    # Copied here rather than added to html_static_path, which would make Sphinx report a
    # changed configuration on every incremental build; and before any page is written, as
    # each page names the files with their checksum (``?v=``).
    static = app.outdir / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for path in STATIC.iterdir():
        copy_asset_file(path, static, force=True)


def _build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    # The catalog for other tools, beside index.html.
    domain = cast(PaperDomain, app.env.get_domain("paper"))
    records = [
        paper_record(
            paper,
            url=app.builder.get_target_uri(paper.docname),
            cited_in=domain.citers_of(paper.bibkey),
        )
        for paper in domain.views.values()
    ]
    write_atomic(app.outdir / "papers.json", catalog_json(records))


def _html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    context["paper_reviews_nav"] = navigation(app, pagename, context["pathto"])
    context["paper_reviews_nav_label"] = _("Site navigation")
    if pagename in cast(PaperDomain, app.env.get_domain("paper")).tables:
        # The overview's rules, then the script that applies them to the page (it reads them
        # from window.PaperReviews): deferred scripts run in the order they are added.
        for script in ("overview-url.js", "overview-order.js", "overview-filter.js"):
            app.add_js_file(script, loading_method="defer")
        app.add_js_file("paper_reviews.js", loading_method="defer")


def navigation(app: Sphinx, pagename: str, pathto: Any) -> list[dict[str, Any]]:
    """The site's top links (``paper-reviews-nav.html``): the overview, each page of
    ``paper_reviews_nav`` the site has (by its title), and the PDF when
    ``paper_reviews_pdf`` names it."""
    config, env = app.config, app.env
    root = config.root_doc
    links = [{"href": pathto(root), "label": _("Overview"), "current": pagename == root}]
    for name in config.paper_reviews_nav:
        if name in env.titles and name != root:
            label = env.titles[name].astext()
            links.append({"href": pathto(name), "label": label, "current": pagename == name})
    if config.paper_reviews_pdf:
        links.append(
            {"href": pathto(config.paper_reviews_pdf, 1), "label": _("PDF"), "current": False}
        )
    return links


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")
    for patch in PATCHES:
        app.setup_extension(patch)
    app.setup_extension("paper_reviews.sphinx.mathjax")  # math offline: MathJax shipped
    app.setup_extension("paper_reviews.sphinx.search_words")  # Sphinx's gaps, filled
    app.add_config_value("paper_reviews_dir", "reviews", "env", types=[str])
    app.add_config_value("paper_reviews_venues", {}, "env", types=[dict])
    # Draft reviews in the PDF too (they are always in the HTML site).
    app.add_config_value("paper_reviews_pdf_drafts", False, "", types=[bool])
    # The top navigation's pages after the overview, by docname (those the site has).
    app.add_config_value(
        "paper_reviews_nav", ["statistics", "references"], "html", types=[list, tuple]
    )
    # The PDF's path in the HTML output, linked from the top navigation ("": no link).
    app.add_config_value("paper_reviews_pdf", "", "html", types=[str])
    app.add_config_value(
        "paper_reviews_private_fields", list(PRIVATE_FIELDS), "env", types=[list, tuple]
    )

    app.add_search_language(SearchKorean)
    app.add_domain(PaperDomain)
    app.add_role("paper", PaperRole())
    app.add_role("cite", CheckedCiteRole(), override=True)
    for name in BibtexDomain.roles:
        app.add_role_to_domain("cite", name, CheckedCiteRole(), override=True)
    app.add_directive("paper-table", PaperTableDirective)
    app.add_directive("paper-statistics", PaperStatisticsDirective)
    app.add_node(paper_card)
    app.add_node(paper_card_html, html=(visit_card_html, None))
    app.add_node(paper_table)
    app.add_node(paper_statistics)
    app.add_node(paper_details, **DETAILS_VISITORS)  # type: ignore[arg-type]
    # Other builders write it as the literal block it is.
    app.add_node(plain_block, html=(visit_plain_block_html, None))
    # Bibliography entries as items of their list, not in a deprecated ARIA role.
    app.add_node(nodes.citation, override=True, html=(visit_citation_html, None))

    app.add_transform(ReviewTransform)
    app.add_post_transform(HTMLOverviewTransform)
    app.add_post_transform(OverviewTransform)
    app.add_post_transform(HTMLStatisticsTransform)
    app.add_post_transform(StatisticsTransform)
    app.add_post_transform(CardTransform)
    app.add_post_transform(HTMLCardTransform)
    app.add_post_transform(CitersTransform)
    app.add_post_transform(LeaveOutDrafts)
    app.add_post_transform(UnlinkDrafts)
    app.add_post_transform(InlineBibliography)

    # config-inited runs before sphinxcontrib-bibtex looks its styles up (builder-inited).
    words.setup(app)  # before the handlers below: they use the words
    app.connect("config-inited", latex_words.add)
    app.connect("config-inited", _config_inited)
    bib_errors = citations.BibErrors()
    app.connect("builder-inited", bib_errors.start, priority=400)  # sphinxcontrib-bibtex: 500
    app.connect("builder-inited", bib_errors.report, priority=600)
    app.connect("builder-inited", _builder_inited)
    app.connect("build-finished", _build_finished)
    app.connect("build-finished", close_analyser)
    app.connect("env-before-read-docs", send_pages)
    app.connect("env-before-read-docs", use_lenient_codec)
    app.connect("env-updated", yearlabels.apply, priority=400)  # before sphinxcontrib-bibtex's
    app.connect("env-updated", _env_updated)
    app.connect("html-page-context", _html_page_context)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
