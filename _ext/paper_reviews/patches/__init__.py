"""Fixes to Sphinx and sphinxcontrib-bibtex that keep a site's build linear in its size.

Each module is a Sphinx extension of its own (``extensions = [...,
"paper_reviews.patches.bibtex_linear"]`` works on any site) that replaces one part of
another library. Besides its docstring, three constants say what it is:

``REPLACES``
    the upstream code it stands in for;
``UPSTREAM``
    the upstream issue or pull request about the same problem: the day upstream fixes
    it, the patch can go;
``VERIFIED``
    the versions of each library that upstream's own test suite passed with, the patch
    active (``make test`` runs those suites; see docs/patches.md).

On any other version a patch steps aside: upstream's own code runs, correct and only
slower on a large site, and one message says so (:func:`applies`).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version
from sphinx.util import logging

logger = logging.getLogger(__name__)


def installed(distribution: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def unverified(verified: Mapping[str, str]) -> list[str]:
    """The libraries whose installed version is outside what the patch was verified with,
    each as "name version (verified: specifier)"."""
    found = []
    for distribution, specifier in verified.items():
        have = installed(distribution)
        try:
            # Pre-releases are never verified, whatever packaging's default.
            ok = have is not None and SpecifierSet(specifier, prereleases=False).contains(
                Version(have)
            )
        except InvalidVersion:
            ok = False
        if not ok:
            found.append(f"{distribution} {have or '(not installed)'} (verified: {specifier})")
    return found


def applies(patch: str, verified: Mapping[str, str]) -> bool:
    """Whether the patch named ``patch`` may run with the installed libraries; if not, one
    message says that upstream's own code runs instead."""
    off = unverified(verified)
    if off:
        logger.info(
            f"{patch}: not verified with {', '.join(off)}; upstream's own code runs "
            "instead (correct, slower on a large site)."
        )
    return not off
