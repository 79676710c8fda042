"""The review record: validation of front matter, and the values shown for each paper.

``Paper`` is what a review page says about itself; ``PaperView`` is that record
completed from the paper's bibliography entry (title, venue, year, source), which
is what the overview and the header card show.

No Sphinx imports: the build and the command line share these rules.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
import reprlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from paper_reviews.core import bibinfo
from paper_reviews.core.bibinfo import EntryFacts
from paper_reviews.core.frontmatter import FrontMatter, FrontMatterError
from paper_reviews.core.frontmatter import parse as parse_front_matter
from paper_reviews.core.problems import Check, Problem
from paper_reviews.core.venues import DEFAULT as DEFAULT_VENUES
from paper_reviews.core.venues import Venues

REQUIRED_KEYS = ("bibkey", "tags", "summary")
OPTIONAL_KEYS = ("rating", "title", "venue", "year", "source", "date", "draft")
#: Keys a draft (``draft: true``) may leave out or leave empty.
DRAFT_MAY_LACK = ("tags", "summary")
KNOWN_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
#: Keys that Sphinx and MyST read from front matter themselves.
PASS_THROUGH_KEYS = frozenset(
    {"myst", "html_meta", "substitutions", "orphan", "nocomments", "nosearch", "tocdepth"}
)
MAX_RATING = 5


@dataclass(frozen=True)
class Paper:
    """The validated front matter of one review page."""

    bibkey: str
    tags: tuple[str, ...]
    summary: str
    rating: float | None = None
    title: str | None = None
    venue: str | None = None
    year: int | None = None
    source: str | None = None
    #: When the paper was read (an ISO date, 2026-11-28), if the reviewer notes it.
    date: str | None = None
    #: A review still being written (``draft: true``): it may lack its tags and summary.
    draft: bool = False
    #: 1-based line of each front matter key, as (key, line) pairs.
    lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, 1)


@dataclass(frozen=True)
class PaperView:
    """What the overview and the card show for one paper."""

    docname: str
    bibkey: str
    title: str
    tags: tuple[str, ...]
    summary: str
    rating: float | None
    #: The venue's short name (ICML, NIPS, NeurIPS), or the venue as written.
    venue: str | None
    year: int | None
    source: str | None
    arxiv_id: str | None
    #: What grouping by venue puts the paper under: one group for NIPS'14 and NeurIPS'19.
    venue_group: str | None = None
    #: When the paper was read (front matter ``date``).
    date: str | None = None
    #: A review still being written (front matter ``draft: true``).
    draft: bool = False

    @property
    def publication(self) -> str:
        return publication_label(self.venue, self.year, self.arxiv_id)

    @property
    def rating_text(self) -> str:
        return format_rating(self.rating)

    @property
    def abs_url(self) -> str | None:
        return bibinfo.abs_url(self.arxiv_id)

    @property
    def pdf_url(self) -> str | None:
        return bibinfo.pdf_url(self.arxiv_id)


# -- validation ---------------------------------------------------------------------------------


def validate(front: FrontMatter) -> tuple[Paper | None, list[Problem]]:
    """Check a review's front matter; return the record (None without a usable bibkey)."""
    data, problems = front.data, []

    def problem(check: Check, key: str, message: str) -> None:
        problems.append(Problem(check, message, front.line_of(key)))

    if not front.present:
        problems.append(
            Problem(
                Check.MISSING_KEY,
                "review has no front matter: start the page with '---', the keys "
                f"{', '.join(REQUIRED_KEYS)}, and '---'",
                1,
            )
        )
        return None, problems

    for key, first, line in front.repeated:
        problems.append(
            Problem(
                Check.FRONTMATTER,
                f"front matter gives '{key}' twice (lines {first} and {line}); the second is used",
                line,
            )
        )
    for key in data:
        if key in KNOWN_KEYS or key in PASS_THROUGH_KEYS:
            continue
        problem(Check.UNKNOWN_KEY, key, unknown_key_message(key))
    draft = _draft(data, problem)
    for key in REQUIRED_KEYS:
        if key not in data and not (draft and key in DRAFT_MAY_LACK):
            problem(Check.MISSING_KEY, key, f"required key '{key}' is missing")

    bibkey = _bibkey(data, problem)
    tags = _tags(data, problem, draft)
    summary = _summary(data, problem, draft)
    rating = _rating(data, problem)
    year = _year(data, problem)
    source = _source(data, problem)
    date = _date(data, problem)
    title = _text_value(data, "title", Check.TEXT, problem)
    venue = _text_value(data, "venue", Check.TEXT, problem)
    if bibkey is None:
        return None, problems
    paper = Paper(
        bibkey=bibkey,
        tags=tags,
        summary=summary,
        rating=rating,
        title=title,
        venue=venue,
        year=year,
        source=source,
        date=date,
        draft=draft,
        lines=tuple(sorted(front.lines.items(), key=lambda item: item[1])),
    )
    return paper, problems


def check_text(text: str) -> tuple[Paper | None, list[Problem]]:
    """A review page's text: its record (None if unusable) and every problem in its front
    matter. What the build and the command both run on each review."""
    try:
        front = parse_front_matter(text)
    except FrontMatterError as err:
        return None, [Problem(Check.FRONTMATTER, err.message, err.line)]
    return validate(front)


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 2, 4, 4
_REPR.maxstring, _REPR.maxother = 80, 80


def shown(value: object) -> str:
    """A value from front matter for a message: short, whatever it is (YAML aliases can
    make a small document a very large value)."""
    return _REPR.repr(value)


def unknown_key_message(key: str) -> str:
    # A key that begins as the writer's does ("rate" for "rating") before one that merely
    # looks alike ("date").
    def shared(known: str) -> int:
        pairs = enumerate(zip(known, key.lower(), strict=False))
        return next((i for i, (a, b) in pairs if a != b), min(len(known), len(key)))

    best = max(KNOWN_KEYS, key=shared)
    close = [best] if shared(best) >= 3 else []
    close = close or difflib.get_close_matches(key.lower(), KNOWN_KEYS, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(KNOWN_KEYS)}"
    return f"unknown front matter key '{key}': {hint}"


def _bibkey(data: Mapping[str, Any], problem: Any) -> str | None:
    if "bibkey" not in data:
        return None
    value = data["bibkey"]
    if not isinstance(value, str) or not value.strip() or re.search(r"[\s,{}]", value.strip()):
        problem(
            Check.BIBKEY,
            "bibkey",
            f"'bibkey' must be one BibTeX key (no spaces, commas or braces), not {shown(value)}",
        )
        return None
    return value.strip()


def _draft(data: Mapping[str, Any], problem: Any) -> bool:
    value = data.get("draft", False)
    if not isinstance(value, bool):
        problem(Check.DRAFT, "draft", f"'draft' must be true or false, not {shown(value)}")
        return False
    return value


def _tags(data: Mapping[str, Any], problem: Any, draft: bool = False) -> tuple[str, ...]:
    if "tags" not in data:
        return ()
    value = data["tags"]
    if draft and (value is None or value == []):
        return ()  # a draft's tags are still to come
    ok = (
        isinstance(value, list)
        and value
        and all(isinstance(tag, str) and tag.strip() for tag in value)
    )
    if not ok:
        problem(
            Check.TAGS,
            "tags",
            "'tags' must be a non-empty list of strings, like [Model Training], "
            f"not {shown(value)}",
        )
        return ()
    return tuple(dict.fromkeys(" ".join(tag.split()) for tag in value))


def _summary(data: Mapping[str, Any], problem: Any, draft: bool = False) -> str:
    """The summary: a draft's may be empty; a finished review's empty one is reported, with
    the two ways out."""
    value = data.get("summary")
    if value is None or (isinstance(value, str) and not value.strip()):
        if not draft and "summary" in data:
            problem(
                Check.SUMMARY,
                "summary",
                "'summary' is empty: write one paragraph, or mark the review 'draft: true' "
                "until it is written",
            )
        return ""
    return _text_value(data, "summary", Check.SUMMARY, problem) or ""


def _text_value(data: Mapping[str, Any], key: str, check: Check, problem: Any) -> str | None:
    if key not in data:
        return None
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        problem(check, key, f"'{key}' must be non-empty text, not {shown(value)}")
        return None
    return value.strip()


def _rating(data: Mapping[str, Any], problem: Any) -> float | None:
    value = data.get("rating")
    if value is None:
        return None
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    if number is None or math.isnan(number) or not 0 <= number <= MAX_RATING:
        problem(
            Check.RATING,
            "rating",
            f"'rating' must be a number from 0 to {MAX_RATING}, not {shown(value)}",
        )
        return None
    return float(number)


def _year(data: Mapping[str, Any], problem: Any) -> int | None:
    if "year" not in data:
        return None
    value = data["year"]
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1000 <= value <= 9999:
        problem(
            Check.YEAR, "year", f"'year' must be a four-digit year like 2015, not {shown(value)}"
        )
        return None
    return value


def _source(data: Mapping[str, Any], problem: Any) -> str | None:
    if "source" not in data:
        return None
    value = data["source"]
    if not is_url(value):
        problem(
            Check.SOURCE,
            "source",
            "'source' must be an http(s) URL like https://arxiv.org/abs/1502.03167, "
            f"not {shown(value)}",
        )
        return None
    return str(value).strip()


def _date(data: Mapping[str, Any], problem: Any) -> str | None:
    if "date" not in data:
        return None
    value = data["date"]
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    problem(Check.TEXT, "date", f"'date' must be a date like 2026-11-28, not {shown(value)}")
    return None


def is_url(value: object) -> bool:
    return isinstance(value, str) and bibinfo.is_http_url(value.strip())


# -- values shown -------------------------------------------------------------------------------


def format_rating(rating: float | None) -> str:
    """One decimal, or an en dash for an unrated paper."""
    return "–" if rating is None else f"{rating:.1f}"


def filled_stars(rating: float) -> int:
    """How many of the five stars a rating fills: the rating rounded half up."""
    return min(MAX_RATING, math.floor(rating + 0.5))


def stars(rating: float) -> str:
    """Five stars, as many filled as the rating rounded half up."""
    filled = filled_stars(rating)
    return "★" * filled + "☆" * (MAX_RATING - filled)


def publication_label(venue: str | None, year: int | None, arxiv_id: str | None) -> str:
    """ICML'15; arXiv'21 for an arXiv paper with no venue; else the year; else an en dash."""
    short_year = f"'{year % 100:02d}" if year is not None else ""
    if venue:
        return f"{venue}{short_year}"
    if arxiv_id and year is not None:
        return f"arXiv{short_year}"
    return str(year) if year is not None else "–"


def view(
    docname: str,
    paper: Paper,
    facts: EntryFacts | None,
    fallback_title: str,
    venues: Venues = DEFAULT_VENUES,
) -> PaperView:
    """Complete a review's record from what its bibliography entry says (:mod:`.bibinfo`).
    Front matter wins over the entry; the venue is shown by its short name
    (:mod:`.venues`), a venue written in front matter as it is written."""
    facts = facts or EntryFacts()
    source = paper.source or facts.source
    arxiv_id = bibinfo.arxiv_id_from_url(paper.source) if paper.source else None
    arxiv_id = arxiv_id or facts.arxiv_id
    year = paper.year if paper.year is not None else facts.year
    written = paper.venue or facts.venue or ("arXiv" if arxiv_id else None)
    venue = group = None
    if written:
        venue = paper.venue or venues.short(written, year)
        group = venues.group(written)
    return PaperView(
        docname=docname,
        bibkey=paper.bibkey,
        title=paper.title or facts.title or fallback_title,
        tags=paper.tags,
        summary=paper.summary,
        rating=paper.rating,
        venue=venue,
        year=year,
        source=source,
        arxiv_id=arxiv_id,
        venue_group=group,
        date=paper.date,
        draft=paper.draft,
    )
