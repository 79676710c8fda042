"""A new site, with no review yet, builds.

The overview page lists the reviews with a glob toctree (``reviews/*``). Until the first
review is written the pattern matches nothing, and Sphinx warns "toctree glob pattern
'reviews/*' didn't match any documents" on every build, which fails ``make html`` (``-W``).
The warning has no type, so ``suppress_warnings`` cannot silence it: this filter drops that
one message, for the reviews folder's pattern only; every other empty glob still warns.
"""

from __future__ import annotations

import logging

#: The Python logger of Sphinx's toctree directive.
TOCTREE_LOGGER = "sphinx.sphinx.directives.other"


class EmptyReviewsFilter(logging.Filter):
    """Drop "toctree glob pattern '<reviews>/*' didn't match any documents"."""

    def __init__(self, reviews_dir: str) -> None:
        super().__init__()
        self.patterns = {f"'{reviews_dir}/*'", f"'/{reviews_dir}/*'"}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:
            return True
        try:
            text = record.getMessage()
        except (TypeError, ValueError):
            return True
        return not ("didn't match any documents" in text and any(p in text for p in self.patterns))


def install(reviews_dir: str) -> None:
    """Filter the warning for ``reviews_dir``; one filter, however many builds a process runs."""
    logger = logging.getLogger(TOCTREE_LOGGER)
    for old in [f for f in logger.filters if isinstance(f, EmptyReviewsFilter)]:
        logger.removeFilter(old)
    logger.addFilter(EmptyReviewsFilter(reviews_dir.strip("/")))
