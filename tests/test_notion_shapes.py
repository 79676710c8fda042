"""Notion exports as Notion makes them today: a zip holding part zips, both CSVs, column
names in Korean or English. Built from the user's own export (tests/data/notion-export)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from conftest import EXPORT_CSV, copy_site_files, empty_project, run, snapshot

DB = "Papers 8e5f3a1c2b7d4e6f9a0b1c2d3e4f5a6b"


def rows() -> tuple[list[str], list[dict[str, str]]]:
    with EXPORT_CSV.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def csv_bytes(columns: list[str], records: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(records)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def current_export(path: Path, columns=None) -> Path:
    """The seed export in today's shape: Export-….zip holding Export-…-Part-1.zip, which
    holds the view CSV (filtered to the first three rows) and the _all CSV (every row)."""
    names, records = rows()
    if columns is not None:
        records = [{columns.get(k, k): v for k, v in r.items()} for r in records]
        names = [columns.get(n, n) for n in names]
    part = io.BytesIO()
    with zipfile.ZipFile(part, "w") as inner:
        inner.writestr(f"{DB}.csv", csv_bytes(names, records[:3]))
        inner.writestr(f"{DB}_all.csv", csv_bytes(names, records))
    with zipfile.ZipFile(path, "w") as outer:
        outer.writestr("Export-1a2b3c4d-Part-1.zip", part.getvalue())
    return path


def test_a_zip_of_part_zips_imports_every_row_once(tmp_path):
    export = current_export(tmp_path / "Export-1a2b3c4d.zip")
    root = empty_project(tmp_path / "site")
    code, out, err = run("-C", str(root), "import-notion", str(export))
    assert code == 0, err
    total = len(rows()[1])
    assert f"imported {total}, already there 0, failed 0" in out  # _all, not the view
    assert len(list((root / "reviews").glob("*.md"))) == total
    before = snapshot(root)
    code, out, _ = run("-C", str(root), "import-notion", str(export))
    assert code == 0 and f"imported 0, already there {total}" in out
    assert snapshot(root) == before


def test_korean_column_names_need_no_map(tmp_path):
    korean = {
        "Title": "이름",
        "Publication": "학회",
        "Rate": "평점",
        "Tags": "태그",
        "Summary": "요약",
        "Source": "출처",
    }
    export = current_export(tmp_path / "Export.zip", korean)
    root = empty_project(tmp_path / "site")
    code, _, err = run("-C", str(root), "import-notion", str(export))
    assert code == 0, err
    _, listing, _ = run("-C", str(root), "list", "--format", "json")
    assert "ICML'15" in listing and "Model Architecture" in listing


def test_a_tag_with_a_comma_of_its_own_is_kept_whole_and_said(tmp_path):
    export = tmp_path / "Papers.csv"
    export.write_text('Title,Tags\nA paper,"Vision, Models,Scaling"\n', encoding="utf-8")
    root = empty_project(tmp_path / "site")
    code, out, _ = run("-C", str(root), "import-notion", str(export))
    assert code == 0 and "the tag 'Models,Scaling' has a comma" in out
    page = next((root / "reviews").glob("*.md")).read_text(encoding="utf-8")
    assert "- Vision\n- Models,Scaling\n" in page


#: Two pages as Notion writes them: callouts, toggles, to-dos, highlights, colours,
#: equations, an image, a link to the other page and one to a page outside the database.
PAGE_A = """# Attention Is All You Need

Publication: NIPS'17
Tags: Model Architecture

<aside>
💡 Self-attention replaces recurrence.

</aside>

<details>
<summary>Why it matters</summary>

Parallel training over the sequence.

</details>

- [x] Read the paper
- [ ] Reproduce the table

This is <mark class="highlight-yellow">important</mark> and <span style="color:#E03E3E">red</span>.

$$
\\mathrm{softmax}(QK^T/\\sqrt{d_k})V
$$

See [Deep learning](../Papers%20Other/Deep%20learning%2022222222222222222222222222222222.md)
and [my notes](Reading%20notes%2033333333333333333333333333333333.md).

![](Attention%20Is%20All%20You%20Need%2011111111111111111111111111111111/Untitled.png)
"""


def linked_export(folder: Path) -> Path:
    db = folder / "Reading 0123456789abcdef0123456789abcdef"
    (db / "Attention Is All You Need 11111111111111111111111111111111").mkdir(parents=True)
    (folder / f"{db.name}_all.csv").write_text(
        "\ufeffName,Publication,Tags,Summary,Source\n"
        "Attention Is All You Need,NIPS'17,Model Architecture,Attention.,"
        "https://arxiv.org/abs/1706.03762\n"
        "Deep learning,Nature'15,Survey,A review.,https://doi.org/10.1038/nature14539\n",
        encoding="utf-8",
    )
    (db / "Attention Is All You Need 11111111111111111111111111111111.md").write_text(
        PAGE_A, encoding="utf-8"
    )
    (
        db / "Attention Is All You Need 11111111111111111111111111111111" / "Untitled.png"
    ).write_bytes(
        (Path(__file__).parent / "roots" / "test-basic" / "reviews" / "figure.png").read_bytes()
    )
    return folder


def site_from_export(tmp_path: Path, export: Path | None = None) -> tuple[Path, str]:
    """The real site's configuration with no reviews, and the import of the export."""
    root = tmp_path / "site"
    root.mkdir()
    copy_site_files(root)
    (root / "reviews").mkdir()
    (root / "refs.bib").write_text("", encoding="utf-8")
    export = export or linked_export(tmp_path / "export")
    code, out, err = run("-C", str(root), "import-notion", str(export))
    assert code == 0, err
    return root, out


def test_notion_markdown_becomes_myst_and_links_become_paper_links(tmp_path):
    from conftest import build_site, read_html, warnings_of

    root, out = site_from_export(tmp_path)
    assert "links to pages outside the database made text: 'Reading notes'" in out
    page = (root / "reviews" / "attention2017all.md").read_text(encoding="utf-8")
    assert "<" not in page.split("---", 2)[2].replace("<deep2015learning>", "").replace(
        "<attention2017all/Untitled.png>", ""
    )  # no raw HTML left
    app = build_site(root, tmp_path / "build")
    assert warnings_of(app) == []
    html = read_html(app, "reviews/attention2017all")
    body = html.select_one("article") or html
    assert body.select_one(".admonition.tip") is not None
    assert "Self-attention replaces recurrence." in body.select_one(".admonition.tip").get_text()
    assert "Parallel training" in body.get_text() and "Why it matters" in body.get_text()
    assert "✓ Read the paper" in body.get_text() and "□ Reproduce the table" in body.get_text()
    assert body.select_one("strong").get_text() == "important"
    assert body.select(".math") and body.select("img[src*=Untitled]")
    link = body.select_one('a[href$="deep2015learning.html"]')
    assert link is not None and link.get_text() == "Deep learning"
    assert "my notes" in body.get_text() and not body.select("script, aside, details > aside")


@pytest.mark.pdf
def test_the_imported_site_builds_to_a_pdf_with_every_construct(tmp_path):
    from conftest import build_pdf, squeeze

    root, _ = site_from_export(tmp_path)
    pdf = build_pdf(root, root / "_build", "paper-reviews")
    text = squeeze(pdf["text"])
    for shown in ("Self-attention replaces recurrence.", "Why it matters",
                  "Parallel training over the sequence.", "✓ Read the paper",
                  "□ Reproduce the table", "important", "Deep learning", "my notes"):  # fmt: skip
        assert squeeze(shown) in text, shown


def test_dates_in_notions_formats_are_read_into_front_matter(tmp_path):
    from paper_reviews.core import frontmatter

    export = tmp_path / "Papers.csv"
    export.write_text(
        "Name,Tags,Date read\n"
        'One,A,"November 28, 2026 10:00 AM"\n'
        "Two,A,2026/11/28\n"
        'Three,A,"November 28, 2026 → December 1, 2026"\n'
        "Four,A,2026년 11월 28일 오후 3:00\n"
        "Five,A,someday\n",
        encoding="utf-8",
    )
    root = empty_project(tmp_path / "site")
    code, out, _ = run("-C", str(root), "import-notion", str(export))
    assert code == 0 and "the date 'someday' is not one this importer reads" in out
    dates = sorted(
        str(frontmatter.parse(p.read_text(encoding="utf-8")).data.get("date"))
        for p in (root / "reviews").glob("*.md")
    )
    assert dates == ["2026-11-28"] * 4 + ["None"]
    code, listing, _ = run("-C", str(root), "check")
    assert "[paper.text]" not in listing  # the date is a valid front matter key
    _, records, _ = run("-C", str(root), "list", "--format", "json")
    assert '"date": "2026-11-28"' in records


@pytest.mark.pdf
def test_the_users_export_in_todays_shape_makes_a_working_site_offline(tmp_path):
    """One command, no network: the seed export as Notion makes it now, then the HTML with
    -W (no warning) and the PDF."""
    from conftest import build_pdf, build_site, warnings_of

    export = current_export(tmp_path / "Export-1a2b3c4d.zip")
    root, out = site_from_export(tmp_path, export)
    assert f"imported {len(rows()[1])}, already there 0, failed 0" in out
    assert warnings_of(build_site(root, tmp_path / "html")) == []
    pdf = build_pdf(root, root / "_build", "paper-reviews")
    assert "Batch Normalization" in pdf["flat"]
