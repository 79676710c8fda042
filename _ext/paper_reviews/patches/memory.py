"""Garbage collection while pages are written, in time that does not grow with the site.

After reading, Sphinx keeps every page read in memory (its doctree) beside the environment
until the page is written: millions of Python objects on a large site. Python's cyclic
garbage collector looks at all of them in each of its full collections, and a written
page's doctree, whose nodes point at their parents, is freed only by such a collection;
how many full collections fall in the write phase depends on how much each page allocates.
docs/performance.md has the figures.

While a serial build reads, each full collection looks at every page read so far: a
build's collections grow with the square of its pages. So after each full collection
while reading, what survived it is frozen (:func:`gc.freeze`): the next one looks only at
what was made since. What was frozen and dies later waits for the end of the build.

For a serial HTML build, two changes, from the end of reading:

* Once reading is done (the last ``env-updated`` handler), what is alive is frozen
  (:func:`gc.freeze`): the collector does not look at the environment and the waiting
  doctrees again, neither while Sphinx saves the environment nor while it writes. It is
  not collected first: that full collection alone is costly, and a full collection
  during reading leaves little garbage, which waits for the end of the build.
* Once a page is written, the nodes of its doctree let go of each other (:func:`release`),
  so the page is freed at once, frozen or not, without the collector. Sphinx holds the
  warnings of a serial write until the last page is written, each with the node it is
  about, and reads the node's file and line only then: the warnings about the page are
  given their file and line first (:func:`settle_locations`), as Sphinx would give them.

Everything is unfrozen when the build finishes, so a later build in the same process is
collected as usual. The pages written are the same. A parallel write (``-j``) writes pages
in forked processes and is left as it is.

An extension of its own (``paper_reviews.patches.memory``), like :mod:`.bibtex_linear`.
"""

from __future__ import annotations

import gc
import logging
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.logging import NAMESPACE, MemoryHandler, get_node_location

from . import applies

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


REPLACES = (
    "nothing of Sphinx's code: how Python's garbage collector runs while "
    "sphinx.builders.Builder reads and writes (write_doc wrapped per builder)"
)
UPSTREAM = (
    "https://github.com/python/cpython/issues/124567 (the collector's cost in Sphinx "
    "builds); https://github.com/sphinx-doc/sphinx/issues/11124 (memory of serial builds)"
)
VERIFIED = {"sphinx": ">=9.0,<10"}

#: The collector's oldest generation: a collection of it is a full collection.
OLDEST = len(gc.get_count()) - 1


def release(doctree: nodes.document) -> None:
    """Unlink the nodes of a written doctree from each other, so that no cycle keeps it
    alive. Each node keeps its attributes: what the environment holds of a page's nodes
    (sphinxcontrib-bibtex keeps its citation nodes, and reads their ids on the next build in
    the same process) stays readable."""
    for node in list(doctree.findall()):
        node.parent = None
        node.__dict__.pop("document", None)
        if isinstance(node, nodes.Element):
            node.children = []
    doctree.__dict__.clear()


#: How many of a held-back warning list's records :func:`settle_locations` has seen.
_SETTLED = "_paper_reviews_settled"


def settle_locations() -> None:
    """Replace the node of each warning Sphinx holds back with the node's file and line,
    which is what Sphinx shows for it (its log filter reads them when the warnings are let
    out, after the write phase)."""
    for handler in logging.getLogger(NAMESPACE).handlers:
        if not isinstance(handler, MemoryHandler):
            continue
        seen = getattr(handler, _SETTLED, 0)
        for record in handler.buffer[seen:]:
            location = getattr(record, "location", None)
            if isinstance(location, nodes.Node):
                record.location = get_node_location(location)
        setattr(handler, _SETTLED, len(handler.buffer))


def _writes_serially(app: Sphinx) -> bool:
    return app.parallel <= 1 and app.builder.format == "html"


def _release_written_pages(app: Sphinx) -> None:
    """builder-inited: release each page's doctree once the builder has written it."""
    if not _writes_serially(app):
        return
    builder = app.builder
    write_doc = builder.write_doc

    def write_and_release(docname: str, doctree: nodes.document) -> None:
        try:
            write_doc(docname, doctree)
        finally:
            settle_locations()
            release(doctree)

    # An attribute of this builder object, in front of its class's method.
    builder.write_doc = write_and_release  # type: ignore[method-assign]


def _freeze_survivors(phase: str, info: dict[str, int]) -> None:
    """A :data:`gc.callbacks` entry: freeze what a full collection left alive."""
    if phase == "stop" and info["generation"] == OLDEST:
        gc.freeze()


def _start_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """env-before-read-docs: freeze after each full collection while a serial build reads."""
    if app.parallel <= 1 and _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)


def _stop_freezing() -> None:
    if _freeze_survivors in gc.callbacks:
        gc.callbacks.remove(_freeze_survivors)


def _freeze(app: Sphinx, env: BuildEnvironment) -> None:
    """env-updated, after the other handlers: the environment is complete."""
    _stop_freezing()
    if _writes_serially(app):
        gc.freeze()


def _unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    _stop_freezing()
    gc.unfreeze()


def setup(app: Sphinx) -> dict[str, Any]:
    if applies(__name__, VERIFIED):
        app.connect("builder-inited", _release_written_pages)
        app.connect("env-before-read-docs", _start_reading)
        app.connect("env-updated", _freeze, priority=900)
        # After the other handlers, which would otherwise start a full collection of all.
        app.connect("build-finished", _unfreeze, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
