"""Where each entry of a ``.bib`` file is written: its source text, its line, its fields'
spans.

pybtex reads what the entries mean and keeps no positions. The card's "BibTeX to copy" must
be the entry as its user wrote it (``@string`` macros, ``crossref``, ``\\&`` and ``$\\ell_1$``
as written), less the fields a user would not publish, such as Zotero's ``file`` with a
path on their disk; and a key written twice must be reported at each line that repeats it.
:func:`scan` finds the entries in the text, as BibTeX delimits them.

No Sphinx imports.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Fields left out of the BibTeX shown to readers, unless ``paper_reviews_bibtex_private``
#: says otherwise: paths on the user's disk, private notes, and the bookkeeping of export
#: tools (Zotero, Better BibTeX, JabRef, Mendeley, BibDesk, DBLP). A name ending in ``*``
#: stands for every field that starts with the rest.
PRIVATE_FIELDS = (
    "file",
    "files",
    "pdf",
    "local-url",
    "annote",
    "annotation",
    "comment",
    "comments",
    "review",
    "timestamp",
    "owner",
    "groups",
    "readstatus",
    "ranking",
    "priority",
    "qualityassured",
    "mendeley-tags",
    "mendeley-groups",
    "date-added",
    "date-modified",
    "bdsk-*",
    "added-at",
    "interhash",
    "intrahash",
    "biburl",
    "bibsource",
    "urldate",
    "jabref-*",
)

_AT = re.compile(r"@[ \t]*([A-Za-z][\w\-]*)[ \t\r\n]*([{(])")
_NAME = re.compile(r"[ \t\r\n]*([^\s\"#%'(),={}]+)[ \t\r\n]*")
_SPACE = re.compile(r"[ \t\r\n]*")
_BRACE = re.compile(r"[{}]")
_QUOTED = re.compile(r'[{}"]')
_BARE = re.compile(r"[^\s,#{}()\"]+")


@dataclass(frozen=True)
class Field:
    name: str
    #: Where its name starts and where its value ends.
    start: int
    end: int


@dataclass(frozen=True)
class SourceEntry:
    """One entry as written: its type, key, 1-based line, text span and fields."""

    type: str
    key: str
    line: int
    start: int
    end: int
    fields: tuple[Field, ...]


class ScanError(ValueError):
    pass


def scan(text: str) -> list[SourceEntry]:
    """Every entry of a BibTeX file's text, in order (``@string``, ``@preamble`` and
    ``@comment`` left out). Text BibTeX skips (outside entries) is skipped; an entry that
    cannot be delimited is skipped up to the next ``@`` (pybtex reports it)."""
    lines = [m.end() for m in re.finditer(r"\n", text)]
    entries: list[SourceEntry] = []
    pos = 0
    while True:
        at = _AT.search(text, pos)
        if at is None:
            return entries
        kind = at.group(1).lower()
        closer = "}" if at.group(2) == "{" else ")"
        try:
            if kind == "comment":
                pos = _skip_group(text, at.end(), closer)
                continue
            if kind in ("string", "preamble"):
                pos = _skip_group(text, at.end(), closer)
                continue
            entry, pos = _entry(text, at, closer, lines)
            entries.append(entry)
        except ScanError:
            pos = at.end()


def macros(text: str) -> str:
    """The file's ``@string`` definitions, as written: what an entry of it needs beside it
    to be read alone."""
    found = []
    for at in _AT.finditer(text):
        if at.group(1).lower() == "string":
            try:
                end = _skip_group(text, at.end(), "}" if at.group(2) == "{" else ")")
            except ScanError:
                continue
            found.append(text[at.start() : end])
    return "\n".join(found)


def _skip_group(text: str, pos: int, closer: str) -> int:
    if closer == "}":
        return _braced(text, pos - 1)
    i = pos
    while i < len(text):
        if text[i] == "{":
            i = _braced(text, i)
            continue
        if text[i] == ")":
            return i + 1
        i += 1
    raise ScanError("unclosed")


def _braced(text: str, start: int) -> int:
    """The position after the brace that closes the one at ``start``."""
    depth = 0
    for match in _BRACE.finditer(text, start):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.end()
    raise ScanError("unbalanced braces")


def _quoted(text: str, start: int) -> int:
    depth = 0
    for match in _QUOTED.finditer(text, start + 1):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0:
            return match.end()
    raise ScanError("unclosed quote")


def _value_end(text: str, pos: int) -> int:
    """The end of a field value: pieces in braces, quotes or bare, joined by ``#``."""
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text):
            raise ScanError("premature end")
        char = text[pos]
        if char == "{":
            pos = _braced(text, pos)
        elif char == '"':
            pos = _quoted(text, pos)
        else:
            bare = _BARE.match(text, pos)
            if bare is None:
                raise ScanError("no value")
            pos = bare.end()
        after = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if after < len(text) and text[after] == "#":
            pos = after + 1
            continue
        return pos


def _entry(text: str, at: re.Match[str], closer: str, lines: list[int]) -> tuple[SourceEntry, int]:
    key_end = text.find(",", at.end())
    close = text.find(closer, at.end())
    if key_end < 0 or (0 <= close < key_end):
        raise ScanError("no key")
    key = text[at.end() : key_end].strip()
    if not key or re.search(r"[\s{}\"@]", key):
        raise ScanError("bad key")
    fields: list[Field] = []
    pos = key_end + 1
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos < len(text) and text[pos] == closer:
            end = pos + 1
            break
        name = _NAME.match(text, pos)
        if name is None:
            raise ScanError("no field name")
        eq = name.end()
        if eq >= len(text) or text[eq] != "=":
            raise ScanError("no '='")
        value_end = _value_end(text, eq + 1)
        fields.append(Field(name.group(1).lower(), name.start(1), value_end))
        pos = _SPACE.match(text, value_end).end()  # type: ignore[union-attr]
        if pos < len(text) and text[pos] == ",":
            pos += 1
        elif pos < len(text) and text[pos] == closer:
            end = pos + 1
            break
        else:
            raise ScanError("no ',' after a field")
    line = bisect.bisect_right(lines, at.start()) + 1
    entry = SourceEntry(at.group(1), key, line, at.start(), end, tuple(fields))
    return entry, end


def is_private(name: str, private: Iterable[str]) -> bool:
    name = name.lower()
    return any(
        name.startswith(p[:-1].lower()) if p.endswith("*") else name == p.lower() for p in private
    )


def shown_text(text: str, entry: SourceEntry, private: Iterable[str] = PRIVATE_FIELDS) -> str:
    """The entry's source text without its private fields, otherwise as written."""
    private = tuple(private)
    fields = entry.fields
    cut: list[tuple[int, int]] = []
    for i, item in enumerate(fields):
        if not is_private(item.name, private):
            continue
        later = [f for f in fields[i + 1 :] if not is_private(f.name, private)]
        if later:
            # From the start of its line (when it starts one) to the start of the next kept
            # field's line: the lines of a field written one to a line go whole.
            cut.append((_line_start(text, item.start), _line_start(text, later[0].start)))
        else:
            kept = [f for f in fields[:i] if not is_private(f.name, private)]
            cut.append((kept[-1].end if kept else item.start, item.end))
    out, pos = [], entry.start
    for start, end in sorted(cut):
        if start < pos:
            start = pos
        out.append(text[pos:start])
        pos = max(pos, end)
    out.append(text[pos : entry.end])
    return "".join(out).strip()


def _line_start(text: str, pos: int) -> int:
    """``pos``, or the start of its line when only white space comes before it there."""
    start = text.rfind("\n", 0, pos) + 1
    return start if not text[start:pos].strip() else pos


def by_key(entries: Iterable[SourceEntry]) -> dict[str, SourceEntry]:
    """Entries by key in lower case; the first of a repeated key, as pybtex keeps it."""
    found: dict[str, SourceEntry] = {}
    for entry in entries:
        found.setdefault(entry.key.lower(), entry)
    return found
