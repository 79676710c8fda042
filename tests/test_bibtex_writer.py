"""The BibTeX writer: whatever text comes from outside (an arXiv title, a Notion cell, a
command-line argument), the entry written reads back as exactly that entry, or is refused
with a message. Nothing can close a brace, add a field or add an entry."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from paper_reviews.core import bibinfo
from paper_reviews.core.bibfile import EntryError, clean_text, format_entry
from paper_reviews.core.latextext import latex_to_text
from pybtex.database import parse_string

#: Text drawn with BibTeX's and LaTeX's syntax over-represented.
SYNTAX = st.sampled_from([*"{}\\%$#&_~^@,=\"'` \n\t", "and", "@misc{x,", "}}", "$\\ell$"])
TEXT = st.lists(st.one_of(SYNTAX, st.text(max_size=3)), max_size=25).map("".join)

#: The injections of the issue, as a title, a venue and an author would bring them.
ATTACKS = [
    "X}, url = {javascript:alert(1)}, note = {x",
    "…}}@misc{ioffe2015batch, title = {Injected}}",
    "ICML}'20",
    '<img src=x onerror="alert(1)">',
    "Sparse $\\ell_1$ & Friends: 50% Faster",
    "$}{$ and $\\href{javascript:alert(1)}{x}$",
    "Ends with a backslash \\",
    "A % comment",
]


def read_back(text: str):
    data = parse_string(text, "bibtex")
    assert list(data.entries) == ["key2020"]
    return data.entries["key2020"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, venue=TEXT, author=TEXT)
@example(title=ATTACKS[0], venue=ATTACKS[1], author="Doe, Jane and Roe, Ann")
@pytest.mark.slow
def test_any_text_reads_back_as_written_or_is_refused(title, venue, author):
    title, venue = clean_text(title) or "t", clean_text(venue)
    fields = [("title", title)] + ([("booktitle", venue)] if venue else [])
    authors = [author] if clean_text(author) else []
    try:
        written = format_entry("inproceedings", "key2020", fields, authors)
    except EntryError:
        return  # refused with a message: nothing is written
    entry = read_back(written)
    assert set(entry.fields) == {name for name, _ in fields}
    for name, value in fields:
        assert " ".join(latex_to_text(entry.fields[name]).split()) == value
    assert len(entry.persons.get("author", [])) == len(authors)


@pytest.mark.parametrize("attack", ATTACKS)
def test_injections_stay_inside_their_field(attack):
    written = format_entry("misc", "key2020", [("title", attack), ("year", "2020")])
    entry = read_back(written)
    assert set(entry.fields) == {"title", "year"} and entry.fields["year"] == "2020"
    assert " ".join(latex_to_text(entry.fields["title"]).split()) == clean_text(attack)
    assert bibinfo.read(entry.fields).url is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("url", "https://doi.org/},url={javascript:alert(1)}"),
        ("doi", "10.1/x} , url = {javascript:alert(1)"),
        ("year", "2020}, note = {x"),
        ("eprint", "1502.03167 and more"),
    ],
)
def test_an_identifier_that_cannot_be_written_as_it_is_is_refused(name, value):
    with pytest.raises(EntryError, match=name):
        format_entry("misc", "key2020", [("title", "T"), (name, value)])


def test_keys_spell_letters_without_an_ascii_base_as_people_do():
    from paper_reviews.core.bibfile import make_key

    title = "Transformers are Inherently Succinct"
    assert make_key(title, 2026, ["Pascal Bergsträßer"], set()) == "bergstrasser2026transformers"
    assert make_key(title, 2026, ["Søren Łukasiewicz"], set()).startswith("lukasiewicz2026")
