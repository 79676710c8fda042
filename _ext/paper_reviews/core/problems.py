"""Every problem the extension reports, one enum member per warning subtype.

Warnings print as ``[paper.<subtype>]`` so that users can silence one kind with
``suppress_warnings = ["paper.rating"]`` and tests can assert exactly which one fired.
No Sphinx imports: the command line prints the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

WARNING_TYPE = "paper"


class Check(Enum):
    """The warning subtypes, each documented in docs/reference.md."""

    #: The page cannot be decoded or its front matter is not valid YAML / not a mapping.
    FRONTMATTER = "frontmatter"
    #: A key the review format does not know (the closest known key is suggested).
    UNKNOWN_KEY = "unknown_key"
    #: A required key is absent.
    MISSING_KEY = "missing_key"
    #: ``bibkey`` is not a string or is not in the bibliography.
    BIBKEY = "bibkey"
    #: Two review pages use the same ``bibkey``.
    DUPLICATE = "duplicate"
    #: ``rating`` is not a number from 0 to 5.
    RATING = "rating"
    #: ``tags`` is not a non-empty list of non-empty strings.
    TAGS = "tags"
    #: ``summary`` is not a non-empty string.
    SUMMARY = "summary"
    #: ``title`` or ``venue`` is not a string.
    TEXT = "text"
    #: ``draft`` is not true or false.
    DRAFT = "draft"
    #: ``year`` is not a year.
    YEAR = "year"
    #: ``source`` is not an http(s) URL.
    SOURCE = "source"
    #: The review has no ``#`` heading for its card to stand under.
    HEADING = "heading"
    #: ``{paper}`` names a key that no review page has.
    REF = "ref"
    #: A ``paper-table`` or ``paper-statistics`` option has a value it does not accept.
    OPTION = "option"
    #: A ``{cite}`` role with an empty or malformed key.
    CITE = "cite"
    #: An entry in a BibTeX file that cannot be read.
    BIBTEX = "bibtex"

    @property
    def code(self) -> str:
        return f"{WARNING_TYPE}.{self.value}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a review page; ``line`` is 1-based in its source file."""

    check: Check
    message: str
    line: int
