"""paper_reviews: a Sphinx extension for a site of machine-learning paper reviews.

Each page under ``reviews/`` is one review with YAML front matter; the extension
validates it, puts a card under the page's heading, and collects every review into the
``paper-table`` overview. docs/reference.md has the review format and the options.

Importing the package is cheap: Sphinx's ``setup`` loads :mod:`.sphinx.extension`, so the command
line and the fixes in :mod:`.patches` (extensions of their own) do not load the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from paper_reviews.sphinx.extension import setup as setup_extension

    return setup_extension(app)
