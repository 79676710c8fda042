"""The ``{paper}`` role: a link to another review page, titled with the paper's title."""

from __future__ import annotations

from typing import cast

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole

from .domain import PaperDomain


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
