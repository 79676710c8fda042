"""A review project on disk, read without Sphinx: its review pages, its refs.bib, and the
same problems a build would report. Also how new review pages are written.

No Sphinx imports: this is what the ``paper-reviews`` command works on.
"""

from __future__ import annotations

import os
import re
import runpy
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from paper_reviews.cli import mdroles
from paper_reviews.core import bibfile, bibinfo, frontmatter, markdown
from paper_reviews.core.backlinks import cited_in
from paper_reviews.core.bibinfo import EntryFacts
from paper_reviews.core.catalog import complete
from paper_reviews.core.model import Paper, PaperView, check_text
from paper_reviews.core.problems import Check, Problem
from paper_reviews.core.venues import Venues

_BIBKEY_LINE = re.compile(r"^bibkey:\s*([^#\n]+)", re.M)
#: The pre- and post-text of a key in a citation, ``{see}key{p. 3}``.
_CITE_NOTE = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class Located:
    """A problem in a file of the project."""

    path: Path
    line: int
    check: Check | None
    message: str

    def format(self, root: Path) -> str:
        try:
            shown = self.path.relative_to(root)
        except ValueError:
            shown = self.path
        code = f" [{self.check.code}]" if self.check else ""
        return f"{shown}:{self.line}: {self.message}{code}"


class ConfError(Exception):
    """The site's conf.py cannot be run; the message says where and why."""


@dataclass
class Project:
    """The folder holding conf.py, reviews/ and refs.bib."""

    root: Path
    reviews_dir: str = "reviews"
    bib_name: str = "refs.bib"
    #: Every BibTeX file of the site, ``bib_name`` first (``bibtex_bibfiles``).
    bib_names: tuple[str, ...] = ()
    #: How the BibTeX files are encoded (``bibtex_encoding``).
    bib_encoding: str = "utf-8-sig"
    #: The MyST extensions the site enables (``myst_enable_extensions``).
    myst_extensions: tuple[str, ...] = ()
    #: The site's language (``language``): of the text written into its new pages.
    language: str = "en"
    venues: Venues = field(default_factory=Venues)
    #: Paths that are not pages of the site (``exclude_patterns``, Sphinx's glob syntax).
    exclude: tuple[str, ...] = ()
    papers: dict[str, Paper] = field(default_factory=dict)
    problems: list[Located] = field(default_factory=list)
    #: For each cited bibkey (lower case), the bibkeys of the reviews citing it.
    cited_in: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _pages: dict[str, mdroles.Page] = field(default_factory=dict)

    @classmethod
    def from_conf(cls, root: Path) -> Project:
        """The project as its ``conf.py`` sets it up (reviews folder, bibliography file,
        venue names); the defaults where it has none. ``conf.py`` is the user's own Python,
        which Sphinx runs too."""
        conf = root / "conf.py"
        if not conf.is_file():
            return cls(root)
        try:
            values = runpy.run_path(str(conf), run_name="conf")
        except BaseException as err:  # SystemExit too: conf.py is anyone's Python
            raise ConfError(f"{conf}: {type(err).__name__}: {err}") from err
        bibfiles = values.get("bibtex_bibfiles") or ["refs.bib"]
        return cls(
            root,
            reviews_dir=str(values.get("paper_reviews_dir", "reviews")),
            bib_name=str(bibfiles[0]),
            bib_names=tuple(str(name) for name in bibfiles),
            bib_encoding=str(values.get("bibtex_encoding") or "utf-8-sig"),
            myst_extensions=tuple(str(e) for e in values.get("myst_enable_extensions") or ()),
            language=str(values.get("language") or "en"),
            venues=Venues(values.get("paper_reviews_venues") or {}),
            exclude=tuple(str(p) for p in values.get("exclude_patterns") or ()),
        )

    @property
    def reviews(self) -> Path:
        return self.root / self.reviews_dir

    @property
    def bib_path(self) -> Path:
        """The BibTeX file new entries go to: the first of the site's."""
        return self.root / self.bib_name

    def read_bibliography(self) -> bibfile.Bibliography:
        """Every BibTeX file of the site, read as the build reads them."""
        others = [self.root / name for name in self.bib_names if name != self.bib_name]
        return bibfile.read(self.bib_path, *others)

    def reviewed_keys(self) -> set[str]:
        """The bibkeys (lower case) that review pages name, read from their front matter."""
        keys: set[str] = set()
        if not self.reviews.is_dir():
            return keys
        for path in self.review_pages():
            try:
                head = path.read_text(encoding="utf-8", errors="replace")[:4000]
            except OSError:
                continue
            found = _BIBKEY_LINE.search(head)
            if found:
                keys.add(found.group(1).strip().strip("'\"").lower())
        return keys

    def review_pages(self, pages: list[Path] | None = None) -> list[Path]:
        """The Markdown files under the reviews folder that the build reads (links to
        nothing included, to be reported), among ``pages`` (default: the site's pages)."""
        if not self.reviews.is_dir():
            return []
        if pages is None:
            pages = _site_pages(self.root, self.exclude)
        return [p for p in pages if self.reviews in p.parents]

    def docname(self, path: Path) -> str:
        return path.relative_to(self.root).with_suffix("").as_posix()

    def path_of(self, docname: str) -> Path:
        return self.root / f"{docname}.md"

    def load(self) -> tuple[dict[str, PaperView], bibfile.Bibliography]:
        """Read every review and refs.bib; fill ``problems``; return the catalog."""
        self.papers.clear()
        self.problems.clear()
        self._pages.clear()
        bib = self.read_bibliography()
        for bib_problem in bib.problems:
            self.problems.append(
                Located(
                    bib_problem.path or self.bib_path,
                    bib_problem.line,
                    Check.BIBTEX,
                    bib_problem.message,
                )
            )
        titles: dict[str, str] = {}
        pages = _site_pages(self.root, self.exclude)  # walked once for the reviews and links
        for path in self.review_pages(pages):
            if not path.is_file():
                message = "a link to nothing: remove it or point it at a review page"
                self.problems.append(Located(path, 1, Check.FRONTMATTER, message))
                continue
            docname = self.docname(path)
            paper, page = self._read_review(path)
            titles[docname] = page.heading or docname
            if paper is not None:
                self.papers[docname] = paper

        def facts_of(bibkey: str) -> EntryFacts | None:
            entry = bib.entries.get(bibkey)
            return None if entry is None else bibinfo.read(entry.fields)

        views, cross = complete(
            self.papers,
            facts_of,
            title_of=lambda d: titles[d],
            path_of=lambda d: f"{d}.md",
            bibfiles=", ".join(self.bib_names or (self.bib_name,)),
            venues=self.venues,
        )
        for found in cross:
            self.problems.append(
                Located(
                    self.path_of(found.docname),
                    found.problem.line,
                    found.problem.check,
                    found.problem.message,
                )
            )
        citing = self._check_links(views, pages)
        self.cited_in = cited_in(citing, views)
        self.problems.sort(key=lambda p: (str(p.path), p.line))
        return views, bib

    def _read_review(self, path: Path) -> tuple[Paper | None, mdroles.Page]:
        text, problem = frontmatter.read_source(path)
        paper, found = check_text(text)
        page = self._pages[self.docname(path)] = mdroles.read(text, self.myst_extensions)
        problems = ([problem] if problem else []) + found
        if paper is not None and page.heading is None:
            problems.append(
                Problem(
                    Check.HEADING,
                    "review has no '#' heading; its card is placed at the top of the page",
                    paper.line_of("bibkey"),
                )
            )
        for found_problem in problems:
            self.problems.append(
                Located(path, found_problem.line, found_problem.check, found_problem.message)
            )
        return paper, page

    def _check_links(
        self, views: Mapping[str, PaperView], pages: list[Path]
    ) -> dict[str, set[str]]:
        """Report ``{paper}`` links to keys no review has, in every Markdown page of the
        site; return the keys each page cites or links to. Roles are read as MyST reads
        them (:mod:`.mdroles`)."""
        citing: dict[str, set[str]] = {}
        for path in (p for p in pages if p.is_file()):
            docname = self.docname(path)
            named = citing[docname] = set()
            page = self._pages.get(docname)
            if page is None:
                text = path.read_text(encoding="utf-8", errors="replace")
                if "cite" not in text and "paper" not in text:
                    continue  # no role to find: not worth parsing
                page = mdroles.read(text, self.myst_extensions)
            for role in page.roles:
                if role.name == "cite" or role.name.startswith("cite:"):
                    named.update(_CITE_NOTE.sub("", k).strip() for k in role.text.split(","))
                    continue
                if role.name != "paper":
                    continue
                explicit = re.search(r"<([^<>]+)>\s*$", role.text)
                key = (explicit.group(1) if explicit else role.text).strip()
                named.add(key)
                if key.lower() not in views:
                    message = f"{{paper}} names '{key}', which no review page has as its bibkey"
                    self.problems.append(Located(path, role.line, Check.REF, message))
        return citing

    def citers_of(self, bibkey: str, views: Mapping[str, PaperView]) -> list[PaperView]:
        """The reviews that cite the paper or link to its review (after :meth:`load`)."""
        return [views[key] for key in self.cited_in.get(bibkey.lower(), ())]


#: Folders of a site that hold no pages, besides hidden ones (.venv, .git) and those that
#: ``exclude_patterns`` names.
_NOT_PAGES = frozenset({"_build", "node_modules"})


def _site_pages(root: Path, exclude: tuple[str, ...] = ()) -> list[Path]:
    """The site's Markdown pages as Sphinx finds them (links followed, names compared in
    NFC): what ``exclude_patterns`` matches is left out, and its folders are not walked."""
    excluded = [_glob(pattern) for pattern in exclude]

    def left_out(path: Path) -> bool:
        relative = unicodedata.normalize("NFC", path.relative_to(root).as_posix())
        return any(pattern.match(relative) for pattern in excluded)

    pages = []
    for folder, dirnames, filenames in os.walk(root, followlinks=True):
        here = Path(folder)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and d not in _NOT_PAGES and not left_out(here / d)
        )
        pages += [here / name for name in filenames if name.endswith(".md")]
    return sorted(p for p in pages if p != root / "README.md" and not left_out(p))


def _glob(pattern: str) -> re.Pattern[str]:
    """A pattern of ``exclude_patterns`` as a regular expression, as Sphinx reads it
    (``sphinx.util.matching``): ``**`` any path, ``*`` and ``?`` within one path segment,
    ``[...]`` a set of characters (``[!...]`` not one, and never ``/``), a ``[`` without its
    ``]`` as itself."""
    i, n, out = 0, len(pattern), ""
    while i < n:
        char = pattern[i]
        i += 1
        if char == "*":
            if i < n and pattern[i] == "*":
                i += 1
                out += ".*"
            else:
                out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "[":
            j = i
            if j < n and pattern[j] == "!":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                out += "\\["
            else:
                chars = pattern[i:j].replace("\\", "\\\\")
                i = j + 1
                if chars[0] == "!":
                    chars = "^/" + chars[1:]
                elif chars[0] == "^":
                    chars = "\\" + chars
                out += f"[{chars}]"
        else:
            out += re.escape(char)
    return re.compile(out + "$")


# -- new pages ------------------------------------------------------------------------------------


def render_review(
    front: Mapping[str, Any], title: str, body: str = "", images: Collection[str] = ()
) -> str:
    """A review page: front matter in the documented key order, the heading (the title as
    text, never markup), the body (Markdown, made safe by :func:`.markdown.body`)."""
    order = ["bibkey", "title", "venue", "year", "source", "date", "tags", "rating", "summary"]
    data = {key: front[key] for key in order if key in front and front[key] is not None}
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    text = f"---\n{dumped}---\n\n# {markdown.text(title)}\n"
    if body.strip():
        own = set(images)  # the page's own images, reviews/<bibkey>/<name>
        safe = markdown.body(body.strip("\n"), lambda src: markdown.local_path(src) in own)
        text += "\n" + safe.rstrip("\n") + "\n"
    return text
