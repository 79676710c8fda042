"""What an entry lacks, completed as BibTeX and biblatex would: from its ``crossref``
parent, and a ``year`` from biblatex's ``date``.

``crossref``: an entry takes the fields it lacks from the entry it names, as BibTeX does.

DBLP exports a paper as ``@inproceedings{…, crossref = {DBLP:conf/icml/2015}}`` with the
venue and year only in the ``@proceedings`` entry it names. pybtex keeps the two apart, so
the paper had no venue, no year and, for the References page, no ``booktitle``.
:func:`inherit` copies what the child lacks: every field of the parent (its ``title`` as
the child's ``booktitle`` when the parent has none) and its editors. It only ever adds, so
it can run again on entries that already inherited. An entry with ``date = {2020-05-12}`` and
no ``year`` gets ``year = {2020}``, so its citations and its References entry show it.

No Sphinx imports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pybtex.database import Entry

_DATE = re.compile(r"\s*\{?(\d{4})")
#: Fields of the parent that say nothing about the child.
_NOT_INHERITED = frozenset({"crossref", "ids", "key", "title", "subtitle", "titleaddon"})
#: Child types whose ``booktitle`` is the parent's title (biblatex's rule).
_IN_A_BOOK = frozenset({"inproceedings", "conference", "incollection", "inbook"})


def inherit(entries: Mapping[str, Entry]) -> list[str]:
    """Complete every entry with a ``crossref`` from its parent, and its year from its
    date; return the keys of those whose parent is missing."""
    missing = []
    for entry in entries.values():
        if "year" not in entry.fields:
            date = _DATE.match(entry.fields.get("date", ""))
            if date:
                entry.fields["year"] = date.group(1)
        name = entry.fields.get("crossref", "").strip()
        if not name:
            continue
        parent = entries.get(name)
        if parent is None:
            missing.append(entry.key)
            continue
        if parent is entry:
            continue
        fields = entry.fields
        for field, value in parent.fields.items():
            if field.lower() not in _NOT_INHERITED and field not in fields:
                fields[field] = value
        title = parent.fields.get("title")
        if title and entry.type.lower() in _IN_A_BOOK and "booktitle" not in fields:
            fields["booktitle"] = title
        for role, people in parent.persons.items():
            if role not in entry.persons and role.lower() == "editor":
                entry.persons[role] = list(people)
    return missing
