"""Hidden toctrees do not tie their page to every page they include.

The overview holds the reviews in a hidden glob toctree: it gives the PDF its chapters and
every review its previous and next links, and shows nothing on the overview itself. Sphinx
still notes the overview as depending on each included page, which costs twice:

* an edit of any review rewrites the overview, the largest page of the site (what the
  overview shows of a review is tracked by the ``paper`` domain instead, which rewrites it
  when that changed);
* Sphinx forgets a page by scanning that table of dependencies, one entry per review, so
  reading every page of a site scans it once per page: time that grows with the square of
  the number of reviews.

:func:`forget_hidden_includes` drops those entries as soon as the page is read, and notes
the pages as included by it instead, which is all Sphinx's check that every page is in a
toctree asks. The toctree itself, and so the PDF's chapters and the previous and next
links, stay as they were. What a page does show of its neighbours (their titles in the
previous and next links and the parent's in the breadcrumbs) is tracked by the ``paper``
domain, which rewrites the pages whose neighbours were retitled, added or removed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx import addnodes

from . import applies

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

REPLACES = (
    "what sphinx.environment.collectors.toctree.TocTreeCollector notes of a hidden "
    "toctree in env.files_to_rebuild"
)
UPSTREAM = (
    "no upstream issue on the cost; on a toctree tying its page to each page it includes: "
    "https://github.com/sphinx-doc/sphinx/issues/11556"
)
VERIFIED = {"sphinx": ">=9.0,<10"}


def forget_hidden_includes(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    shown: set[str] = set()
    hidden: set[str] = set()
    for toctree in doctree.findall(addnodes.toctree):
        (hidden if toctree.get("hidden") else shown).update(toctree["includefiles"])
    for included in hidden - shown:
        parents = env.files_to_rebuild.get(included)
        if parents is None:
            continue
        parents.discard(docname)
        if not parents:
            del env.files_to_rebuild[included]
        env.included[docname].add(included)


def setup(app: Sphinx) -> dict[str, Any]:
    if applies(__name__, VERIFIED):
        # After Sphinx has noted the page's toctrees (doctree-read, priority 500).
        app.connect("doctree-read", forget_hidden_includes, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
