"""Author–year labels told apart: two papers by He et al. in 2016 read (He et al., 2016a)
and (He et al., 2016b), in every citation, on the card, on the References page and in the
PDF.

The letters are computed once per build, after every page is read, over the entries the
site cites: entries whose citations read the same author part and year get a, b, … in the
order of pybtex's ``author_year_title`` sorting. The letter is written into the entry's
``year`` (as biblatex's ``extradate`` prints it), so every style that shows the year shows
it, and every cache keyed by the entry's content sees the change. The years as written are
kept beside, put back before the next computation, so that the letters are the same
whatever the order pages were read in, with ``-j`` and in incremental builds.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pybtex.plugin

from paper_reviews.core.fingerprint import forget_fingerprint
from paper_reviews.core.latextext import latex_to_text

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Key of the ``paper`` domain's data: bibkey -> (year as written, year with its letter).
LETTERED = "lettered_years"
_YEAR = re.compile(r"^\s*\d{4}\s*$")


def letters(count: int) -> list[str]:
    """a … z, then aa, ab, …"""
    alphabet = string.ascii_lowercase
    out = list(alphabet[:count])
    for first in alphabet:
        if len(out) >= count:
            break
        out += [first + second for second in alphabet][: count - len(out)]
    return out


def assign(entries: Iterable[Entry], author_of: Callable[[Entry], str]) -> dict[str, str]:
    """The lettered year of each entry that shares its author part and year with another:
    {key: "2016a"}. Entries are first put together by year and first name's surname, which
    costs next to nothing; only those that share both with another have their author part
    formatted (``author_of``) to tell them apart."""
    sorting = pybtex.plugin.find_plugin("pybtex.style.sorting", "author_year_title")()
    rough: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        year = entry.fields.get("year", "")
        if _YEAR.match(year):
            rough[(_first_surname(entry), year.strip())].append(entry)
    out: dict[str, str] = {}
    for (_, year), candidates in rough.items():
        if len(candidates) < 2:
            continue
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in candidates:
            groups[author_of(entry)].append(entry)
        for members in groups.values():
            if len(members) < 2:
                continue
            ordered = sorted(members, key=lambda e: (sorting.sorting_key(e), e.key.lower()))
            for entry, letter in zip(ordered, letters(len(ordered)), strict=True):
                out[entry.key] = year + letter
    return out


def _first_surname(entry: Entry) -> str:
    """The first author's (else editor's) surname as text, else the title: what an
    author–year citation starts with."""
    for role in ("author", "editor"):
        people = entry.persons.get(role)
        if people:
            return latex_to_text(
                " ".join(people[0].prelast_names + people[0].last_names)
            ).casefold()
    return latex_to_text(entry.fields.get("title", "")).casefold()


def restore(entries: Mapping[str, Entry], lettered: Mapping[str, tuple[str, str]]) -> None:
    """Put back the years as written where this module wrote a letter."""
    for key, (written, shown) in lettered.items():
        entry = entries.get(key)
        if entry is not None and entry.fields.get("year") == shown:
            entry.fields["year"] = written
            forget_fingerprint(entry)


def apply(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``, before sphinxcontrib-bibtex formats the bibliography: letter the
    years of the cited entries, and return the pages citing an entry whose letter changed."""
    cite: Any = env.get_domain("cite")
    data = env.get_domain("paper").data
    entries = cite.bibdata.data.entries
    old: dict[str, tuple[str, str]] = data.get(LETTERED, {})
    restore(entries, old)
    cited_in: dict[str, set[str]] = defaultdict(set)
    for ref in cite.citation_refs:
        for target in ref.targets:
            cited_in[target.key.lower()].add(ref.docname)
    style = cite.reference_style
    template = style.person.author_or_editor_or_title(full=False)
    plaintext = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")()

    def author_of(entry: Entry) -> str:
        try:
            return str(template.format_data({"entry": entry, "style": style}).render(plaintext))
        except Exception:  # no author, editor or title: nothing to tell apart
            return ""

    cited = [entries[key] for key in cited_in if key in entries]
    new: dict[str, tuple[str, str]] = {}
    for key, shown in assign(cited, author_of).items():
        entry = entries[key]
        new[key.lower()] = (entry.fields["year"], shown)
        entry.fields["year"] = shown
        forget_fingerprint(entry)
    data[LETTERED] = new
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    return sorted({doc for key in changed for doc in cited_in.get(key, ())})
