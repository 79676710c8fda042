"""The one way the extension warns. Every warning is a :class:`~paper_reviews.core.problems.Check`,
printed as ``[paper.<subtype>]`` with the file and line it is about, so that a user can
silence one kind (``suppress_warnings = ["paper.rating"]``) and a test can tell which fired.
"""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

from paper_reviews.core.problems import WARNING_TYPE, Check

logger = logging.getLogger("paper_reviews")


def warn(check: Check, message: str, *args: Any, location: Any) -> None:
    """Warn about ``check`` at ``location`` (a node, ``(docname, line)`` or ``"path:line"``);
    ``args`` fill ``%s`` in ``message`` as in :mod:`logging`."""
    logger.warning(message, *args, location=location, type=WARNING_TYPE, subtype=check.value)
