"""Values made in one pass over the site, for the next pass to reuse.

A process that builds again and again (``make live``) goes over every review after each
save: the catalog digests each review, the overview writes each row. Most are what they
were; a :class:`LastPass` hands those back instead of making them again. Only what the
last pass used is kept, so it never holds more than one pass's worth. A build in a new
process finds nothing kept and makes everything, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LastPass(Generic[V]):
    """Values by key (hashable, equal exactly when the value would be the same)."""

    def __init__(self) -> None:
        self._last: dict[Hashable, V] = {}
        self._now: dict[Hashable, V] = {}

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value for ``key``: this pass's or the last pass's, else ``make()``."""
        if key in self._now:
            return self._now[key]
        value = self._last[key] if key in self._last else make()
        self._now[key] = value
        return value

    def turn(self) -> None:
        """Start the next pass: what this one did not use is let go."""
        self._last, self._now = self._now, {}
