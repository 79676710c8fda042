"""Notion exports as Notion makes them today: a zip holding part zips, both CSVs, column
names in Korean or English. Built from the user's own export (tests/data/notion-export)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from test_cli import EXPORT_CSV, empty_project, run, snapshot

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
