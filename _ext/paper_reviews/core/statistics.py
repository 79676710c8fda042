"""What the statistics page counts: reviews per tag, per venue and per year, and how the
ratings fall in the stars the card shows; and which view of the overview lists each bar's
reviews.

No Sphinx imports: the counting is decided here once, the page (``sphinx/statistics.py``)
only draws it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from paper_reviews.core.model import MAX_RATING, PaperView, filled_stars, stars
from paper_reviews.core.ordering import group_label, parse_choices

#: The charts, in the order the page shows them by default.
CHARTS = ("tag", "venue", "year", "rating")
#: The words of each chart's title (messages of the extension's catalog).
CHART_TITLES = {
    "tag": "Reviews per tag",
    "venue": "Reviews per venue",
    "year": "Reviews per year",
    "rating": "Ratings",
}


@dataclass(frozen=True)
class Bar:
    """One bar: what it counts and how many reviews.

    ``key`` is the tag, the venue's group (NeurIPS for NIPS'14 too) or the year as the
    overview groups them ("" for the reviews without one), or for ratings the number of
    filled stars ("5" to "0", "" for unrated)."""

    key: str
    count: int


@dataclass(frozen=True)
class Chart:
    kind: str
    bars: tuple[Bar, ...]

    @property
    def most(self) -> int:
        """The longest bar's count (at least 1, so that bars can be scaled by it)."""
        return max((bar.count for bar in self.bars), default=0) or 1


@dataclass(frozen=True)
class Statistics:
    """The counts of one statistics page."""

    reviews: int
    drafts: int
    #: How many tags and venues (venue groups) the reviews have.
    tags: int
    venues: int
    #: The mean of the ratings given, or None when no review is rated.
    average: float | None
    charts: tuple[Chart, ...]


def parse_charts(text: str) -> tuple[str, ...]:
    """``:charts:``: a comma-separated list of :data:`CHARTS`, in the order shown."""
    return parse_choices(text, "charts", CHARTS)


def count(papers: Iterable[PaperView], charts: tuple[str, ...] = CHARTS) -> Statistics:
    """Count ``papers`` (the reviews the output shows, drafts among them or not) for each
    chart of ``charts``."""
    papers = list(papers)
    ratings = [p.rating for p in papers if p.rating is not None]
    return Statistics(
        reviews=len(papers),
        drafts=sum(p.draft for p in papers),
        tags=len({tag for p in papers for tag in p.tags}),
        venues=len({p.venue_group for p in papers if p.venue_group}),
        average=sum(ratings) / len(ratings) if ratings else None,
        charts=tuple(Chart(kind, _bars(papers, kind)) for kind in charts),
    )


def _bars(papers: list[PaperView], kind: str) -> tuple[Bar, ...]:
    if kind == "rating":
        # Every step of the scale, even with no review, so that the chart is the
        # distribution; the unrated after them, when there are any.
        filled = Counter("" if p.rating is None else str(filled_stars(p.rating)) for p in papers)
        steps = [Bar(str(n), filled[str(n)]) for n in range(MAX_RATING, -1, -1)]
        return tuple(steps + ([Bar("", filled[""])] if filled[""] else []))
    counts = Counter(key for p in papers for key in _keys(p, kind))
    if kind == "year":
        # As the overview groups them: the newest first.
        order = sorted(counts, key=lambda k: (k == "", -int(k) if k else 0))
    else:
        # The most reviewed first; ties alphabetically, as the overview orders groups.
        order = sorted(counts, key=lambda k: (k == "", -counts[k], k.casefold(), k))
    return tuple(Bar(key, counts[key]) for key in order)


def _keys(paper: PaperView, kind: str) -> tuple[str, ...]:
    """The keys a review counts under: each of its tags once (a draft may have none)."""
    match kind:
        case "tag":
            return tuple(dict.fromkeys(paper.tags)) or ("",)
        case "venue":
            return (paper.venue_group or "",)
        case _:
            return ("" if paper.year is None else str(paper.year),)


def bar_label(kind: str, key: str, translate: Callable[[str], str] = str) -> str:
    """What a bar is called: the overview's name for its group ("No venue" for the reviews
    without one), or for ratings the stars the card shows ("Unrated" without)."""
    if kind != "rating":
        return group_label(key, kind, translate)
    if not key:
        return translate("Unrated")
    return stars(int(key))


#: The overview's anchors for each way to group it: grouping -> group key -> anchor.
Anchors = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class View:
    """A view of the overview, as its URL says it (``static/overview-url.js``): the query
    parameters, in order, and the anchor of the group to scroll to ("" for none)."""

    params: tuple[tuple[str, str], ...]
    anchor: str = ""


def view_of(kind: str, bar: Bar, anchors: Anchors) -> View | None:
    """The view of the overview that lists the bar's reviews, or None when none does (no
    review to show, or the overview leaves them out):

    * a tag: the overview filtered to it (``?tag=…``); the reviews without tags: their group;
    * a venue or a year: the overview grouped by it, at its group (``?group=year#year-2015``);
    * ratings: the whole list, best rated first (``?group=none&sort=-rating``), where each
      step's reviews stand together.
    """
    if bar.count == 0:
        return None
    if kind == "rating":
        return View((("group", "none"), ("sort", "-rating")))
    groups = anchors.get(kind, {})
    if bar.key not in groups:
        return None
    if kind == "tag" and bar.key:
        return View((("tag", bar.key),))
    return View((("group", kind),), groups[bar.key])
