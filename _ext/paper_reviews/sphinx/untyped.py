"""Sphinx warnings that have no type, which ``suppress_warnings`` cannot reach: each is
dropped by a filter on the loggers that give it, matched by its text, and nothing else is.

Used for the LaTeX builder's "no Babel option known for language 'ko'" (:mod:`.latex`) and
the empty ``reviews/*`` glob of a new site (:mod:`.newsite`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable


class DropWarning(logging.Filter):
    """Drop the warnings whose text ``matches``; ``name`` tells one such filter from another."""

    def __init__(self, name: str, matches: Callable[[str], bool]) -> None:
        super().__init__()
        self.dropping = name
        self.matches = matches

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING:
            return True
        try:
            text = record.getMessage()
        except (TypeError, ValueError):
            return True
        return not self.matches(text)


def drop(name: str, loggers: Iterable[str], matches: Callable[[str], bool]) -> None:
    """Put one filter ``name`` on each of ``loggers``, in place of the one an earlier build
    in this process put there."""
    for each in loggers:
        logger = logging.getLogger(each)
        for old in [f for f in logger.filters if getattr(f, "dropping", None) == name]:
            logger.removeFilter(old)
        logger.addFilter(DropWarning(name, matches))
