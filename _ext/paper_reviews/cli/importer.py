"""Making new reviews: from a Notion export (``import-notion``) or from a paper a service
knows (``new``: arXiv, a DOI, OpenReview; :mod:`.sources`).

Both plan every file first and then write: refs.bib gains its entries in one atomic write,
then each review page (and the images it links) is written atomically. Nothing existing
is ever overwritten: a paper already in the project is reported and left alone.

No Sphinx imports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from paper_reviews.cli import arxiv, notion, notionmd, openreview, sources
from paper_reviews.cli.found import FoundPaper
from paper_reviews.cli.project import Project, render_review
from paper_reviews.core import bibfile, bibinfo, catalogs, markdown
from paper_reviews.core.latextext import latex_to_text
from paper_reviews.core.model import MAX_RATING, is_url


@dataclass
class Planned:
    """One review to write: its page, its refs.bib entry and the files it links."""

    bibkey: str
    title: str
    page: Path
    page_text: str
    entry_text: str
    files: dict[Path, bytes] = field(default_factory=dict)
    #: For a page made from a Notion page: its front matter and body, rendered last.
    front: dict[str, Any] | None = None
    body: str = ""


@dataclass
class Outcome:
    """What happened to one row (or paper): "new", "exists" or "error", and why."""

    label: str  # "row 3" or an arXiv id
    status: str
    message: str
    planned: Planned | None = None


class Taken:
    """Bibkeys and titles already in the project, and those planned in this run."""

    def __init__(self, project: Project, bib: bibfile.Bibliography) -> None:
        self.keys = {k.lower() for k in bib.entries}
        self.keys |= {p.stem.lower() for p in project.reviews.glob("*.md")}
        #: The bibkeys that review pages have.
        self.reviewed = project.reviewed_keys()
        self.by_title: dict[str, str] = {}
        self.by_eprint: dict[str, str] = {}
        self.by_doi: dict[str, str] = {}  # in lower case: a DOI is one in any case
        self.by_openreview: dict[str, str] = {}
        for key, entry in bib.entries.items():
            title = entry.fields.get("title")
            if title:
                self.by_title[normal_title(latex_to_text(title))] = key
            facts = bibinfo.read(entry.fields)  # identifiers in any of their forms
            if facts.arxiv_id:
                self.by_eprint[facts.arxiv_id] = key
            if facts.doi:
                self.by_doi[facts.doi.lower()] = key
            note = openreview.parse_id(facts.url) if facts.url else None
            if note:
                self.by_openreview[note] = key

    def known(self, paper: FoundPaper) -> tuple[str, str] | None:
        """The key refs.bib already holds ``paper`` under, and what gave it away: its arXiv
        id, DOI or OpenReview id, else its title."""
        found = [
            (self.by_eprint.get(paper.arxiv_id or ""), f"arXiv:{paper.arxiv_id}"),
            (self.by_doi.get((paper.doi or "").lower()), f"doi:{paper.doi}"),
            (
                self.by_openreview.get(paper.openreview_id or ""),
                f"OpenReview {paper.openreview_id}",
            ),
            (self.by_title.get(normal_title(paper.title)), f"a paper titled {paper.title!r}"),
        ]
        return next(((key, what) for key, what in found if key), None)

    def add(self, key: str, title: str, eprint: str | None) -> None:
        self.keys.add(key.lower())
        self.reviewed.add(key.lower())
        self.by_title[normal_title(title)] = key
        if eprint:
            self.by_eprint[eprint] = key


def normal_title(title: str) -> str:
    return " ".join(re.sub(r"[{}]", "", title).casefold().split())


def write(project: Project, planned: Iterable[Planned]) -> list[str]:
    """Write the planned entries and pages: the entries first, all in one atomic append,
    then each page and its images, each created whole and never over an existing file.
    Returns a message for each file that could not be written (the others are).

    Killed at any moment, a run leaves refs.bib either without this run's entries or with
    all of them, and pages whole or absent; run again, it writes the pages whose entries are
    in refs.bib but that are missing (:func:`_plan_row`), so the result is the same."""
    plans = list(planned)
    bibfile.append_entries(project.bib_path, [p.entry_text for p in plans if p.entry_text])
    problems = []
    for plan in plans:
        try:
            for path, data in plan.files.items():
                if not (path.is_file() and path.read_bytes() == data):  # a run before wrote it
                    bibfile.create(path, data)
            bibfile.create(plan.page, plan.page_text.encode("utf-8"))
        except FileExistsError as err:
            problems.append(f"{err.filename2 or err.filename} already exists; left as it is")
        except OSError as err:
            problems.append(f"{plan.page}: {err.strerror or err}")
    return problems


# -- from Notion ----------------------------------------------------------------------------------


def plan_notion(
    project: Project,
    export: notion.Export,
    fetch: Callable[[str], arxiv.ArxivPaper] | None = None,
) -> list[Outcome]:
    """One outcome per row of the export, in order."""
    bib = project.read_bibliography()
    taken = Taken(project, bib)
    outcomes = []
    for row in export.rows:
        label = f"row {row.number}"
        try:
            outcome = _plan_row(project, row, taken, fetch)
        except (ValueError, arxiv.ArxivError) as err:
            outcome = Outcome(label, "error", str(err))
        outcomes.append(outcome)
    _render(project, outcomes, taken)
    return outcomes


def _plan_row(
    project: Project,
    row: notion.Row,
    taken: Taken,
    fetch: Callable[[str], arxiv.ArxivPaper] | None,
) -> Outcome:
    label = f"row {row.number}"
    values = row.values
    title = " ".join(values.get("title", "").split())
    if not title:
        raise ValueError("the row has no title")
    venue, year = notion.publication(values.get("publication", ""))
    source = values.get("source", "").strip()
    if source and not is_url(source):
        raise ValueError(f"Source {source!r} is not a URL")
    arxiv_id = _arxiv_id(source)
    if year is None and arxiv_id:
        year = arxiv.year_of_id(arxiv_id)
    rating = _rating(values.get("rating", ""))
    # Notion joins a multi-select's values with ", ": a value with a comma of its own (no
    # space after it) stays whole, and is said so.
    tags = [t.strip() for t in values.get("tags", "").split(", ") if t.strip()]
    summary = values.get("summary", "").strip()

    existing = taken.by_title.get(normal_title(title)) or (
        taken.by_eprint.get(arxiv_id) if arxiv_id else None
    )
    if existing and existing.lower() in taken.reviewed:
        return Outcome(
            label, "exists", f"{title!r} is already in refs.bib as {existing}; left as it is"
        )

    authors: tuple[str, ...] = ()
    if fetch is not None and arxiv_id:
        paper = fetch(arxiv_id)
        authors = paper.authors
        year = year or paper.year
    if existing:
        # In refs.bib without its review (an import stopped half-way): the review only.
        key, entry_text = existing, ""
    else:
        key = bibfile.make_key(title, year, authors, taken.keys)
        fields: list[tuple[str, str]] = [("title", title)]
        if venue:
            fields.append(("booktitle", venue))
        if year is not None:
            fields.append(("year", str(year)))
        fields.extend(_source_fields(source, arxiv_id))
        entry_text = bibfile.format_entry(
            "inproceedings" if venue else "misc", key, fields, authors
        )

    body, files = _body(project, key, row.page)
    read_on = notion.date(values["date"]) if values.get("date") else None
    front = {"bibkey": key, "venue": venue, "tags": tags, "rating": rating, "summary": summary}
    if read_on:
        front["date"] = read_on
    page = project.reviews / f"{key}.md"
    taken.add(key, title, arxiv_id)
    notes = [] if tags and summary else ["no tags or summary yet: fill them in"]
    notes += [f"the tag {t!r} has a comma: kept as one tag" for t in tags if "," in t]
    if values.get("date") and not read_on:
        notes.append(f"the date {values['date']!r} is not one this importer reads: left out")
    message = f"{page.relative_to(project.root)}" + (f" ({'; '.join(notes)})" if notes else "")
    plan = Planned(key, title, page, "", entry_text, files, front=front, body=body)
    return Outcome(label, "new", message, plan)


def _render(project: Project, outcomes: list[Outcome], taken: Taken) -> None:
    """Write each planned page's text, now that every row's bibkey is known: a link to
    another page of the database becomes a {paper} link to its review."""

    def key_of(title: str) -> str | None:
        key = taken.by_title.get(normal_title(title))
        return key if key is not None and key.lower() in taken.reviewed else None

    for outcome in outcomes:
        plan = outcome.planned
        if plan is None or plan.front is None:
            continue
        converted = notionmd.convert(plan.body, key_of)
        own = {f"{plan.bibkey}/{path.name}" for path in plan.files}
        plan.page_text = render_review(plan.front, plan.title, converted.body, images=own)
        if converted.unlinked:
            shown = ", ".join(repr(title) for title in converted.unlinked)
            outcome.message += f" (links to pages outside the database made text: {shown})"


def _arxiv_id(source: str) -> str | None:
    try:
        return arxiv.parse_id(source) if "arxiv.org/" in source else None
    except arxiv.ArxivError:
        return None


def _rating(text: str) -> float | int | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"Rate {text!r} is not a number") from None
    if not 0 <= value <= MAX_RATING:
        raise ValueError(f"Rate {text!r} is not from 0 to {MAX_RATING}")
    return int(value) if value.is_integer() else value


def _source_fields(source: str, arxiv_id: str | None) -> list[tuple[str, str]]:
    if arxiv_id:
        return [("eprint", arxiv_id), ("archivePrefix", "arXiv")]
    doi = re.match(r"^https?://(?:dx\.)?doi\.org/(.+)$", source)
    if doi:
        return [("doi", doi.group(1))]
    return [("url", source)] if source else []


def _body(project: Project, key: str, page: notion.Page | None) -> tuple[str, dict[Path, bytes]]:
    """The page body with its images copied to ``reviews/<key>/`` (each file once, two of
    one name both kept) and linked from there. Whatever else it shows is made safe when the
    page is written (:func:`.markdown.body`)."""
    if page is None:
        return "", {}
    body = page.body
    files: dict[Path, bytes] = {}
    dest: dict[str, str] = {}  # export file -> its name under reviews/<key>/
    for source, data in page.data.items():
        name = PurePosixPath(source).name
        stem, suffix, n = PurePosixPath(name).stem, PurePosixPath(name).suffix, 1
        while name in dest.values():
            n += 1
            name = f"{stem}-{n}{suffix}"
        dest[source] = name
        files[project.reviews / key / name] = data
    for target, source in sorted(page.files.items(), key=lambda item: -len(item[0])):
        pattern = r"(\(\s*|\]:\s*)(<?)" + re.escape(target) + r"(>?)(?=[\s)\"']|$)"
        body = re.sub(pattern, rf"\g<1><{key}/{dest[source]}>", body, flags=re.M)
    return body, files


# -- from arXiv, Crossref or OpenReview -----------------------------------------------------------


def plan_new(
    project: Project,
    paper: FoundPaper,
    tags: list[str],
    rating: float | None,
) -> Outcome:
    """A review page and entry for ``paper``; "exists" if the project already has it (by
    arXiv id, DOI, OpenReview id or title)."""
    bib = project.read_bibliography()
    said = catalogs.translations(project.language).gettext
    taken = Taken(project, bib)
    known = taken.known(paper)
    if known:
        existing, what = known
        if existing.lower() in taken.reviewed:
            return Outcome(paper.label, "exists", f"{what} is already in refs.bib as {existing}")
        # In refs.bib without its review (a run stopped half-way, or added by hand).
        page = project.reviews / f"{existing}.md"
        text = new_review_text(existing, paper, tags, rating, said)
        message = f"{page.relative_to(project.root)} (the entry {existing} was already there)"
        return Outcome(paper.label, "new", message, Planned(existing, paper.title, page, text, ""))
    key = bibfile.make_key(paper.title, paper.year, paper.authors, taken.keys)
    entry_type, fields = sources.entry_fields(paper)
    try:
        entry_text = bibfile.format_entry(entry_type, key, fields, paper.authors)
    except bibfile.EntryError as err:
        return Outcome(paper.label, "error", str(err))
    page = project.reviews / f"{key}.md"
    text = new_review_text(key, paper, tags, rating, said)
    return Outcome(
        paper.label,
        "new",
        str(page.relative_to(project.root)),
        Planned(key, paper.title, page, text, entry_text),
    )


def new_review_text(
    key: str,
    paper: FoundPaper,
    tags: list[str],
    rating: float | None,
    _: Callable[[str], str] = str,
) -> str:
    """The template of a new review: what is known filled in, the rest for the reviewer, in
    the words of the site's language (``_``: :func:`.catalogs.translations`). It is a draft
    (``draft: true``), so that the site builds while the review is written."""
    import yaml

    tag_line = yaml.safe_dump(tags, allow_unicode=True, default_flow_style=True).strip()
    lines = [
        "---",
        f"bibkey: {key}",
        "draft: true  # " + _("delete this line when the review is written"),
    ]
    lines.append(
        f"tags: {tag_line}" + ("" if tags else "  # " + _("one or more, like [Model Training]"))
    )
    lines.append(f"rating: {rating:g}" if rating is not None else "# rating: 4.5  # " + _("0 to 5"))
    lines.append("summary: ''  # " + _("one paragraph: what the paper does and why it matters"))
    lines.append("---")
    title = markdown.text(paper.title)
    abstract = markdown.text(markdown_math(paper.abstract)) if paper.abstract.strip() else ""
    body = [f"# {title}", ""]
    if abstract:
        body += ["```{dropdown} " + markdown.text(_("Abstract")), abstract, "```", ""]
    body.append(markdown.text(_("Your review here: the idea, how it is tested, what holds up.")))
    return "\n".join(lines) + "\n\n" + "\n".join(body) + "\n"


_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
}
_ACCENT = re.compile(r"\\([\"'`^~=.])\{?([A-Za-z])\}?")


def markdown_math(text: str) -> str:
    r"""An arXiv abstract as MyST: display math \[…\] and inline math \(…\) become $…$, and
    accents written in LaTeX outside math (H\"older) become letters (Hölder)."""
    import unicodedata

    text = " ".join(text.split())
    text = re.sub(r"\\\[(.+?)\\\]", r"$\1$", text)
    text = re.sub(r"\\\((.+?)\\\)", r"$\1$", text)
    parts = re.split(r"(\$[^$]+\$)", text)
    for i in range(0, len(parts), 2):  # the even parts are outside math
        parts[i] = _ACCENT.sub(lambda m: m.group(2) + _ACCENTS[m.group(1)], parts[i])
    return unicodedata.normalize("NFC", "".join(parts))
