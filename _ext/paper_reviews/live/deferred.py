"""What a warm build leaves for the writer's next pause: the work whose result no page open
in the browser shows, and which the next save would make stale again.

* **Saving the environment.** Sphinx pickles its whole environment after every build that
  read a page (2 s at 10,000 reviews). The application here keeps it in memory; the saved
  copy matters only to the next process. The dump is skipped during the build
  (:class:`_Pickle`) and the saved file is not touched, so it is always a whole
  environment (an older one is safe: Sphinx reads again every page changed since), and
  :meth:`Deferred.save` saves the current one atomically.
* **The site-wide files.** ``searchindex.js`` and ``objects.inv`` are written from the
  whole site after every build (1.5 s at 10,000 reviews). The call that writes them
  (the HTML builder's ``handle_finish``) is put off; the search index itself stays in memory
  between builds (:meth:`Deferred.load_indexer`), so putting off writing it loses nothing.
* **The pages no browser shows.** After a save, the live server has the pages open in the
  browser written at once and the others (the overview after a summary changed, the
  References page after ``refs.bib`` changed: 8 s at 10,000 reviews) when the writer
  pauses, one by one, stopping when the next save comes; a build writes those still owed.
* **A full garbage collection.** What a build leaves alive is frozen
  (:func:`gc.freeze`), so that the collector does not look at the environment's millions
  of objects again in every build; a pause collects and freezes again.

Once :meth:`Deferred.run` has run, the output and the saved environment are what
``sphinx-build`` would have left (``tests/test_live.py`` compares them page by page).
"""

from __future__ import annotations

import contextlib
import gc
import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import sphinx.builders
from sphinx import application
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx

from paper_reviews.core.bibfile import write_atomic_bytes

#: The name Sphinx reads, when it saves the environment, for the file to save it in.
_NAME = "ENV_PICKLE_FILENAME"
#: What it reads during a warm build: the file it truncates and then leaves empty.
_UNSAVED = ENV_PICKLE_FILENAME + ".unsaved"


class _Pickle:
    """The ``pickle`` module as :mod:`sphinx.builders` sees it: dumping the environment
    named in :attr:`skipping` does nothing; everything else is the real module."""

    def __init__(self) -> None:
        self.skipping: object = None
        self.skipped = False

    def __getattr__(self, name: str) -> Any:
        return getattr(pickle, name)

    def dump(self, obj: object, file: Any, *args: Any, **kwargs: Any) -> None:
        if obj is self.skipping and obj is not None:
            self.skipped = True
            return
        pickle.dump(obj, file, *args, **kwargs)


def install() -> _Pickle | None:
    """The shim in place of :mod:`sphinx.builders`'s ``pickle``, put there once per process;
    None where that module does not pickle with ``pickle`` (another Sphinx): the
    environment is then saved by Sphinx, after every build, as before."""
    current = getattr(sphinx.builders, "pickle", None)
    if isinstance(current, _Pickle):
        return current
    if current is not pickle:
        return None
    shim = _Pickle()
    setattr(sphinx.builders, "pickle", shim)  # noqa: B010
    return shim


class Deferred:
    """The deferred work of one application."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.envfile = Path(app.doctreedir, ENV_PICKLE_FILENAME)
        self.unsaved = False
        self.site_files_owed = False
        self.garbage = False
        self._deferring = False
        self._pickle = install()
        self._indexer: Any = None
        builder: Any = app.builder
        #: The pages owed, and the builder's own way to write them.
        self.pages_owed: set[str] = set()
        self._write_serial: Any = getattr(builder, "_write_serial", None)
        if hasattr(builder, "handle_finish") and hasattr(builder, "load_indexer"):
            # Attributes of this builder object, in front of its class's methods.
            self._handle_finish = builder.handle_finish
            self._load_indexer = builder.load_indexer
            builder.handle_finish = self._owe_site_files
            builder.load_indexer = self.load_indexer

    @contextlib.contextmanager
    def build(self, defer: bool = True) -> Iterator[None]:
        """Around one build: the environment is not saved and the saved one is not touched
        (Sphinx truncates the file it saves to before dumping: it is given another name to
        truncate); the search index and the inventory are owed. Without ``defer`` (an
        application's first build) everything is done as Sphinx does it."""
        defer_saving = defer and self._pickle is not None and hasattr(application, _NAME)
        self._deferring = defer
        if self._pickle is not None:
            self._pickle.skipping = self.app.env if defer_saving else None
            self._pickle.skipped = False
        if defer_saving:
            setattr(application, _NAME, _UNSAVED)
        try:
            yield
        except BaseException:
            # As Sphinx does after a failed build: the next one starts afresh.
            self.envfile.unlink(missing_ok=True)
            self.unsaved = False
            raise
        finally:
            self._deferring = False
            if defer_saving:
                setattr(application, _NAME, ENV_PICKLE_FILENAME)
                self.envfile.with_name(_UNSAVED).unlink(missing_ok=True)
            if self._pickle is not None:
                self._pickle.skipping = None
        if self._pickle is not None and self._pickle.skipped:
            self.unsaved = True
        self.garbage = True
        gc.freeze()

    def load_indexer(self, docnames: Any) -> None:
        """The HTML builder's ``load_indexer``: the index the last build made, kept in
        memory, instead of reading ``searchindex.js`` back (which may be owed)."""
        builder: Any = self.app.builder
        if self._indexer is None:
            self._load_indexer(docnames)
        else:
            builder.indexer = self._indexer
            builder.indexer.prune(set(self.app.env.all_docs).difference(docnames))
        self._indexer = builder.indexer

    def _owe_site_files(self) -> None:
        if self._deferring:
            self.site_files_owed = True
        else:
            self._handle_finish()

    def owe_pages(self, docnames: Iterable[str]) -> None:
        self.pages_owed.update(docnames)

    def take_pages(self, docnames: Iterable[str]) -> list[str]:
        """``docnames`` and the pages owed that still exist, in Sphinx's order; none owed
        after."""
        pages = set(docnames) | (self.pages_owed & self.app.env.found_docs)
        self.pages_owed.clear()
        return sorted(pages)

    def write_pages(self, stop: Callable[[], bool]) -> bool:
        """Write the pages owed, one by one, until ``stop()``; whether all were."""
        found, wrote = self.app.env.found_docs, False
        for docname in sorted(self.pages_owed):
            if stop():
                return False
            self.pages_owed.discard(docname)
            if docname in found:
                self._write_serial([docname])
                wrote = True
        if wrote and hasattr(self.app.builder, "copy_image_files"):
            self.app.builder.copy_image_files()  # those of the pages just written
        return True

    @property
    def owed(self) -> bool:
        """Whether a page, the search index or the inventory is owed."""
        return bool(self.pages_owed) or self.site_files_owed

    @property
    def pending(self) -> bool:
        return self.owed or self.unsaved or self.garbage

    def write_site_files(self) -> None:
        """Write the search index and the inventory, if a build put them off."""
        if self.site_files_owed:
            self.site_files_owed = False
            self._handle_finish()

    def save(self) -> None:
        """Save the environment, atomically, if a build did not; then collect."""
        if self.unsaved:
            write_atomic_bytes(self.envfile, pickle.dumps(self.app.env, pickle.HIGHEST_PROTOCOL))
            self.unsaved = False
        if self.garbage:
            self.garbage = False
            gc.unfreeze()
            gc.collect()
            gc.freeze()
