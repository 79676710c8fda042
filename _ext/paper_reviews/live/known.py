"""A warm build told what changed, instead of looking at every page.

Before reading, Sphinx walks the source folder for pages (``Project.discover``), compares
every page's time stamps with what it read (``BuildEnvironment.get_outdated_files``), and
the HTML builder compares every page's time stamps with what it wrote
(``get_outdated_docs``): 1.5 s at 10,000 reviews, for one saved file. The live server's
watcher knows which files changed; while :func:`changes` holds them, the three look at
those files only:

* the walk is skipped unless a page was added or removed, or a folder changed;
* the pages read again are the changed files' pages (even if a save came while Sphinx
  read the page, which its time stamps miss), and of the pages that depend on a changed
  file (an included file, an image) and those Sphinx reads on every build, those Sphinx's
  own comparison finds changed; pages added or removed are found as Sphinx finds them;
* the HTML builder's list is the pages added and the changed pages; a page's output that
  is older than its source can only belong to a changed page here, as the application
  wrote every page it read.

Outside :func:`changes` (the first build of an application, a change to the templates)
Sphinx's own code runs. The methods are replaced once per process, by the live server only.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Set
from functools import wraps
from pathlib import Path
from typing import Any

from sphinx import environment
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.project import Project

#: The files a save changed (absolute), while a warm build knows them.
_changed: frozenset[Path] | None = None


@contextlib.contextmanager
def changes(paths: Iterable[Path]) -> Iterator[None]:
    """Within: Sphinx looks only at ``paths`` for what changed."""
    global _changed
    install()
    # As the watcher names them: not resolved, so that a page reached through a symbolic
    # link is found under the source folder.
    _changed = frozenset(Path(os.path.abspath(path)) for path in paths)
    try:
        yield
    finally:
        _changed = None


def _walk_needed(project: Project, changed: Set[Path]) -> bool:
    """Whether a change adds or removes a page: a page's file that appeared or went, or a
    folder (or anything gone that was not a page's file)."""
    if not project.docnames:
        return True
    for path in changed:
        if path.is_dir():
            return True
        docname = project.path2doc(path)
        exists = path.is_file()
        if docname is None:
            if not exists:
                return True
        elif exists != (docname in project.docnames):
            return True
    return False


def _pages_of(env: BuildEnvironment, changed: Set[Path]) -> set[str]:
    """The pages whose source is a changed file."""
    pages = {env.project.path2doc(path) for path in changed}
    return {docname for docname in pages if docname in env.found_docs}


def install() -> None:
    """Put the three in place, once per process."""
    if getattr(Project.discover, "_paper_reviews_known", False):
        return
    discover = Project.discover
    get_outdated_files = BuildEnvironment.get_outdated_files
    get_outdated_docs = StandaloneHTMLBuilder.get_outdated_docs
    has_doc_changed = getattr(environment, "_has_doc_changed", None)

    @wraps(discover)
    def discover_known(self: Project, *args: Any, **kwargs: Any) -> set[str]:
        if _changed is None or _walk_needed(self, _changed):
            return discover(self, *args, **kwargs)
        return self.docnames

    @wraps(get_outdated_files)
    def get_outdated_files_known(
        self: BuildEnvironment, config_changed: bool
    ) -> tuple[set[str], set[str], set[str]]:
        if _changed is None or config_changed or has_doc_changed is None:
            return get_outdated_files(self, config_changed)
        removed = set(self.all_docs.keys() - self.found_docs)
        added = self.found_docs - self.all_docs.keys()
        saved = _pages_of(self, _changed)
        named = {str(path) for path in _changed} | {str(path.resolve()) for path in _changed}
        candidates = set(self.reread_always) | {
            docname
            for docname, depends in self.dependencies.items()
            if any(os.path.normpath(dep) in named for dep in depends)
        }
        # A page whose file was saved is read again even when its time stamp says it was
        # read after (a save while Sphinx read it); the others as Sphinx decides.
        changed = (saved - added) | {
            docname
            for docname in candidates & self.found_docs - added - saved
            if has_doc_changed(
                docname,
                filename=self.doc2path(docname),
                reread_always=self.reread_always,
                doctreedir=self.doctreedir,
                all_docs=self.all_docs,
                dependencies=self.dependencies,
            )
        }
        return added, changed, removed

    @wraps(get_outdated_docs)
    def get_outdated_docs_known(self: StandaloneHTMLBuilder) -> Iterator[str]:
        if _changed is None:
            yield from get_outdated_docs(self)
            return
        env = self.env
        yield from sorted(env.found_docs - env.all_docs.keys())
        yield from sorted(_pages_of(env, _changed))

    for patched in (discover_known, get_outdated_files_known, get_outdated_docs_known):
        setattr(patched, "_paper_reviews_known", True)  # noqa: B010
    Project.discover = discover_known  # type: ignore[method-assign]
    BuildEnvironment.get_outdated_files = get_outdated_files_known  # type: ignore[method-assign]
    StandaloneHTMLBuilder.get_outdated_docs = get_outdated_docs_known  # type: ignore[method-assign]
