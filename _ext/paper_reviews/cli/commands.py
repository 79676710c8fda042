"""``paper-reviews``: import a Notion export, start a review from arXiv, check, list.

It reads and validates reviews with the same modules as the Sphinx extension
(:mod:`.frontmatter`, :mod:`.model`, :mod:`.catalog`), so the two never disagree.
``main(argv)`` returns the exit code: 0 on success, 1 when something is wrong, 2 for a
command line it does not understand.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import re
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TextIO

from paper_reviews import __version__
from paper_reviews.cli import arxiv, doi, fetch, http, importer, notion, openreview, sources
from paper_reviews.cli.project import ConfError, Project
from paper_reviews.core import bibfile
from paper_reviews.core.catalogs import CatalogError
from paper_reviews.core.ordering import parse_sort, sort_rows
from paper_reviews.core.records import catalog_json, paper_record

SORTS = {"rating": "-rating, title", "year": "-year, title", "title": "title"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paper-reviews",
        description="Work with the paper reviews of a Sphinx review site.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "-C",
        "--project",
        type=Path,
        default=Path("."),
        help="the site's folder, holding reviews/ and refs.bib (default: here)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = commands.add_parser("import-notion", help="import a Notion database export")
    imp.add_argument("path", type=Path, help="the export: its .zip, its folder, or the .csv")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="read a column as a review field, like Rate=rating (repeatable)",
    )
    imp.add_argument("--fetch", action="store_true", help="take authors from the arXiv API")
    imp.add_argument(
        "--api-url", help=f"the arXiv API (default: ${arxiv.API_ENV} or {arxiv.DEFAULT_API})"
    )
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would be written; write nothing"
    )

    new = commands.add_parser(
        "new", help="start a review of a paper from arXiv, a DOI or OpenReview"
    )
    new.add_argument(
        "paper",
        help="an arXiv id or URL (1502.03167), a DOI or DOI URL (10.1038/nature14539) or an "
        "OpenReview link (https://openreview.net/forum?id=d-XzF81Wg1)",
    )
    new.add_argument("--tag", action="append", default=[], help="a tag (repeatable)")
    new.add_argument("--rating", type=float, help="a rating from 0 to 5")
    new.add_argument("--title", help="the title (with --author and --year: no API needed)")
    new.add_argument("--author", action="append", default=[], help="an author (repeatable)")
    new.add_argument("--year", type=int, help="the year")
    _api_options(new)
    new.add_argument("--dry-run", action="store_true", help="show the page; write nothing")

    fetch_ = commands.add_parser(
        "fetch", help="complete entries of refs.bib from arXiv, Crossref and OpenReview"
    )
    fetch_.add_argument(
        "keys",
        nargs="*",
        metavar="KEY",
        help="the entries to complete (default: every entry that lacks a field)",
    )
    fetch_.add_argument(
        "--overwrite",
        action="append",
        default=[],
        choices=fetch.FIELDS,
        metavar="FIELD",
        help=f"replace this field too if the entry has it: {', '.join(fetch.FIELDS)} (repeatable)",
    )
    fetch_.add_argument(
        "--dry-run", action="store_true", help="show the changes as a diff; write nothing"
    )
    _api_options(fetch_)

    commands.add_parser("check", help="check every review and refs.bib, as a build would")

    lst = commands.add_parser("list", help="the catalog in the terminal")
    lst.add_argument("--tag", help="only papers with this tag")
    lst.add_argument(
        "--sort", choices=sorted(SORTS), default="rating", help="order (default: rating)"
    )
    lst.add_argument("--format", choices=("table", "csv", "json"), default="table")
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        project = Project.from_conf(args.project.resolve())
    except ConfError as error:
        print(f"paper-reviews: {error}", file=err)
        return 1
    if not project.reviews.is_dir() and args.command in ("check", "list"):
        print(f"paper-reviews: {project.reviews} does not exist; use -C to name the site", file=err)
        return 1
    handler = {
        "import-notion": cmd_import,
        "new": cmd_new,
        "fetch": cmd_fetch,
        "check": cmd_check,
        "list": cmd_list,
    }
    try:
        return handler[args.command](args, project, out, err)
    except BrokenPipeError:  # `paper-reviews list | head`: the reader has all it wanted
        if out is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # refs.bib is a folder, the disk is full, …
        where = f"{error.filename}: " if error.filename else ""
        print(f"paper-reviews: {where}{error.strerror or error}", file=err)
        return 1
    except CatalogError as error:  # a language's catalog (the words of new pages) is broken
        print(f"paper-reviews: {error}", file=err)
        return 1


def cmd_import(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    try:
        export = notion.read(args.path, notion.parse_mapping(args.map))
    except notion.ExportError as error:
        print(f"paper-reviews: {error}", file=err)
        return 1
    fetch = None
    if args.fetch:
        url = args.api_url

        def fetch(arxiv_id: str) -> arxiv.ArxivPaper:
            return arxiv.fetch(arxiv_id, url)

    print(f"Importing {len(export.rows)} rows from {args.path}", file=out)
    with _lock(project, args.dry_run):  # refs.bib and the keys taken stay ours until written
        outcomes = importer.plan_notion(project, export, fetch)
        for outcome in outcomes:
            stream = err if outcome.status == "error" else out
            print(f"  {outcome.label}: {outcome.status}: {outcome.message}", file=stream)
        planned = [o.planned for o in outcomes if o.planned is not None]
        problems = [] if args.dry_run else importer.write(project, planned)
    if args.dry_run:
        _show(planned, out)
    for problem in problems:
        print(f"paper-reviews: {problem}", file=err)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("new", "exists", "error")}
    verb = "would import" if args.dry_run else "imported"
    print(
        f"{verb} {counts['new']}, already there {counts['exists']}, failed {counts['error']}",
        file=out,
    )
    return 1 if counts["error"] or problems else 0


def _api_options(parser: argparse.ArgumentParser) -> None:
    """The services' base URLs (:mod:`.sources`), for tests and mirrors."""
    parser.add_argument(
        "--api-url",
        metavar="URL",
        help=f"the arXiv API (default: ${arxiv.API_ENV} or {arxiv.DEFAULT_API})",
    )
    parser.add_argument(
        "--doi-api",
        metavar="URL",
        help=f"Crossref's works API, for a DOI (default: ${doi.API_ENV} or {doi.DEFAULT_API})",
    )
    parser.add_argument(
        "--openreview-api",
        metavar="URL",
        help="OpenReview's API v2 notes, asked first "
        f"(default: ${openreview.API_ENV} or {openreview.DEFAULT_API})",
    )
    parser.add_argument(
        "--openreview-api-v1",
        metavar="URL",
        help="OpenReview's API v1 notes, asked when v2 has no such note "
        f"(default: ${openreview.API_V1_ENV} or {openreview.DEFAULT_API_V1})",
    )


def _api_urls(args: argparse.Namespace) -> sources.ApiUrls:
    return sources.ApiUrls(args.api_url, args.doi_api, args.openreview_api, args.openreview_api_v1)


def cmd_new(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    try:
        paper_id = sources.identify(args.paper)
        if args.rating is not None and not 0 <= args.rating <= 5:
            raise sources.SourceError(f"--rating must be from 0 to 5, not {args.rating:g}")
        if args.title or args.author or args.year:
            if not (args.title and args.author and args.year):
                raise sources.SourceError(
                    "--title, --author and --year go together: give all three"
                )
            paper = sources.given(paper_id, args.title, args.author, args.year)
        else:
            paper = sources.fetch(*paper_id, _api_urls(args))
    except sources.SourceError as error:
        offline = ", or give --title, --author and --year to write the review without it"
        hint = offline if isinstance(error, http.Unavailable) else ""
        print(f"paper-reviews: {error}{hint}", file=err)
        return 1
    with _lock(project, args.dry_run):  # two commands at once take turns
        outcome = importer.plan_new(project, paper, args.tag, args.rating)
        if outcome.planned is None:
            print(f"paper-reviews: {outcome.message}; nothing written", file=err)
            return 1
        if args.dry_run:
            _show([outcome.planned], out)
            return 0
        problems = importer.write(project, [outcome.planned])
    if problems:
        print("\n".join(f"paper-reviews: {p}" for p in problems), file=err)
        return 1
    entry = f" and its entry {outcome.planned.bibkey} in {project.bib_name}"
    print(f"Wrote {outcome.message}{entry if outcome.planned.entry_text else ''}", file=out)
    return 0


def cmd_fetch(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    overwrite = set(args.overwrite)
    return fetch.run(project, args.keys, overwrite, _api_urls(args), args.dry_run, out, err)


def _lock(project: Project, dry_run: bool) -> AbstractContextManager[None]:
    """The project's lock, for a run that writes (a dry run writes nothing, the lock neither)."""
    return contextlib.nullcontext() if dry_run else bibfile.locked(project.root)


def cmd_check(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    views, _ = project.load()
    for problem in project.problems:
        print(problem.format(project.root), file=out)
    drafts = [v for v in views.values() if v.draft]
    if drafts:
        # Not problems: a draft builds without a warning. Listed so that none is forgotten.
        print(f"{len(drafts)} draft{'s' if len(drafts) != 1 else ''} (draft: true):", file=out)
        for draft in drafts:
            missing = [name for name in ("tags", "summary") if not getattr(draft, name)]
            lacks = f" (no {' or '.join(missing)} yet)" if missing else ""
            print(f"  {draft.docname}.md: {_CONTROL.sub('', draft.title)}{lacks}", file=out)
    count = len(project.problems)
    summary = f"{len(views)} reviews checked, {count} problem{'s' if count != 1 else ''}"
    if drafts:
        summary += f", {len(drafts)} draft{'s' if len(drafts) != 1 else ''}"
    print(summary, file=err if count else out)
    return 1 if count else 0


def cmd_list(args: argparse.Namespace, project: Project, out: TextIO, err: TextIO) -> int:
    views, _ = project.load()
    if project.problems:
        print(f"({len(project.problems)} problems: run paper-reviews check)", file=err)
    papers = [v for v in views.values() if args.tag is None or args.tag in v.tags]
    papers = sort_rows(papers, parse_sort(SORTS[args.sort]))
    records = [paper_record(p, cited_in=project.citers_of(p.bibkey, views)) for p in papers]
    if args.format == "json":
        out.write(catalog_json(records))
    elif args.format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        columns = ["bibkey", "title", "publication", "rating", "tags", "summary", "source"]
        writer.writerow(columns)
        for record in records:
            record = {**record, "tags": ", ".join(record["tags"])}
            writer.writerow([_cell(record[c]) for c in columns])
        out.write(buffer.getvalue())
    else:
        _table(papers, out)
    return 0


def _cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: one starting like a formula (=, +, -, @)
    gets a quote before it."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


#: Characters a terminal acts on (escape sequences, bells, carriage returns): not printed.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _table(papers: list, out: TextIO) -> None:
    rows: list[tuple[str, ...]] = [("Rating", "Publication", "Title", "Tags")]
    rows += [
        tuple(_CONTROL.sub("", text) for text in (p.rating_text, p.publication, title, tags))
        for p in papers
        for tags in [", ".join(p.tags)]
        for title in [f"{p.title} (draft)" if p.draft else p.title]
    ]
    widths = [min(max(_width(r[i]) for r in rows), 60) for i in range(3)]
    for row in rows:
        cells = [_pad(_clip(row[i], widths[i]), widths[i]) for i in range(3)]
        print("  ".join([*cells, row[3]]).rstrip(), file=out)
    print(f"{len(papers)} papers", file=out)


def _width(text: str) -> int:
    """Columns a string takes in a terminal: Hangul and other wide characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, width: int) -> str:
    while _width(text) > width:
        text = text[:-2] + "…"
    return text


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _show(planned: list[importer.Planned], out: TextIO) -> None:
    for plan in planned:
        print(f"\n--- {plan.page}\n{plan.page_text}", file=out)
        print(f"--- entry for refs.bib\n{plan.entry_text}", file=out)
        for path in plan.files:
            print(f"--- file {path}", file=out)


if __name__ == "__main__":
    sys.exit(main())
