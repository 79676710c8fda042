"""Real Notion exports from public repositories (tests/data/notion-real, sources in its
SOURCES.md), imported and built as a new user would: every page safe, the links between a
database's pages working, and the build warning only about what the rows lack (these
databases have no summaries)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_site, copy_site_files, read_html, run, warnings_of
from paper_reviews.cli import notion, notionmd
from paper_reviews.core import markdown

REAL = Path(__file__).parent / "data" / "notion-real"
KC = REAL / "knowledgechase-projects-tasks" / "KC 07e150ce138a4f5f9a5b16769c4a8099 "
#: (name, what to import, --map options, rows imported)
EXPORTS = [
    ("appliances", REAL / "joshuadavis-notion2obsidian-appliances", (), 10),
    ("special titles", REAL / "fhachez-notion-to-obsidian-special-titles" / "TEst x v c d aa "
     "x%v 52e882a72f244a83ae0cb292729ae6cd" / "test 92043b3abdcc4e87af456d66311fadd7.csv", (), 2),
    ("tests, view and _all", REAL / "joystream-atlas-tests" / "Atlas" / "Tests & Research", (),
     11),
    ("tasks", KC / "Tasks dff6a566c7d246f09be0999271060bfd_all.csv", ("--map", "Task name=title"),
     6),
]  # fmt: skip
#: What the rows of these databases lack: a review's summary and tags.
EXPECTED = ("[paper.summary]", "[paper.tags]", "[paper.missing_key]")


def real_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    copy_site_files(root)
    (root / "reviews").mkdir()
    (root / "refs.bib").write_text("", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("name", "export", "options", "count"), EXPORTS, ids=[e[0] for e in EXPORTS]
)
@pytest.mark.slow
def test_a_real_export_imports_and_builds(tmp_path, name, export, options, count):
    root = real_site(tmp_path)
    _, out, err = run("-C", str(root), "import-notion", *options, str(export))
    assert "Traceback" not in out + err
    assert f"imported {count}," in out, out + err
    pages = sorted((root / "reviews").glob("*.md"))
    assert len(pages) == count
    for page in pages:
        text = page.read_text(encoding="utf-8")
        own = {f"{page.stem}/{p.name}" for p in (root / "reviews" / page.stem).glob("*")}
        assert markdown._unsafe_lines(text.split("\n---\n", 1)[1], own.__contains__) == set()
    app = build_site(root, tmp_path / "build")
    unexpected = [w for w in warnings_of(app) if not any(code in w for code in EXPECTED)]
    assert unexpected == []
    # A re-import changes nothing.
    before = {p: p.read_bytes() for p in (root / "reviews").rglob("*") if p.is_file()}
    _, out, _ = run("-C", str(root), "import-notion", *options, str(export))
    assert f"imported 0, already there {count}" in out
    assert before == {p: p.read_bytes() for p in (root / "reviews").rglob("*") if p.is_file()}


def test_a_real_callout_becomes_an_admonition(tmp_path):
    root = real_site(tmp_path)
    run("-C", str(root), "import-notion", str(EXPORTS[2][1]))
    app = build_site(root, tmp_path / "build")
    page = read_html(app, "reviews/commentsreactions")
    callout = page.select_one(".admonition.warning")  # <aside> ⚠️ …
    assert callout is not None and "aside" not in str(page.select_one("article") or page)


def test_a_real_korean_page_converts():
    page = next((REAL / "03kmj-korean-single-page").glob("*.md"))
    title, body = notion.split_page(page.read_text(encoding="utf-8"))
    assert title == "유사도 검사 프로그램"
    converted = notionmd.convert(body, lambda title: None)
    safe = markdown.body(converted.body)
    assert markdown._unsafe_lines(safe, lambda src: False) == set()
    assert notion.date("2023년 5월 19일 오후 8:26") == "2023-05-19"
