"""Front matter reading, validation and the values shown: no Sphinx involved."""

from __future__ import annotations

import pytest
from paper_reviews.core import frontmatter
from paper_reviews.core.bibinfo import EntryFacts
from paper_reviews.core.model import (
    PaperView,
    publication_label,
    stars,
    validate,
    view,
)
from paper_reviews.core.ordering import (
    TableSpec,
    build_groups,
    group_ids,
    parse_sort,
    slug,
    sort_rows,
)
from paper_reviews.core.problems import Check


def problems_of(text: str):
    paper, problems = validate(frontmatter.parse(text))
    return paper, [(p.check, p.line) for p in problems]


def test_front_matter_keeps_types_and_lines():
    front = frontmatter.parse("---\nbibkey: a2020b\nrating: 4.5\ntags: [x, 정규화]\n---\n# T\n")
    assert front.data == {"bibkey": "a2020b", "rating": 4.5, "tags": ["x", "정규화"]}
    assert front.lines == {"bibkey": 2, "rating": 3, "tags": 4}
    assert front.end == 6


def test_front_matter_errors_name_the_line():
    with pytest.raises(frontmatter.FrontMatterError) as err:
        frontmatter.parse("---\nbibkey: a\ntags: [a\n---\n")
    assert err.value.line in (3, 4)
    with pytest.raises(frontmatter.FrontMatterError, match="never closed"):
        frontmatter.parse("---\nbibkey: a\n")
    with pytest.raises(frontmatter.FrontMatterError, match="mapping"):
        frontmatter.parse("---\n- a\n---\n")
    assert not frontmatter.parse("# No front matter\n").present
    assert frontmatter.parse("\ufeff---\nbibkey: a\n---\n").data == {"bibkey": "a"}


def test_valid_review():
    paper, problems = problems_of(
        "---\nbibkey: ioffe2015batch\ntags: [A, A, B]\nsummary: s\nrating: 5\nyear: '2015'\n---\n"
    )
    assert problems == []
    assert paper.tags == ("A", "B")
    assert paper.rating == 5.0
    assert paper.year == 2015


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("tags: [a]\nsummary: s", [(Check.MISSING_KEY, 1)]),
        ("bibkey: k\ntags: []\nsummary: s", [(Check.TAGS, 3)]),
        ("bibkey: k\ntags: a\nsummary: s", [(Check.TAGS, 3)]),
        ("bibkey: k\ntags: [a]\nsummary: s\nrating: 5.5", [(Check.RATING, 5)]),
        ("bibkey: k\ntags: [a]\nsummary: s\nrating: -1", [(Check.RATING, 5)]),
        ("bibkey: k\ntags: [a]\nsummary: s\nrating: true", [(Check.RATING, 5)]),
        ("bibkey: k\ntags: [a]\nsummary: s\nrating: .nan", [(Check.RATING, 5)]),
        ("bibkey: k\ntags: [a]\nsummary: s\nyear: 15", [(Check.YEAR, 5)]),
        ("bibkey: k\ntags: [a]\nsummary: s\nsource: ftp://x", [(Check.SOURCE, 5)]),
        ("bibkey: k\ntags: [a]\nsummary: 3", [(Check.SUMMARY, 4)]),
        ("bibkey: a b\ntags: [a]\nsummary: s", [(Check.BIBKEY, 2)]),
        ("bibkey: k\ntag: [a]\nsummary: s", [(Check.UNKNOWN_KEY, 3), (Check.MISSING_KEY, 1)]),
        ("bibkey: k\ntags: [a]\nsummary: s\nmyst: {}", []),
    ],
)
def test_each_problem(body, expected):
    _, problems = problems_of(f"---\n{body}\n---\n")
    assert problems == expected


def test_unknown_key_suggests_the_closest():
    _, problems = validate(
        frontmatter.parse("---\nbibkey: k\ntags: [a]\nsummary: s\nRate: 4\n---\n")
    )
    assert "did you mean 'rating'?" in problems[0].message


def test_values_shown():
    assert publication_label("ICML", 2015, None) == "ICML'15"
    assert publication_label("NIPS Workshop", 2014, "1406.2661") == "NIPS Workshop'14"
    assert publication_label(None, 2021, "2106.04537") == "arXiv'21"
    assert publication_label(None, 2009, None) == "2009"
    assert publication_label(None, None, None) == "–"
    assert stars(4.5) == "★★★★★"
    assert stars(4.1) == "★★★★☆"
    assert stars(0) == "☆☆☆☆☆"


def make(key: str, title: str, rating: float | None, tags=("t",), year=2020) -> PaperView:
    paper, _ = validate(
        frontmatter.parse(
            f"---\nbibkey: {key}\ntags: {list(tags)}\nsummary: s\n"
            + (f"rating: {rating}\n" if rating is not None else "")
            + "---\n"
        )
    )
    return view(f"reviews/{key}", paper, EntryFacts(title=title, year=year), title)


def test_sorting_keeps_unrated_last_both_ways():
    papers = [
        make("a", "Beta", 3),
        make("b", "alpha", None),
        make("c", "Gamma", 5),
        make("d", "delta", 3),
    ]
    order = lambda keys: [p.bibkey for p in sort_rows(papers, parse_sort(keys))]  # noqa: E731
    assert order("-rating, title") == ["c", "a", "d", "b"]
    assert order("rating, title") == ["a", "d", "c", "b"]
    assert order("title") == ["b", "a", "d", "c"]  # case-insensitive
    assert order("-title") == ["c", "d", "a", "b"]
    with pytest.raises(ValueError, match="stars"):
        parse_sort("-stars")


def test_groups_and_anchors():
    papers = [make("a", "A", 3, tags=("Vision", "정규화")), make("b", "B", 4, tags=("vision",))]
    groups = build_groups(papers, TableSpec())
    assert [(g.key, g.anchor, [p.bibkey for p in g.rows]) for g in groups] == [
        ("Vision", "tag-vision", ["a"]),
        ("vision", "tag-vision-2", ["b"]),
        ("정규화", "tag-정규화", ["a"]),
    ]
    assert slug("C++ & Rust!") == "c-rust"
    assert group_ids(["Vision", "vision"]) == {"Vision": "tag-vision", "vision": "tag-vision-2"}
    only = build_groups(papers, TableSpec(tags=("정규화",)))
    assert [g.key for g in only] == ["정규화"]
