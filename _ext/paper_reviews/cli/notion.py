"""Reading a Notion database export ("Markdown & CSV"): the ``.zip``, its unpacked folder,
or the ``.csv`` alone.

The CSV is UTF-8 with a byte-order mark, one row per page. Beside it, a folder named like
the CSV holds one ``<title> <32 hex digits>.md`` per row: ``# <title>``, then ``Key: value``
property lines, then the page's body, which may link images in that folder.

No Sphinx imports.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from paper_reviews.core import markdown

#: Column names and the review fields they fill, as databases made in English or Korean
#: name them (matched in any case); ``--map Column=field`` adds more.
DEFAULT_COLUMNS = {
    "Title": "title",
    "Name": "title",
    "Paper": "title",
    "이름": "title",
    "제목": "title",
    "논문": "title",
    "Publication": "publication",
    "Venue": "publication",
    "Conference": "publication",
    "학회": "publication",
    "출판": "publication",
    "게재": "publication",
    "Rate": "rating",
    "Rating": "rating",
    "Score": "rating",
    "평점": "rating",
    "별점": "rating",
    "점수": "rating",
    "Tags": "tags",
    "Tag": "tags",
    "태그": "tags",
    "Summary": "summary",
    "요약": "summary",
    "Source": "source",
    "URL": "source",
    "Link": "source",
    "출처": "source",
    "링크": "source",
    "Date": "date",
    "Date read": "date",
    "날짜": "date",
    "읽은 날짜": "date",
}


_DATE_FORMATS = (
    "%B %d, %Y",  # November 28, 2026 (Notion's default)
    "%b %d, %Y",
    "%Y/%m/%d",
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%Y년 %m월 %d일",
)


def date(text: str) -> str | None:
    """A date as Notion writes it ("November 28, 2026", "2026/11/28", either with a time
    such as "10:00 AM" or "14:30", or the start of a range "… → …") as 2026-11-28; None if
    it is none of these."""
    text = text.split("→")[0].strip()
    text = re.sub(r"\s*(?:\(.*\))?$", "", text)  # "(GMT+9)"
    text = re.sub(r"\s*(?:오전|오후)\s*\d{1,2}:\d{2}$", "", text)
    text = re.sub(r"\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp][Mm])?$", "", text)
    for form in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return None


FIELDS = ("title", "publication", "rating", "tags", "summary", "source", "date")
_PAGE_NAME = re.compile(r"^(?P<title>.*) (?P<id>[0-9a-f]{32})\.md$")
_PROPERTY = re.compile(r"^[A-Za-z][\w .\-]*: ")
IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".tif", ".tiff"}
)


class ExportError(Exception):
    """The export cannot be read at all (as opposed to one bad row)."""


@dataclass
class Page:
    """A row's page: its body, the export file each image target names (several targets
    may name one file), and those files' contents, each read once."""

    body: str
    files: dict[str, str] = field(default_factory=dict)
    data: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Row:
    number: int  # the CSV line of the row, for messages
    values: dict[str, str]  # review field -> text
    page: Page | None = None


@dataclass
class Export:
    source: Path
    rows: list[Row]


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``["Rate=rating", "Score=rating"]`` added to the default column names."""
    mapping = dict(DEFAULT_COLUMNS)
    for item in items:
        column, sep, name = item.partition("=")
        if not sep or name.strip() not in FIELDS:
            raise ExportError(
                f"--map takes Column=field with field one of {', '.join(FIELDS)}, not {item!r}"
            )
        mapping[column.strip()] = name.strip()
    return mapping


def read(path: Path, mapping: Mapping[str, str] = DEFAULT_COLUMNS) -> Export:
    """Read the export at ``path`` (zip, folder or csv)."""
    if not path.exists():
        raise ExportError(f"{path} does not exist")
    readers: dict[str, Callable[[], bytes]]
    if path.is_dir():
        readers = {p.relative_to(path).as_posix(): p.read_bytes for p in _inside(path, path)}
        return _read_files(path, _unpack_parts(path, readers), mapping)
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as err:
            raise ExportError(f"{path} is not a zip file ({err})") from None
        with archive:
            readers = _members(path.name, archive)
            return _read_files(path, _unpack_parts(path, readers), mapping)
    if path.suffix.lower() == ".csv":
        base = path.parent
        readers = {path.name: path.read_bytes}
        pages = base / path.stem
        if pages.is_dir() and not pages.is_symlink():
            for p in _inside(pages, base):
                readers[p.relative_to(base).as_posix()] = p.read_bytes
        return _read_files(path, readers, mapping)
    raise ExportError(f"{path} is not a Notion export: give the .zip, its folder, or the .csv")


#: The most this importer reads: a file of an export, and the whole export.
MAX_FILE = 64_000_000
MAX_EXPORT = 512_000_000


def _mb(size: int) -> str:
    return f"{size // 1_000_000} MB"


def _inside(folder: Path, root: Path) -> list[Path]:
    """The files under ``folder`` that are really in ``root``: a link that leads out of the
    export (``img.png -> /home/me/secret``) is not followed, a file too large not read."""
    top = root.resolve()
    found = []
    for p in sorted(folder.rglob("*")):
        if p.is_symlink() or not p.is_file():
            continue
        real = p.resolve()
        if real != top and top not in real.parents:
            continue
        if p.stat().st_size > MAX_FILE:
            raise ExportError(f"{p} is larger than {_mb(MAX_FILE)}: not a Notion export's file")
        found.append(p)
    return found


def _members(name: str, archive: zipfile.ZipFile) -> dict[str, Callable[[], bytes]]:
    """The files of a zip, each read when asked for; a zip over the limits is refused."""
    infos = [info for info in archive.infolist() if not info.is_dir()]
    too_big = [i.filename for i in infos if i.file_size > MAX_FILE]
    if too_big or sum(i.file_size for i in infos) > MAX_EXPORT:
        raise ExportError(
            f"{name} unpacks to more than this importer reads ({_mb(MAX_FILE)} a file, "
            f"{_mb(MAX_EXPORT)} in all): {', '.join(too_big[:3]) or 'too many files'}"
        )
    return {info.filename: functools.partial(_unzip, archive, info) for info in infos}


def _unpack_parts(
    source: Path, files: dict[str, Callable[[], bytes]]
) -> dict[str, Callable[[], bytes]]:
    """Notion's export as it comes now: a zip (or its folder) holding ``…Part-1.zip`` and
    more parts, the database's CSVs and pages inside those. Each part's files join the
    export's own, as one tree (a part in a part too); the parts' sizes count together."""
    total = 0
    for _ in range(2):  # parts, and parts of parts
        parts = [name for name in files if name.lower().endswith(".zip")]
        if not parts:
            break
        for name in parts:
            data = files.pop(name)()
            total += len(data)
            try:
                inner = zipfile.ZipFile(io.BytesIO(data))
            except zipfile.BadZipFile as err:
                raise ExportError(f"{name} in {source.name} is not a zip file ({err})") from None
            members = _members(name, inner)
            total += sum(i.file_size for i in inner.infolist())
            if total > MAX_EXPORT:
                raise ExportError(f"{source} unpacks to more than {_mb(MAX_EXPORT)}")
            for member, reader in members.items():
                files.setdefault(member, reader)
    return files


def _unzip(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
        raise ExportError(f"{info.filename} in the zip cannot be read ({err})") from None


def _read_files(
    source: Path, files: Mapping[str, Callable[[], bytes]], mapping: Mapping[str, str]
) -> Export:
    # Notion writes the database twice: "<name> <id>_all.csv" (every row) and "<name>
    # <id>.csv" (the rows of the view it was exported from, maybe filtered). Every row is
    # imported, once: from _all when it is there.
    csvs = sorted(
        (name for name in files if name.lower().endswith(".csv")),
        key=lambda n: (n.count("/"), not n.lower().endswith("_all.csv"), n),
    )
    if not csvs:
        raise ExportError(f"{source} holds no .csv file: export the database as Markdown & CSV")
    csv_name = csvs[0]
    raw = files[csv_name]()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ExportError(f"{csv_name} is not UTF-8 ({err})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _read_rows(source, csv_name, reader, files, mapping)
    except csv.Error as err:
        raise ExportError(f"{csv_name}, line {reader.line_num}: {err}") from None


def _read_rows(
    source: Path,
    csv_name: str,
    reader: csv.DictReader[str],
    files: Mapping[str, Callable[[], bytes]],
    mapping: Mapping[str, str],
) -> Export:
    columns = reader.fieldnames or []
    folded = {name.strip().casefold(): field for name, field in mapping.items()}
    mapping = {
        c: folded[c.strip().casefold()] for c in columns if c and c.strip().casefold() in folded
    }
    if not any(mapping.get(c) == "title" for c in columns):
        raise ExportError(
            f"{csv_name} has no title column (columns: {', '.join(columns)}); "
            "name it with --map Column=title"
        )
    # The pages' folder is named as the CSV, without "_all"; newer exports leave its id out
    # too ("Tests <id>.csv" beside "Tests/").
    stem = re.sub(r"_all$", "", PurePosixPath(csv_name).with_suffix("").as_posix())
    folders = {PurePosixPath(stem), PurePosixPath(re.sub(r"\s+[0-9a-f]{32}$", "", stem))}
    pages = _pages(files, folders)
    rows: list[Row] = []
    for row in reader:
        values: dict[str, str] = {}
        for c in columns:
            if c in mapping:  # the first column for a field fills it
                values.setdefault(mapping[c], (row.get(c) or "").strip())
        rows.append(
            Row(number=reader.line_num, values=values, page=pages.get(values.get("title", "")))
        )
    return Export(source, rows)


def _pages(
    files: Mapping[str, Callable[[], bytes]], folders: set[PurePosixPath]
) -> dict[str, Page]:
    """Pages by title, from ``<folder>/<title> <id>.md``."""
    pages: dict[str, Page] = {}
    for name in files:
        path = PurePosixPath(name)
        match = _PAGE_NAME.match(path.name)
        if path.parent not in folders or not match:
            continue
        text = files[name]().decode("utf-8-sig", errors="replace")
        title, body = split_page(text)
        page = Page(body=body)
        for target in markdown.images(body):
            # Only a file of the export, and only an image: never a path that leads out of
            # it, nor a page (a linked .md would become a review of its own).
            local = markdown.local_path(target)
            if local is None:
                continue
            key = posixpath.normpath(f"{path.parent.as_posix()}/{local}")
            if key in files and PurePosixPath(key).suffix.lower() in IMAGE_SUFFIXES:
                page.files[target] = key
                if key not in page.data:
                    page.data[key] = files[key]()
        pages[title or match.group("title")] = page
    return pages


def split_page(text: str) -> tuple[str, str]:
    """(title, body) of a Notion page: the ``# title``, then property lines, then the body."""
    lines = text.splitlines()
    title = ""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index < len(lines) and lines[index].startswith("# "):
        title = lines[index][2:].strip()
        index += 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines) and _PROPERTY.match(lines[index]):
        index += 1
    return title, "\n".join(lines[index:]).strip("\n")


def publication(text: str) -> tuple[str | None, int | None]:
    """``ICML'15`` -> ("ICML", 2015); ``NIPS Workshop'14`` -> ("NIPS Workshop", 2014)."""
    text = text.strip()
    if not text:
        return None, None
    match = re.match(r"^(?P<venue>.*?)\s*['’‘](?P<yy>\d{2})$", text)
    if match:
        yy = int(match.group("yy"))
        return match.group("venue").strip() or None, (1900 + yy if yy >= 70 else 2000 + yy)
    match = re.match(r"^(?P<venue>.*?)\s*(?P<year>(19|20)\d{2})$", text)
    if match:
        return match.group("venue").strip() or None, int(match.group("year"))
    return text, None
