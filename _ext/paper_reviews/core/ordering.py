"""What a ``paper-table`` shows: its options, and the rows it selects, sorts and groups.

No Sphinx imports: the overview's order is defined once here, and the browser's
sort script follows the same rules (unrated and missing values last, either way).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from paper_reviews.core.model import PaperView

COLUMNS = ("title", "venue", "rating", "tags", "summary", "source")
COLUMN_LABELS = {
    "title": "Title",
    "venue": "Publication",
    "rating": "Rating",
    "tags": "Tags",
    "summary": "Summary",
    "source": "Source",
}
GROUP_BY = ("tag", "venue", "year", "none")
SORT_FIELDS = ("title", "venue", "year", "rating", "tags", "summary", "source", "bibkey")
DEFAULT_SORT = (("rating", True), ("title", False))
NUMERIC = frozenset({"rating", "year"})


@dataclass(frozen=True)
class TableSpec:
    """The options of one ``paper-table``; ``index`` is its position on its page."""

    group_by: str = "tag"
    sort: tuple[tuple[str, bool], ...] = DEFAULT_SORT
    tags: tuple[str, ...] = ()
    columns: tuple[str, ...] = COLUMNS
    index: int = 0

    @property
    def id_prefix(self) -> str:
        """Anchor prefix: none for a page's first table, so links to groups stay short."""
        return "" if self.index == 0 else f"t{self.index + 1}-"


@dataclass(frozen=True)
class Group:
    key: str  # the tag, venue or year as shown; "" for group-by none
    anchor: str
    rows: tuple[PaperView, ...]


# -- options ------------------------------------------------------------------------------------


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def parse_group_by(text: str) -> str:
    value = text.strip().lower()
    if value not in GROUP_BY:
        raise ValueError(f"':group-by:' must be one of {', '.join(GROUP_BY)}, not {text!r}")
    return value


def parse_sort(text: str) -> tuple[tuple[str, bool], ...]:
    """``-rating, title`` -> (("rating", True), ("title", False)); True means descending."""
    keys = []
    for item in split_list(text):
        descending = item.startswith("-")
        name = item.lstrip("+-").strip().lower()
        if name not in SORT_FIELDS:
            raise ValueError(
                f"':sort:' field {name!r} is not one of {', '.join(SORT_FIELDS)}"
                " (put '-' before a name for descending)"
            )
        keys.append((name, descending))
    if not keys:
        raise ValueError("':sort:' needs at least one field, like '-rating, title'")
    return tuple(keys)


def parse_choices(text: str, option: str, choices: Sequence[str]) -> tuple[str, ...]:
    """A directive option that lists some of ``choices`` (comma-separated, any case), in
    the order written, each once."""
    chosen = [c.lower() for c in split_list(text)]
    if not chosen or any(c not in choices for c in chosen):
        raise ValueError(
            f"':{option}:' takes a comma-separated list of {', '.join(choices)}, not {text!r}"
        )
    return tuple(dict.fromkeys(chosen))


def parse_columns(text: str) -> tuple[str, ...]:
    return parse_choices(text, "columns", COLUMNS)


# -- order --------------------------------------------------------------------------------------


def sort_value(paper: PaperView, name: str) -> Any:
    """The value a column sorts by; None sorts last in both directions."""
    match name:
        case "title":
            return paper.title.casefold()
        case "venue":
            return (
                (paper.publication.casefold(), paper.year or 0)
                if paper.venue or paper.year
                else None
            )
        case "year":
            return paper.year
        case "rating":
            return paper.rating
        case "tags":
            return ", ".join(paper.tags).casefold() or None
        case "summary":
            return paper.summary.casefold() or None
        case "source":
            return paper.source
        case _:
            return paper.bibkey.casefold()


def sort_text(paper: PaperView, name: str) -> str:
    """:func:`sort_value` as text, for the browser's sort (``data-value``): "" for no value
    (sorted last), numbers as numbers read, a venue by its name."""
    value = sort_value(paper, name)
    if value is None:
        return ""
    if isinstance(value, tuple):
        value = value[0]
    if isinstance(value, int | float):
        return f"{value:g}"
    return str(value)


def sort_rows(rows: Iterable[PaperView], keys: Sequence[tuple[str, bool]]) -> list[PaperView]:
    """Stable multi-key sort; papers missing a value go last whatever the direction."""
    ordered = sorted(rows, key=lambda p: p.bibkey.casefold())
    for name, descending in reversed(keys):
        present = [p for p in ordered if sort_value(p, name) is not None]
        missing = [p for p in ordered if sort_value(p, name) is None]
        present.sort(key=lambda p, n=name: sort_value(p, n), reverse=descending)  # type: ignore[misc]
        ordered = present + missing
    return ordered


def slug(text: str) -> str:
    """Lower case words joined by '-', any script kept (Korean tags get readable anchors)."""
    return "-".join(re.findall(r"\w+", text.casefold())) or "group"


def group_ids(keys: Iterable[str], kind: str = "tag") -> dict[str, str]:
    """Stable anchor ids for group keys; clashing slugs get -2, -3 in sorted key order."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(set(keys), key=lambda k: (k.casefold(), k)):
        base = f"{kind}-{slug(key)}"
        anchor, n = base, 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        ids[key] = anchor
        taken.add(anchor)
    return ids


def _group_keys(paper: PaperView, group_by: str) -> list[str]:
    match group_by:
        case "tag":
            return list(paper.tags) or [""]  # a draft may have none yet
        case "venue":
            return [paper.venue_group or ""]
        case "year":
            return [str(paper.year) if paper.year is not None else ""]
        case _:
            return [""]


NO_VALUE_LABEL = {"venue": "No venue", "year": "No year", "tag": "No tags", "none": ""}


def _members(papers: Iterable[PaperView], spec: TableSpec) -> dict[str, list[PaperView]]:
    """The papers the table shows, by group key."""
    members: dict[str, list[PaperView]] = {}
    wanted = set(spec.tags)
    for paper in papers:
        if wanted and not wanted.intersection(paper.tags):
            continue
        for key in _group_keys(paper, spec.group_by):
            if spec.group_by == "tag" and wanted and key not in wanted:
                continue
            members.setdefault(key, []).append(paper)
    return members


def group_order(
    keys: Iterable[str], spec: TableSpec, tag_ids: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """The groups' keys in the order they are shown, each with its anchor: years newest
    first, other keys alphabetically, the group without a value last."""
    if spec.group_by == "year":
        order = sorted(set(keys), key=lambda k: (k == "", -int(k) if k else 0))
    else:
        order = sorted(set(keys), key=lambda k: (k == "", k.casefold(), k))
    if spec.group_by == "tag" and tag_ids is not None:
        ids = {k: tag_ids.get(k) or group_ids([k])[k] for k in order}
    else:
        ids = group_ids(order, spec.group_by) if spec.group_by != "none" else {"": "papers"}
    return [(key, spec.id_prefix + ids[key]) for key in order]


def build_groups(
    papers: Iterable[PaperView], spec: TableSpec, tag_ids: dict[str, str] | None = None
) -> list[Group]:
    """Select the papers the table shows and put them in groups, each group sorted."""
    members = _members(papers, spec)
    return [
        Group(key=key, anchor=anchor, rows=tuple(sort_rows(members[key], spec.sort)))
        for key, anchor in group_order(members, spec, tag_ids)
    ]


def every_grouping(
    papers: Iterable[PaperView],
    spec: TableSpec,
    tag_ids: dict[str, str] | None = None,
    translate: Callable[[str], str] = str,
) -> dict[str, list[tuple[str, str, str]]]:
    """For each way to group the table: its groups in order, as (key, anchor, label). The
    browser script regroups with these, so that order, anchors and labels are decided here
    only."""
    papers = list(papers)
    out = {}
    for group_by in GROUP_BY:
        regrouped = replace(spec, group_by=group_by)
        members = _members(papers, regrouped)
        out[group_by] = [
            (key, anchor, group_label(key, group_by, translate))
            for key, anchor in group_order(members, regrouped, tag_ids)
        ]
    return out


def group_label(key: str, group_by: str, translate: Callable[[str], str] = str) -> str:
    """What a group is called: its key, or "No venue" / "No year" for the papers without
    (in the words ``translate`` gives them)."""
    if key or group_by not in NO_VALUE_LABEL or not NO_VALUE_LABEL[group_by]:
        return key
    return translate(NO_VALUE_LABEL[group_by])
