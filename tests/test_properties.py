"""Property-based tests: any front matter ends in a warning or a clean page, never a crash;
any sequence of edits built incrementally gives what a fresh build gives."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import build_site, copy_root, shown, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paper_reviews.core import frontmatter
from paper_reviews.core.model import KNOWN_KEYS, validate

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        [
            "ioffe2015batch",
            "beyer2020done",
            "https://arxiv.org/abs/1502.03167",
            "2015",
            "정규화",
            "<b>x</b>",
            "% & _ $ # { } ~ ^ \\",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=10))
front_matters = st.dictionaries(keys, values, max_size=9)
raw_texts = st.text(max_size=200)


@given(front_matters)
@settings(max_examples=300, deadline=None)
def test_any_front_matter_validates_without_an_exception(data):
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n\n# T\n"
    paper, problems = validate(frontmatter.parse(text))
    assert paper is not None or problems
    for problem in problems:
        assert problem.line >= 1


@given(raw_texts)
@settings(max_examples=300, deadline=None)
def test_any_text_after_the_fence_parses_or_fails_with_a_line(body):
    try:
        frontmatter.parse("---\n" + body + "\n---\n")
    except frontmatter.FrontMatterError as err:
        assert err.line >= 1


@given(front_matters)
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@pytest.mark.slow
def test_any_front_matter_builds_to_a_warning_or_a_clean_page(data):
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = copy_root(Path(tmp))
        page = srcdir / "reviews" / "random.md"
        page.write_text(
            "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n\n# Random\n",
            encoding="utf-8",
        )
        app = build_site(srcdir, Path(tmp) / "out")
        output = app.status.getvalue() + app.warning.getvalue()
        assert "Traceback" not in output
        warned = "random.md" in app.warning.getvalue()
        html = (app.outdir / "reviews" / "random.html").read_text(encoding="utf-8")
        assert warned or 'class="paper-card' in html


TAGS = ["Vision", "정규화", "Survey", "C# & C++"]
edits = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 9), st.sampled_from(TAGS)),
        st.tuples(st.just("delete"), st.integers(0, 9), st.just("")),
        st.tuples(st.just("retag"), st.integers(0, 9), st.sampled_from(TAGS)),
        st.tuples(st.just("rate"), st.integers(0, 9), st.sampled_from(["", "1", "4.5"])),
        st.tuples(st.just("body"), st.integers(0, 9), st.just("")),
        st.tuples(st.just("rename"), st.integers(0, 9), st.just("")),
        st.tuples(st.just("bib"), st.integers(0, 9), st.sampled_from(["A", "B"])),
    ),
    min_size=1,
    max_size=3,
)


def review(key: str, tags: str, rating: str = "") -> str:
    rating_line = f"rating: {rating}\n" if rating else ""
    return (
        f"---\nbibkey: {key}\ntags: ['{tags}']\n{rating_line}summary: 요약 {key}.\n---\n\n# {key}\n"
    )


def apply(srcdir: Path, edit: tuple[str, int, str]) -> None:
    kind, n, arg = edit
    reviews = sorted((srcdir / "reviews").glob("*.md"))
    key = f"extra{n}"
    if kind == "add":
        bib = srcdir / "refs.bib"
        if key not in bib.read_text(encoding="utf-8"):
            write(
                bib,
                bib.read_text(encoding="utf-8")
                + f"\n@misc{{{key}, title = {{Extra {n}}}, author = {{Writer, Ada}},"
                + " year = {2020}}\n",
            )
        if not any(p.stem.startswith(key) for p in reviews):
            write(srcdir / "reviews" / f"{key}.md", review(key, arg))
        return
    if not reviews:
        return
    page = reviews[n % len(reviews)]
    text = page.read_text(encoding="utf-8")
    data = frontmatter.parse(text).data
    if kind == "delete" and len(reviews) > 1:
        page.unlink()
    elif kind == "retag":
        write(page, review(data["bibkey"], arg, str(data.get("rating", "") or "")))
    elif kind == "rate":
        write(page, review(data["bibkey"], data["tags"][0], arg))
    elif kind == "body":
        write(page, text + "\nMore text.\n")
    elif kind == "rename":
        target = page.with_name(page.stem + "-moved.md")
        page.unlink()
        write(target, text)
    elif kind == "bib":
        bib = srcdir / "refs.bib"
        old = bib.read_text(encoding="utf-8")
        write(
            bib,
            old.replace("{Deep learning}", "{Deep learning " + arg + "}", 1)
            if "{Deep learning}" in old
            else old.replace("{Deep learning A}", "{Deep learning}"),
        )


@given(edits)
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@pytest.mark.slow
def test_any_edits_built_incrementally_equal_a_fresh_build(sequence):
    with tempfile.TemporaryDirectory() as tmp:
        srcdir = copy_root(Path(tmp))
        incremental = Path(tmp) / "incremental"
        build_site(srcdir, incremental)
        for step, edit in enumerate(sequence):
            apply(srcdir, edit)
            app = build_site(srcdir, incremental)
            fresh = build_site(srcdir, Path(tmp) / f"fresh-{step}")
            assert shown(app) == shown(fresh), (sequence, step)
