"""A new site, with no review yet, builds.

The overview page lists the reviews with a glob toctree (``reviews/*``). Until the first
review is written the pattern matches nothing, and Sphinx warns "toctree glob pattern
'reviews/*' didn't match any documents" on every build, which fails ``make html`` (``-W``).
The warning has no type, so ``suppress_warnings`` cannot silence it: this filter drops that
one message, for the reviews folder's pattern only; every other empty glob still warns.
"""

from __future__ import annotations

from paper_reviews.sphinx import untyped

#: The Python logger of Sphinx's toctree directive.
TOCTREE_LOGGER = "sphinx.sphinx.directives.other"


def install(reviews_dir: str) -> None:
    """Drop the warning for ``reviews_dir``'s pattern (:mod:`.untyped`)."""
    folder = reviews_dir.strip("/")
    patterns = (f"'{folder}/*'", f"'/{folder}/*'")

    def empty_reviews_glob(text: str) -> bool:
        return "didn't match any documents" in text and any(p in text for p in patterns)

    untyped.drop("empty reviews glob", [TOCTREE_LOGGER], empty_reviews_glob)
