"""``paper-reviews fetch``: complete entries of refs.bib from the services that know their
papers (:mod:`.sources`): authors, year, DOI, arXiv's primary category, and the venue.

Only fields an entry lacks are added; a field the user wrote is replaced only when the run
names it (``--overwrite FIELD``). Each entry is edited in place (:mod:`.core.bibedit`):
every other byte of the file, its other entries, its comments, its encoding and line ends
stay as they were; bibkeys never change.

No Sphinx imports.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from pybtex.database import Entry

from paper_reviews.cli import sources
from paper_reviews.cli.project import Project
from paper_reviews.cli.sources import ApiUrls, FoundPaper, SourceError
from paper_reviews.core import bibedit, bibfile, bibsource
from paper_reviews.core.bibedit import Edit
from paper_reviews.core.venues import Venues

#: The fields ``fetch`` completes, as ``--overwrite`` names them (``venue``: the entry's
#: ``booktitle`` or ``journal``, whichever its type takes).
FIELDS = ("author", "year", "doi", "primaryclass", "venue")
#: How each is written in refs.bib.
_WRITTEN = {"author": "author", "year": "year", "doi": "doi", "primaryclass": "primaryClass"}
#: Entry types whose venue is a ``booktitle``; every other type's is a ``journal``.
_IN_A_BOOK = frozenset({"inproceedings", "conference", "incollection", "inbook"})


@dataclass
class Outcome:
    """What ``fetch`` did, or would do, for one entry."""

    key: str
    status: str  # "completed", "complete" (nothing to add), "error"
    message: str
    edits: list[Edit] = field(default_factory=list)


def wanted_fields(entry: Entry, overwrite: Collection[str] = ()) -> list[str]:
    """The fields of :data:`FIELDS` that ``entry`` lacks, or that ``overwrite`` names."""
    has = {name.lower() for name in entry.fields} | {r.lower() for r in entry.persons}
    venue = {"booktitle", "journal"} & has
    missing = [name for name in FIELDS if name != "venue" and name not in has]
    if not venue:
        missing.append("venue")
    return [name for name in FIELDS if name in missing or name in overwrite]


def edits_for(entry: Entry, found: FoundPaper, names: Sequence[str], venues: Venues) -> list[Edit]:
    """The fields among ``names`` that ``found`` gives, as BibTeX text. The venue is
    Crossref's or OpenReview's; from arXiv, only a journal reference that names a venue the
    site knows (:mod:`.venues`), written by that venue's name."""
    values: dict[str, str] = {}
    if found.authors:
        values["author"] = bibfile.authors_value(found.authors)
    if found.year is not None:
        values["year"] = str(found.year)
    if found.doi:
        values["doi"] = bibfile.field_value("doi", found.doi)
    if found.arxiv_id and found.primary_category:
        values["primaryclass"] = bibfile.field_value("primaryClass", found.primary_category)
    venue = _venue(found, venues)
    if venue:
        values["venue"] = bibfile.field_value("journal", venue)
    edits = []
    for name in names:
        if name not in values:
            continue
        if name == "venue":
            written = "booktitle" if entry.type.lower() in _IN_A_BOOK else "journal"
            have = [f for f in ("booktitle", "journal") if f in {k.lower() for k in entry.fields}]
            written = have[0] if have else written
        else:
            written = _WRITTEN[name]
        edits.append(Edit(written, values[name]))
    return edits


def _venue(found: FoundPaper, venues: Venues) -> str | None:
    if found.venue and not found.journal_ref:
        return found.venue
    if found.journal_ref:
        known = venues.find(found.journal_ref)
        if known is not None:
            return known.names[0] if known.names else known.short
    return None


def plan(
    entries: Mapping[str, Entry],
    keys: Sequence[str],
    overwrite: Collection[str],
    urls: ApiUrls,
    venues: Venues,
    progress: Callable[[str], None],
) -> list[Outcome]:
    """Ask for each entry of ``keys`` (every entry that lacks a field, when empty) and say
    what would change. A key refs.bib does not have is an error; so is an entry without an
    arXiv id, DOI or OpenReview link to ask by."""
    chosen: list[tuple[str, Entry | None]]
    if keys:
        chosen = [(key, entries.get(key.lower())) for key in keys]
    else:
        chosen = [(e.key, e) for e in entries.values() if wanted_fields(e)]
    outcomes: list[Outcome] = []
    for number, (key, entry) in enumerate(chosen, start=1):
        where = f"[{number}/{len(chosen)}] {key}"
        if entry is None:
            outcomes.append(Outcome(key, "error", "no entry with this key in refs.bib"))
            progress(f"{where}: no entry with this key")
            continue
        names = wanted_fields(entry, overwrite)
        if not names:
            outcomes.append(Outcome(entry.key, "complete", "has every field"))
            progress(f"{where}: has every field")
            continue
        ids = sources.identifiers_of(dict(entry.fields))
        if not ids:
            message = "no arXiv id, DOI or OpenReview link to look it up by"
            outcomes.append(Outcome(entry.key, "error", message))
            progress(f"{where}: {message}")
            continue
        progress(f"{where}: asking for {_shown(ids[0])} …")
        try:
            found = sources.lookup(ids, urls)
        except SourceError as err:
            outcomes.append(Outcome(entry.key, "error", str(err)))
            progress(f"{where}: {err}")
            continue
        edits = edits_for(entry, found, names, venues)
        if edits:
            message = "adds " + ", ".join(e.name for e in edits)
            outcomes.append(Outcome(entry.key, "completed", message, edits))
        else:
            outcomes.append(Outcome(entry.key, "complete", f"{found.label} gives nothing to add"))
        progress(f"{where}: {outcomes[-1].message}")
    return outcomes


def _shown(identifier: sources.Identifier) -> str:
    kind, value = identifier
    return {"arxiv": f"arXiv:{value}", "doi": f"doi:{value}"}.get(kind, f"OpenReview {value}")


def apply(text: str, outcomes: Sequence[Outcome]) -> str:
    """``text`` (refs.bib) with every completed entry's edits; an edit that would not read
    back as meant turns its outcome into an error and leaves that entry as it was. The file
    is scanned once and put together once, however many entries change."""
    located = bibsource.by_key(bibsource.scan(text))
    macros = bibsource.macros(text)
    changes: list[tuple[int, int, str]] = []
    for outcome in outcomes:
        if outcome.status != "completed":
            continue
        entry = located.get(outcome.key.lower())
        if entry is None:  # a key pybtex reads but the scanner cannot delimit
            outcome.status, outcome.message = "error", "the entry cannot be edited in place"
            continue
        try:
            changes.append(
                (entry.start, entry.end, bibedit.complete(text, entry, outcome.edits, macros))
            )
        except bibfile.EntryError as err:
            outcome.status, outcome.message = "error", str(err)
    pieces, pos = [], 0
    for start, end, new in sorted(changes):
        pieces += [text[pos:start], new]
        pos = end
    return "".join(pieces) + text[pos:]


def run(
    project: Project,
    keys: Sequence[str],
    overwrite: Collection[str],
    urls: ApiUrls,
    dry_run: bool,
    out: TextIO,
    err: TextIO,
) -> int:
    """The command: plan, then write refs.bib atomically under the project's lock (or show
    the diff, for a dry run). Exit status 1 if any entry failed; the others are written."""
    path = project.bib_path
    if not path.is_file():
        print(f"paper-reviews: {path} does not exist", file=err)
        return 1
    with contextlib.nullcontext() if dry_run else bibfile.locked(project.root):
        path = path.resolve() if path.is_symlink() else path
        raw = path.read_bytes()
        # Bytes that are not UTF-8 (a Latin-1 file) pass through unchanged.
        text = raw.decode("utf-8", errors="surrogateescape")
        bib = bibfile.read(project.bib_path)
        entries = {key.lower(): entry for key, entry in bib.entries.items()}
        outcomes = plan(
            entries, keys, overwrite, urls, project.venues, lambda line: print(line, file=out)
        )
        edited = apply(text, outcomes)
        if edited != text and not dry_run:
            bibfile.write_atomic_bytes(path, edited.encode("utf-8", errors="surrogateescape"))
    if dry_run and edited != text:
        name = str(project.bib_path.relative_to(project.root))
        diff = difflib.unified_diff(
            text.splitlines(keepends=True),
            edited.splitlines(keepends=True),
            f"a/{name}",
            f"b/{name}",
        )
        out.writelines(line if line.endswith("\n") else line + "\n" for line in diff)
    for outcome in outcomes:
        if outcome.status == "error":
            print(f"paper-reviews: {outcome.key}: {outcome.message}", file=err)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("completed", "complete", "error")}
    verb = "would complete" if dry_run else "completed"
    print(
        f"{verb} {counts['completed']}, nothing to add {counts['complete']}, "
        f"failed {counts['error']}",
        file=out,
    )
    return 1 if counts["error"] else 0
