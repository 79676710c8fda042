"""A Sphinx application kept between builds: each build reads the pages that changed and
writes the pages that show them, as ``sphinx-build`` run again would, without starting
Python, importing Sphinx and loading the Korean analyser's model again."""

from __future__ import annotations

import contextlib
import io
import re
import time
import traceback
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace
from sphinx.util.osutil import copyfile

from paper_reviews.live import known
from paper_reviews.live.deferred import Deferred
from paper_reviews.search_ko import language
from paper_reviews.sphinx import citations

#: The terminal's colour codes, which Sphinx puts around warnings.
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Outcome:
    """What one build did: the pages it wrote (as paths relative to the output folder),
    its warnings, and whether it failed."""

    pages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failed: bool = False
    seconds: float = 0.0
    #: Whether this made the output whole: a page, the search index or the inventory was
    #: owed, and none is now.
    settled: bool = False


class Tee(io.TextIOBase):
    """A stream that writes to ``out`` and keeps what it was given since :meth:`take`."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.kept: list[str] = []

    def write(self, text: str) -> int:
        self.kept.append(text)
        self.out.write(text)
        self.out.flush()
        return len(text)

    def take(self) -> str:
        text, self.kept = "".join(self.kept), []
        return text


def restarts(path: Path) -> bool:
    """Whether a change to ``path`` needs a new application: the configuration, Python
    code it loads, or a message catalog (read when the application starts). The new
    application reads the environment the last one saved."""
    return path.name == "conf.py" or path.suffix in (".py", ".po")


def rewrites_all(path: Path) -> bool:
    """Whether a change to ``path`` changes every page without changing any source: the
    templates and static files."""
    return any(part in ("_templates", "_static") for part in path.parts)


class WarmBuilder:
    """Builds ``srcdir`` into ``outdir`` again and again with one Sphinx application."""

    def __init__(
        self,
        srcdir: Path,
        outdir: Path,
        doctreedir: Path,
        builder: str = "html",
        confoverrides: dict[str, Any] | None = None,
        status: TextIO | None = None,
        warning: TextIO | None = None,
    ) -> None:
        self.srcdir, self.outdir, self.doctreedir = srcdir, outdir, doctreedir
        self.builder = builder
        self.confoverrides = confoverrides or {}
        self.status = status if status is not None else io.StringIO()
        self.warning = Tee(warning if warning is not None else io.StringIO())
        self.app: Sphinx | None = None
        self.deferred: Deferred | None = None
        #: The docutils registrations of the application (roles, directives, nodes): undone
        #: before a new application registers its own, as sphinx-build's process ends.
        self._namespace = contextlib.ExitStack()
        self._written: list[str] = []
        #: The pages open in the browser (as output paths): written first.
        self._first: Collection[str] = ()
        self._on_page: Callable[[str], None] | None = None
        #: Whether this build leaves the pages not open in the browser to :meth:`idle`.
        self._later = False
        #: Each list of scripts and style sheets, with what it held when the app started.
        self._assets: list[tuple[list[Any], list[Any]]] = []
        language.keep_warm()

    def build(
        self,
        changed: Sequence[Path] = (),
        first: Collection[str] = (),
        on_page: Callable[[str], None] | None = None,
    ) -> Outcome:
        """Build what changed; never raises (a failure is in the outcome, and the next
        build starts a new application). The pages named in ``first`` (paths in the output
        folder) are written before the others, and ``on_page`` is told of each page as soon
        as it is written. What no page shows is left for :meth:`idle`: with ``on_page``,
        after a warm build also the pages not in ``first``."""
        start = time.perf_counter()
        outcome = Outcome()
        self.warning.take()
        self._written, self._first, self._on_page = [], first, on_page
        try:
            warm = self.app is not None and not any(restarts(path) for path in changed)
            self._later = warm and on_page is not None
            if self.app is not None and warm:
                self._restore_assets()
                # As a new application's builder would when it starts.
                citations.reload_bibliography(self.app)
            else:
                self.app = self._new_app()
            assert self.app is not None and self.deferred is not None
            everything = any(rewrites_all(path) for path in changed)
            # Told what changed, Sphinx looks at nothing else: not while the output or the
            # doctrees are missing (``make clean`` while the server runs).
            whole = (self.outdir / ".buildinfo").is_file() and self.doctreedir.is_dir()
            told = known.changes(changed) if warm and changed and whole and not everything else None
            before = set(self.app.env.found_docs)
            # Sphinx keeps each doctree file it loaded, never expecting it to be read again
            # in one process; here a page read again would be written from the old file.
            getattr(self.app.env, "_pickled_doctree_cache", {}).clear()
            with self.deferred.build(defer=warm), told or contextlib.nullcontext():
                self.app.build(force_all=everything)
            self._remove_pages(self.app, before - self.app.env.found_docs)
        except Exception:
            self.app, self.deferred = None, None
            outcome.failed = True
            self.warning.write(traceback.format_exc())
        finally:
            self._on_page = None
        return self._outcome(outcome, start)

    def idle(self, *, everything: bool = False, stop: Callable[[], bool] = bool) -> Outcome | None:
        """The work :meth:`build` left: the pages no browser showed (one by one, until
        ``stop()`` says a change came), then the search index and the inventory; with
        ``everything`` also saving the environment and a full garbage collection. None if
        there was none."""
        deferred = self.deferred
        if deferred is None or not (deferred.owed or (everything and deferred.pending)):
            return None
        start = time.perf_counter()
        outcome = Outcome()
        self.warning.take()
        self._written = []
        owed = deferred.owed
        try:
            if deferred.write_pages(stop):
                deferred.write_site_files()
                if everything:
                    deferred.save()
            outcome.settled = owed and not deferred.owed
        except Exception:
            self.app, self.deferred = None, None
            outcome.failed = True
            self.warning.write(traceback.format_exc())
        return self._outcome(outcome, start)

    def _outcome(self, outcome: Outcome, start: float) -> Outcome:
        outcome.pages = list(self._written)
        text = _COLOUR.sub("", self.warning.take())
        outcome.warnings = [line for line in text.splitlines() if line.strip()]
        outcome.seconds = time.perf_counter() - start
        return outcome

    @property
    def owed(self) -> bool:
        """Whether a page, the search index or the inventory waits for :meth:`idle`."""
        return self.deferred is not None and self.deferred.owed

    def close(self) -> None:
        """Do what was left undone and let the application go."""
        self.idle(everything=True)
        self.app, self.deferred = None, None
        self._namespace.close()
        language.keep_warm(False)

    def _new_app(self) -> Sphinx:
        # The new application reads the environment and the search index the last one left.
        self.idle(everything=True)
        self.app, self.deferred = None, None
        self._namespace.close()
        self._namespace.enter_context(docutils_namespace())
        app = Sphinx(
            str(self.srcdir),
            str(self.srcdir),
            str(self.outdir),
            str(self.doctreedir),
            self.builder,
            confoverrides=dict(self.confoverrides),
            status=self.status,
            warning=self.warning,  # type: ignore[arg-type]  # a text stream
        )
        app.connect("html-page-context", self._note_page)
        builder: Any = app.builder
        self.deferred = Deferred(app)  # before the builder's methods are wrapped here
        if hasattr(builder, "write_doc") and hasattr(builder, "_write_serial"):
            # Attributes of this builder object, in front of its class's methods.
            write_doc, write_serial = builder.write_doc, builder._write_serial
            builder.write_doc = lambda docname, doctree: self._write_doc(
                write_doc, docname, doctree
            )
            builder._write_serial = lambda docnames: self._write_serial(write_serial, docnames)
        self._assets = [(assets, list(assets)) for assets in _asset_lists(app)]
        return app

    def _restore_assets(self) -> None:
        """The scripts and style sheets every page names, as they were when the application
        started. Themes and extensions add a page's own scripts while it is written
        (pydata-sphinx-theme its name, MathJax its configuration); one build forgets them
        with its process, but here they would pile up, and every later page would name them
        all."""
        for assets, kept in self._assets:
            assets[:] = kept

    def _remove_pages(self, app: Sphinx, docnames: set[str]) -> None:
        """Delete what was written for pages whose source is gone, as a fresh build would
        not write them (Sphinx leaves them in place)."""
        for docname in docnames:
            for path in (self.outdir / app.builder.get_target_uri(docname),
                         self.outdir / "_sources" / f"{docname}.md.txt"):  # fmt: skip
                if self.outdir in path.resolve().parents:
                    path.unlink(missing_ok=True)

    def _write_serial(
        self, write_serial: Callable[[list[str]], None], docnames: Sequence[str]
    ) -> None:
        """Write the pages open in the browser first, then the others in Sphinx's order (and
        those an earlier build left); or, after a warm build for the server, leave the
        others to :meth:`idle`."""
        assert self.app is not None and self.deferred is not None
        shown: list[str] = []
        others: list[str] = []
        for docname in self.deferred.take_pages(docnames):
            opened = self._path(self.app, docname) in self._first
            (shown if opened else others).append(docname)
        if self._later:
            self.deferred.owe_pages(others)
            write_serial(shown)
        else:
            write_serial(shown + others)

    def _write_doc(self, write_doc: Callable[..., Any], docname: str, doctree: Any) -> None:
        write_doc(docname, doctree)
        if self._on_page is not None and self.app is not None:
            self._copy_images(self.app, docname)
            self._on_page(self._path(self.app, docname))

    @staticmethod
    def _copy_images(app: Sphinx, docname: str) -> None:
        """The page's images, copied before the page reloads (Sphinx copies them all after
        the last page)."""
        builder: Any = app.builder
        targets: dict[str, str] = getattr(builder, "images", {})
        for image, (docnames, _) in app.env.images.items():
            if docname in docnames and image in targets and (app.srcdir / image).is_file():
                folder = app.outdir / builder.imagedir
                folder.mkdir(parents=True, exist_ok=True)
                copyfile(app.srcdir / image, folder / targets[image], force=True)

    @staticmethod
    def _path(app: Sphinx, pagename: str) -> str:
        """The page's file in the output folder, as the browser names it (not %-encoded)."""
        return unquote(app.builder.get_target_uri(pagename)) or "index.html"

    def _note_page(self, app: Sphinx, pagename: str, *args: Any) -> None:
        self._written.append(self._path(app, pagename))


def _asset_lists(app: Sphinx) -> list[list[Any]]:
    """The lists of scripts and style sheets of the registry (what extensions added) and of
    the HTML builder (what it writes into every page): Sphinx's internals, which differ
    between versions; the lists it does not have are left out."""
    holders = [(app.registry, "js_files"), (app.registry, "css_files"),
               (app.builder, "_js_files"), (app.builder, "_css_files")]  # fmt: skip
    return [
        found for holder, name in holders if isinstance(found := getattr(holder, name, None), list)
    ]
