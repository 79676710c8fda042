"""Sphinx's search index, built in time that grows with the site's text, not faster.

Two fixes to Sphinx's :class:`~sphinx.search.IndexBuilder`, which :func:`install` puts in
place once per process (the extension's setup calls it); the index is the same.

* Pruning: before writing ``searchindex.js`` (on every build, even one where nothing
  changed), Sphinx keeps only the pages that still exist: for each word of the index it
  intersects the set of pages with the word with ``env.all_docs``. That is a dictionary,
  not a set, so Python walks all of it for every word: words × pages steps. The pages are
  made a set first, so each intersection walks only the pages that have the word.
* Stemming: Sphinx remembers a word's stem within one page only, so every page stems its
  words again, and the English stemmer (snowballstemmer, pure Python without PyStemmer)
  is slow. The search language's stems are remembered for the whole build instead, so each
  distinct word is stemmed once.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from functools import wraps
from typing import TYPE_CHECKING, Any

from sphinx.search import IndexBuilder

from . import applies

if TYPE_CHECKING:
    from sphinx.application import Sphinx

REPLACES = "sphinx.search.IndexBuilder.prune and the stemming in IndexBuilder.feed"
UPSTREAM = (
    "pruning: https://github.com/sphinx-doc/sphinx/issues/11120; stemming: snowballstemmer "
    "dropped its cache in https://github.com/snowballstem/snowball/pull/114"
)
VERIFIED = {"sphinx": ">=9.0,<10"}

_PATCHED = "_paper_reviews_linear"


def install() -> None:
    """Patch :meth:`IndexBuilder.prune` and :meth:`IndexBuilder.feed` once per process."""
    prune, feed = IndexBuilder.prune, IndexBuilder.feed
    if getattr(prune, _PATCHED, False):
        return

    @wraps(prune)
    def prune_with_a_set(self: IndexBuilder, docnames: Iterable[str]) -> Any:
        return prune(self, docnames if isinstance(docnames, set) else set(docnames))

    @wraps(feed)
    def feed_remembering_stems(self: IndexBuilder, *args: Any, **kwargs: Any) -> Any:
        lang = self.lang
        if not getattr(lang, _PATCHED, False):
            # An attribute of the instance, in front of its class's method.
            lang.stem = functools.cache(lang.stem)  # type: ignore[method-assign]
            setattr(lang, _PATCHED, True)
        return feed(self, *args, **kwargs)

    for patched in (prune_with_a_set, feed_remembering_stems):
        setattr(patched, _PATCHED, True)
    IndexBuilder.prune = prune_with_a_set  # type: ignore[method-assign]
    IndexBuilder.feed = feed_remembering_stems  # type: ignore[method-assign]


def setup(app: Sphinx) -> dict[str, Any]:
    if applies(__name__, VERIFIED):
        install()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
