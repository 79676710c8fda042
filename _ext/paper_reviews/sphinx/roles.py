"""The ``{paper}`` role: a link to another review page, titled with the paper's title."""

from __future__ import annotations

from typing import cast

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.roles import CiteRole

from paper_reviews.core.problems import Check
from paper_reviews.sphinx.domain import PaperDomain
from paper_reviews.sphinx.report import warn


class PaperRole(XRefRole):
    """``{paper}`ioffe2015batch``` or ``{paper}`the BatchNorm paper <ioffe2015batch>```."""

    innernodeclass = nodes.inline

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: nodes.Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        node["refdomain"] = "paper"
        node["reftype"] = "paper"
        # Noted so that this page is written again when the paper's title changes.
        cast(PaperDomain, env.get_domain("paper")).note_ref(env.docname, node["reftarget"])
        return [node], []


class CheckedCiteRole(CiteRole):
    """sphinxcontrib-bibtex's citation roles, with an empty or malformed key reported as a
    warning at its line instead of an exception that stops the whole build."""

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: nodes.Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            targets = list(parse_citation_targets(self.target))
        except ValueError:
            targets = []
        if not targets or not all(t.key for t in targets):
            warn(
                Check.CITE,
                "citation %s has an empty or malformed key; write it as {cite:p}`bibkey` "
                "or {cite:p}`key1,key2`",
                self.rawtext,
                location=self.get_location(),
            )
            return [nodes.literal(self.rawtext, self.rawtext)], []
        return super().result_nodes(document, env, node, is_ref)
