"""Editing an entry of a real BibTeX file in place (core/bibedit.py): the new fields read back,
the entry's other fields read as before, and every other byte of the file stays."""

from __future__ import annotations

from pathlib import Path

import pybtex.errors
import pytest
from paper_reviews.core import bibedit, bibsource
from paper_reviews.core.bibedit import Edit
from paper_reviews.core.bibfile import EntryError, authors_value, field_value
from pybtex.database.input.bibtex import Parser

DATA = Path(__file__).parent / "data" / "bib"
REAL = sorted(DATA.glob("*.bib"))  # sources in tests/data/bib/SOURCES.md


def parsed(text: str) -> dict[str, dict[str, str]]:
    with pybtex.errors.capture():
        data = Parser().parse_string(text)
    out = {}
    for key, entry in data.entries.items():
        fields = {k.lower(): v for k, v in entry.fields.items()}
        for role, people in entry.persons.items():
            fields[role.lower()] = " and ".join(map(str, people))
        out[key.lower()] = fields
    return out


def edited(text: str, entry: bibsource.SourceEntry, edits: list[Edit], macros: str) -> str:
    return text[: entry.start] + bibedit.complete(text, entry, edits, macros) + text[entry.end :]


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_every_entry_of_real_files_takes_a_new_field_and_keeps_the_rest(path):
    text = path.read_bytes().decode("utf-8", errors="surrogateescape")
    before = parsed(text)
    entries = bibsource.scan(text)
    macros = bibsource.macros(text)
    keys = [entry.key.lower() for entry in entries]
    for entry in entries:
        if keys.count(entry.key.lower()) > 1 or entry.key.lower() not in before:
            continue  # pybtex keeps the first of a repeated key
        value = field_value("note", "Añadido {x}")
        after_text = edited(text, entry, [Edit("x-added", value)], macros)
        # Every byte outside the entry stays, so every other entry reads as before.
        assert after_text[: entry.start] == text[: entry.start]
        assert after_text.endswith(text[entry.end :])
        new_entry = after_text[entry.start : len(after_text) - (len(text) - entry.end)]
        after = parsed(macros + "\n" + new_entry)
        wanted = dict(before[entry.key.lower()], **{"x-added": value})
        assert after[entry.key.lower()] == wanted, entry.key


def test_a_new_field_takes_the_layout_of_the_entry():
    aligned = "@misc{a,\n  title         = {T},\n  archivePrefix = {arXiv}\n}\n"
    entry = bibsource.scan(aligned)[0]
    assert bibedit.complete(aligned, entry, [Edit("author", authors_value(["Ana Li"]))]) == (
        "@misc{a,\n  title         = {T},\n  archivePrefix = {arXiv},\n"
        "  author        = {Ana Li}\n}"
    )
    tight = "@article{b,\r\n\ttitle={T},\r\n\tyear={2019},\r\n}"
    entry = bibsource.scan(tight)[0]
    assert bibedit.complete(tight, entry, [Edit("doi", "10.1/x")]) == (
        "@article{b,\r\n\ttitle={T},\r\n\tyear={2019},\r\n\tdoi={10.1/x},\r\n}"
    )
    one_line = '@misc(c, title = "T", year = 2020)'
    entry = bibsource.scan(one_line)[0]
    assert bibedit.complete(one_line, entry, [Edit("doi", "10.1/x")]) == (
        '@misc(c, title = "T", year = 2020,\n  doi = {10.1/x})'
    )
    empty = "@misc{d,}"
    entry = bibsource.scan(empty)[0]
    assert bibedit.complete(empty, entry, [Edit("year", "2020")]) == "@misc{d,\n  year = {2020}}"


def test_a_value_is_replaced_in_place_only_where_asked():
    text = '@misc{a,\n  title = "Old",\n  year  = 2019,\n  note  = {kept}\n}'
    entry = bibsource.scan(text)[0]
    out = bibedit.complete(text, entry, [Edit("year", "2020"), Edit("title", "New")])
    assert out == "@misc{a,\n  title = {New},\n  year  = {2020},\n  note  = {kept}\n}"


def test_an_edit_that_would_not_read_back_changes_nothing():
    text = "@misc{a,\n  title = {T}\n}"
    entry = bibsource.scan(text)[0]
    with pytest.raises(EntryError, match="would not read back"):
        bibedit.complete(text, entry, [Edit("note", "}, evil = {x")])
