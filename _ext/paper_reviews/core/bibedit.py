"""Completing an entry of a BibTeX file in place: fields added to it (or, when asked, one
value replaced), every other byte of the file kept as written.

The entry is found with :mod:`.bibsource`'s scanner (its fields' spans); a new field takes
the layout of the entry's last field (its indent and the column of its ``=``). The edited
entry is read back with pybtex and must hold every field it held, unchanged, plus exactly
the new values, or :class:`.bibfile.EntryError` says why and nothing is changed.

No Sphinx imports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pybtex.errors
from pybtex.database import Entry
from pybtex.database.input.bibtex import Parser

from paper_reviews.core.bibfile import EntryError
from paper_reviews.core.bibsource import Field, SourceEntry


@dataclass(frozen=True)
class Edit:
    """One field to write: ``value`` is BibTeX text, escaped (:func:`.bibfile.field_value`)."""

    name: str
    value: str


def complete(text: str, entry: SourceEntry, edits: list[Edit], macros: str = "") -> str:
    """The text of ``entry`` (``text[entry.start:entry.end]``, ``text`` a whole BibTeX
    file) given ``edits``: a field the entry has is given the new value in place, one it
    lacks is added after its last field. ``macros``: the file's ``@string`` definitions
    (:func:`.bibsource.macros`), for reading the entry back."""
    before = text[entry.start : entry.end]
    if not edits:
        return before
    fields = {field.name: field for field in entry.fields}
    newline = "\r\n" if "\r\n" in before else "\n"
    replaced: list[tuple[int, int, str]] = []
    added: list[Edit] = []
    for edit in edits:
        field = fields.get(edit.name.lower())
        if field is None:
            added.append(edit)
        else:
            start = _value_start(text, field)
            replaced.append((start, field.end, "{" + edit.value + "}"))
    if added:
        at, lead = _insertion(text, entry)
        rows = "".join(f",{newline}{lead(e.name)}{{{e.value}}}" for e in added)
        if not entry.fields:
            rows = rows[1:]  # after the key's comma
        replaced.append((at, at, rows))
    pieces, pos = [], entry.start
    for start, end, new in sorted(replaced):
        pieces += [text[pos:start], new]
        pos = end
    after = "".join(pieces) + text[pos : entry.end]
    _check(macros + "\n" + before, macros + "\n" + after, entry, edits)
    return after


def read(macros: str, entry_text: str, key: str) -> dict[str, str]:
    """One entry's fields as pybtex reads it beside the file's ``@string`` definitions
    (:func:`fields_of`'s form)."""
    return _read(macros + "\n" + entry_text, key)


def fields_of(entry: Entry) -> dict[str, str]:
    """An entry's fields: names in lower case, people joined with "and" as pybtex writes
    them."""
    fields = {name.lower(): value for name, value in entry.fields.items()}
    for role, persons in entry.persons.items():
        fields[role.lower()] = " and ".join(str(p) for p in persons)
    return fields


def _value_start(text: str, field: Field) -> int:
    equals = text.index("=", field.start)
    return len(text) - len(text[equals + 1 :].lstrip())


def _insertion(text: str, entry: SourceEntry) -> tuple[int, Callable[[str], str]]:
    """Where new fields go (after the last field, or the key's comma) and how each row
    starts: the last field's indent, its name padded to where its ``=`` stands."""
    if not entry.fields:
        at = text.index(",", entry.start) + 1
        return at, lambda name: f"  {name} = "
    last = entry.fields[-1]
    line_start = text.rfind("\n", 0, last.start) + 1
    indent = text[line_start : last.start]
    if indent.strip():  # fields on one line: a plain indent
        indent = "  "
    equals = text.index("=", last.start)
    after = text[equals + 1 : _value_start(text, last)]
    after = after if after in ("", " ") else " "
    column = _aligned_column(text, entry)

    def lead(name: str) -> str:
        if column is not None:
            gap = " " * max(1, column - len(indent) - len(name))
        else:
            gap = "" if equals == last.start + len(text[last.start : equals].rstrip()) else " "
        return f"{indent}{name}{gap}={after}"

    return last.end, lead


def _aligned_column(text: str, entry: SourceEntry) -> int | None:
    """The column every field's ``=`` stands at, when the fields are written one to a line
    with their names padded with spaces to line the ``=`` up; else None."""
    columns = set()
    padded = False
    for field in entry.fields:
        line_start = text.rfind("\n", 0, field.start) + 1
        equals = text.index("=", field.start)
        head = text[field.start : equals]
        if "\t" in head or text[line_start : field.start].strip():
            return None
        padded = padded or len(head) - len(head.rstrip()) > 1
        columns.add(equals - line_start)
    return columns.pop() if len(columns) == 1 and padded and len(entry.fields) > 1 else None


def _read(entry_text: str, key: str) -> dict[str, str]:
    """The entry's fields (names in lower case; people joined with "and") as pybtex reads
    them. Problems pybtex reports (a macro defined in another file) are the same before and
    after an edit, and are left to the build to report."""
    try:
        with pybtex.errors.capture():
            data = Parser().parse_string(entry_text)
    except Exception as err:
        raise EntryError(f"the entry {key} cannot be read back ({err})") from None
    if [k.lower() for k in data.entries] != [key.lower()]:
        raise EntryError(f"the entry {key} does not read back as one entry")
    return fields_of(data.entries[next(iter(data.entries))])


def _check(before: str, after: str, entry: SourceEntry, edits: list[Edit]) -> None:
    """The edited entry reads as the old one with exactly the edits: each new value read
    back as written (people as pybtex reads them), no field more, no other field changed."""
    wanted = _read(before, entry.key)
    for edit in edits:
        name = edit.name.lower()
        if name in _PEOPLE:
            wanted[name] = _read(f"@misc{{x,{name} = {{{edit.value}}}}}", "x").get(name, "")
        else:
            wanted[name] = edit.value
    new = _read(after, entry.key)
    if new != wanted:
        changed = sorted(k for k in set(new) | set(wanted) if new.get(k) != wanted.get(k))
        shown = ", ".join(changed)
        raise EntryError(f"the entry {entry.key} would not read back as meant ({shown})")


#: Fields pybtex reads as lists of people.
_PEOPLE = frozenset({"author", "editor"})
