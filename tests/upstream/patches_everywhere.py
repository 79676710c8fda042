"""A pytest plugin for upstream test suites: every Sphinx app of the suite gets the fixes of
paper_reviews.patches. The Sphinx fixes are loaded as built-in extensions of every app;
bibtex_linear joins every app that loads sphinxcontrib.bibtex. The summary line says how
many apps had them, so a run where they never loaded is seen.

What the live server replaces for the whole process is in place too: Sphinx's walks for
changed files (paper_reviews.live.known) and the pickle module its builders see
(paper_reviews.live.deferred), which must be Sphinx's own behaviour until the live server
tells them what changed."""

import sphinx.application
import sphinxcontrib.bibtex as sb
from paper_reviews.live import deferred, known
from paper_reviews.patches import bibtex_linear
from paper_reviews.sphinx.extension import PATCHES

known.install()
assert deferred.install() is not None

SPHINX_PATCHES = [patch for patch in PATCHES if patch != bibtex_linear.__name__]
apps = {"sphinx": 0, "bibtex": 0}


def setup(app):
    """Loaded as a built-in extension of every app."""
    apps["sphinx"] += 1
    for patch in SPHINX_PATCHES:
        app.setup_extension(patch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


sphinx.application.builtin_extensions = (*sphinx.application.builtin_extensions, __name__)

_bibtex_setup = sb.setup


def bibtex_setup(app):
    metadata = _bibtex_setup(app)
    apps["bibtex"] += 1
    bibtex_linear.install(app)
    return metadata


sb.setup = bibtex_setup


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(
        f"paper_reviews.patches active: sphinx apps {apps['sphinx']}, bibtex apps {apps['bibtex']}"
    )
