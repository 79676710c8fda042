"""``paper-reviews fetch``: complete entries of refs.bib from the services that know their
papers (:mod:`.sources`): authors, year, DOI, arXiv's primary category, and the venue.

Only fields an entry lacks are added; a field the user wrote is replaced only when the run
names it (``--overwrite FIELD``). Each entry is edited in place (:mod:`.core.bibedit`):
every other byte of the file, its other entries, its comments, its encoding and line ends
stay as they were; bibkeys never change.

No Sphinx imports.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO

import pybtex.errors
from pybtex.database import Entry
from pybtex.database.input.bibtex import Parser

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
    #: The entry's fields as the plan read them (:func:`.bibedit.fields_of`): the entry
    #: edited must be this one.
    fields: dict[str, str] = field(default_factory=dict)


def wanted_fields(entry: Entry, overwrite: Collection[str] = ()) -> list[str]:
    """The fields of :data:`FIELDS` that ``entry`` lacks, or that ``overwrite`` names."""
    has = _names(entry)
    missing = [name for name in FIELDS if name != "venue" and name not in has]
    if not {"booktitle", "journal"} & has:
        missing.append("venue")
    return [name for name in FIELDS if name in missing or name in overwrite]


def incomplete(entry: Entry) -> bool:
    """Whether a run without keys asks for ``entry``: it has an identifier to ask by and
    lacks its authors or year, or (an arXiv paper) its primary category. A DOI or a venue
    alone is not missing: many papers have neither, and they would be asked for on every
    run."""
    ids = sources.identifiers_of(dict(entry.fields))
    if not ids:
        return False
    has = _names(entry)
    arxiv = any(kind == "arxiv" for kind, _ in ids)
    return not {"author", "year"} <= has or (arxiv and "primaryclass" not in has)


def _names(entry: Entry) -> set[str]:
    return {name.lower() for name in entry.fields} | {role.lower() for role in entry.persons}


def edits_for(entry: Entry, found: FoundPaper, names: Sequence[str], venues: Venues) -> list[Edit]:
    """The fields among ``names`` that ``found`` gives, as BibTeX text (an
    :class:`.bibfile.EntryError` for a value that cannot be written). The venue is
    Crossref's or OpenReview's; from arXiv, only a journal reference that names a venue the
    site knows (:mod:`.venues`), written by that venue's name."""
    edits = []
    for name in names:
        value: str | None = None
        written = _WRITTEN.get(name, name)
        if name == "author" and found.authors:
            value = bibfile.authors_value(found.authors)
        elif name == "year" and found.year is not None:
            value = str(found.year)
        elif name == "doi" and found.doi:
            value = bibfile.field_value("doi", found.doi)
        elif name == "primaryclass" and found.arxiv_id and found.primary_category:
            value = bibfile.field_value("primaryClass", found.primary_category)
        elif name == "venue" and (venue := _venue(found, venues)):
            value = bibfile.field_value("journal", venue)
            has = [f for f in ("booktitle", "journal") if f in _names(entry)]
            written = has[0] if has else "journal"
            if not has and entry.type.lower() in _IN_A_BOOK:
                written = "booktitle"
        if value is not None:
            edits.append(Edit(written, value))
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
    """Ask for each entry of ``keys`` (each once, in any case), or for every
    :func:`incomplete` entry when there are none, and say what would change. A key
    refs.bib does not have is an error; so is a named entry without an arXiv id, DOI or
    OpenReview link to ask by. ``entries``: by key in lower case, each with its own fields
    (not those a ``crossref`` parent would lend it)."""
    chosen: list[tuple[str, Entry | None]]
    if keys:
        first: dict[str, str] = {}  # each key once, as first spelled
        for key in keys:
            first.setdefault(key.lower(), key)
        chosen = [(key, entries.get(lower)) for lower, key in first.items()]
    else:
        chosen = [(e.key, e) for e in entries.values() if incomplete(e)]
    outcomes: list[Outcome] = []
    for number, (key, entry) in enumerate(chosen, start=1):
        where = f"[{number}/{len(chosen)}] {key}"
        outcome = _one(
            key, entry, overwrite, urls, venues, functools.partial(_said, progress, where)
        )
        outcomes.append(outcome)
        # A failure's reason is said once, on standard error, after the run.
        progress(f"{where}: {'failed' if outcome.status == 'error' else outcome.message}")
    return outcomes


def _said(progress: Callable[[str], None], where: str, line: str) -> None:
    progress(f"{where}: {line}")


def _one(
    key: str,
    entry: Entry | None,
    overwrite: Collection[str],
    urls: ApiUrls,
    venues: Venues,
    progress: Callable[[str], None],
) -> Outcome:
    if entry is None:
        return Outcome(key, "error", "no entry with this key in refs.bib")
    names = wanted_fields(entry, overwrite)
    if not names:
        return Outcome(entry.key, "complete", "has every field")
    ids = sources.identifiers_of(dict(entry.fields))
    if not ids:
        return Outcome(entry.key, "error", "no arXiv id, DOI or OpenReview link to look it up by")
    progress(f"asking for {_shown(ids[0])} …")
    try:
        found = sources.lookup(ids, urls)
        edits = edits_for(entry, found, names, venues)
    except (SourceError, bibfile.EntryError) as err:
        return Outcome(entry.key, "error", str(err))
    if not edits:
        return Outcome(entry.key, "complete", f"{found.label} gives nothing to add")
    fields = bibedit.fields_of(entry)
    return Outcome(
        entry.key, "completed", "adds " + ", ".join(e.name for e in edits), edits, fields
    )


def _shown(identifier: sources.Identifier) -> str:
    kind, value = identifier
    return {"arxiv": f"arXiv:{value}", "doi": f"doi:{value}"}.get(kind, f"OpenReview {value}")


def apply(text: str, outcomes: Sequence[Outcome], encoding: str = "utf-8") -> str:
    """``text`` (refs.bib) with every completed entry's edits. An entry that cannot be
    edited in place, whose text is not the entry the plan read (another entry of that key
    that BibTeX reads first, such as one in an ``@comment``), whose edit would not read
    back as meant, or whose new text ``encoding`` cannot write, becomes an error and stays
    as it was. The file is scanned once and put together once."""
    located = bibsource.by_key(bibsource.scan(text))
    macros = bibsource.macros(text)
    changes: list[tuple[int, int, str]] = []
    for outcome in outcomes:
        if outcome.status != "completed":
            continue
        entry = located.get(outcome.key.lower())
        try:
            if entry is None:
                raise bibfile.EntryError(
                    "the entry cannot be edited in place: BibTeX reads it, but its braces or "
                    "commas do not delimit it (a '%' after a value, a field without '=')"
                )
            if bibedit.read(macros, text[entry.start : entry.end], entry.key) != outcome.fields:
                raise bibfile.EntryError(
                    f"refs.bib has another entry {outcome.key} before line {entry.line} that "
                    "BibTeX reads first (in an @comment?); remove one of them"
                )
            new = bibedit.complete(text, entry, outcome.edits, macros)
            new.encode(encoding, errors="surrogateescape")
        except bibfile.EntryError as err:
            outcome.status, outcome.message = "error", str(err)
            continue
        except UnicodeEncodeError as err:
            outcome.status = "error"
            outcome.message = f"{err.object[err.start : err.end]!r} cannot be written in {encoding}"
            continue
        changes.append((entry.start, entry.end, new))
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
    # The file's own encoding (bibtex_encoding); bytes it cannot decode pass through as they
    # are. A byte-order mark is kept as the character it decodes to.
    encoding = codecs.lookup(project.bib_encoding).name
    encoding = "utf-8" if encoding.startswith("utf-8") else encoding
    with contextlib.nullcontext() if dry_run else bibfile.locked(project.root):
        path = path.resolve() if path.is_symlink() else path
        raw = path.read_bytes()
        text = raw.decode(encoding, errors="surrogateescape")
        try:
            # Each entry with its own fields, not those a crossref parent lends it.
            with pybtex.errors.capture():
                data = Parser().parse_string(raw.decode(encoding, errors="replace"))
        except Exception as error:
            print(
                f"paper-reviews: {project.bib_name} cannot be read ({error}); "
                "run paper-reviews check",
                file=err,
            )
            return 1
        entries = {key.lower(): entry for key, entry in data.entries.items()}
        outcomes = plan(
            entries, keys, overwrite, urls, project.venues, lambda line: print(line, file=out)
        )
        edited = apply(text, outcomes, encoding)
        if edited != text and not dry_run:
            bibfile.write_atomic_bytes(path, edited.encode(encoding, errors="surrogateescape"))
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
