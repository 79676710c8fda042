"""The catalog of reviews: one record per review page, kept across incremental and parallel builds.

Reading fills ``papers`` (per page), ``tables`` (the pages with a ``paper-table``),
``statistics`` (the pages with a ``paper-statistics``) and ``refs`` (the keys each page
names with ``{paper}``). After reading, :meth:`update_catalog` completes every record from
``refs.bib`` into ``views`` and tells Sphinx which pages must be written again because what
they show changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.util.nodes import make_refnode

from paper_reviews.core import bibinfo, bibsource
from paper_reviews.core.backlinks import cited_in
from paper_reviews.core.bibinfo import EntryFacts
from paper_reviews.core.catalog import complete
from paper_reviews.core.fingerprint import entry_fingerprint
from paper_reviews.core.lastpass import LastPass
from paper_reviews.core.model import Paper, PaperView, view
from paper_reviews.core.ordering import TableSpec, group_ids
from paper_reviews.core.problems import Check
from paper_reviews.core.venues import Venues
from paper_reviews.sphinx.report import warn
from paper_reviews.sphinx.words import _

if TYPE_CHECKING:
    from pybtex.database import Entry
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def bib_entries(env: BuildEnvironment) -> dict[str, Entry]:
    """The entries of the configured BibTeX files, by key (case-insensitive)."""
    return cast(dict[str, "Entry"], env.get_domain("cite").bibdata.data.entries)  # type: ignore[attr-defined]


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


class PaperDomain(Domain):
    """Reviews by page; resolves ``{paper}`` links and links to tag groups."""

    name = "paper"
    label = "Paper reviews"
    # What search results call a review ("review", "리뷰"): translated when shown.
    object_types = {"paper": ObjType(_("review"), "paper")}  # noqa: RUF012
    initial_data = {  # noqa: RUF012
        "papers": {},  # docname -> Paper
        "tables": {},  # docname -> list[TableSpec]
        "statistics": {},  # docname -> how many paper-statistics the page holds
        "refs": {},  # docname -> set of bibkeys named by {paper}
        "views": {},  # bibkey -> PaperView (derived after reading)
        "tag_ids": {},  # tag -> anchor id of its group (derived)
        "tag_targets": {},  # tag -> page that holds its group (derived)
        "listed": set(),  # bibkeys (lower case) that some {bibliography} lists (derived)
        "cited_in": {},  # bibkey -> bibkeys of the reviews citing or linking it (derived)
        "digests": {},  # docname -> digest of what the page showed when last written
        "facts": {},  # bibkey -> (entry fingerprint, what it says: EntryFacts), between builds
        "bibtex": {},  # bibkey (lower case) -> the entry's source text, as the card shows it
        "sources": {},  # BibTeX file -> (its stamp, its entries' shown texts), between builds
    }
    data_version = 3

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: Digests of the last update, kept for the next (:mod:`.lastpass`).
        self._digests: LastPass[str] = LastPass()
        #: Each page's title as text, with the title node it was made from.
        self._titles: dict[str, tuple[nodes.Node, str]] = {}

    # -- typed views over self.data ---------------------------------------------------------

    @property
    def papers(self) -> dict[str, Paper]:
        return cast(dict[str, Paper], self.data["papers"])

    @property
    def tables(self) -> dict[str, list[TableSpec]]:
        return cast(dict[str, list[TableSpec]], self.data["tables"])

    @property
    def statistics(self) -> dict[str, int]:
        return cast(dict[str, int], self.data["statistics"])

    @property
    def refs(self) -> dict[str, set[str]]:
        return cast(dict[str, set[str]], self.data["refs"])

    @property
    def views(self) -> dict[str, PaperView]:
        """Every review in the catalog, by bibkey (lower case), in file-name order."""
        return cast(dict[str, PaperView], self.data["views"])

    @property
    def tag_ids(self) -> dict[str, str]:
        return cast(dict[str, str], self.data["tag_ids"])

    # -- reading ----------------------------------------------------------------------------

    def note_paper(self, docname: str, paper: Paper) -> None:
        self.papers[docname] = paper

    def note_table(self, docname: str, spec: TableSpec) -> None:
        self.tables.setdefault(docname, []).append(spec)

    def note_statistics(self, docname: str) -> int:
        """Note a ``paper-statistics`` on the page; return its position there (0 for the
        first)."""
        index = self.statistics.get(docname, 0)
        self.statistics[docname] = index + 1
        return index

    def note_ref(self, docname: str, bibkey: str) -> None:
        self.refs.setdefault(docname, set()).add(bibkey.lower())

    def clear_doc(self, docname: str) -> None:
        self.papers.pop(docname, None)
        self.tables.pop(docname, None)
        self.statistics.pop(docname, None)
        self.refs.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        # A parallel reader holds a copy of the whole environment: take only its own pages.
        for key in ("papers", "tables", "statistics", "refs"):
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value

    # -- after reading ----------------------------------------------------------------------

    def update_catalog(self, env: BuildEnvironment) -> list[str]:
        """Complete the records from the bibliography, warn about cross-page problems,
        and return the pages whose shown content changed since they were last written."""
        entries = bib_entries(env)
        # What each entry says, kept between builds: converting every field of every entry
        # from LaTeX was most of a no-change build's own work.
        known: dict[str, tuple[str, EntryFacts]] = self.data.get("facts", {})
        facts: dict[str, tuple[str, EntryFacts]] = {}

        def facts_of(bibkey: str) -> EntryFacts | None:
            entry = entries.get(bibkey)
            if entry is None:
                return None
            fingerprint = entry_fingerprint(entry)
            kept = known.get(bibkey)
            if kept is None or kept[0] != fingerprint:
                kept = (fingerprint, bibinfo.read(entry.fields))
            facts[bibkey] = kept
            return kept[1]

        views, problems = complete(
            self.papers,
            facts_of,
            title_of=lambda d: env.titles[d].astext() if d in env.titles else d,
            path_of=lambda d: str(env.doc2path(d, False)),
            bibfiles=", ".join(env.config.bibtex_bibfiles),
            venues=Venues(env.config.paper_reviews_venues),
        )
        for found in problems:
            warn(
                found.problem.check,
                found.problem.message,
                location=(found.docname, found.problem.line),
            )
        self.data["views"] = views
        self.data["facts"] = facts
        self.data["bibtex"] = self._bibtex_texts(env, views)
        # sphinxcontrib-bibtex's env-updated handler (registered first) has placed citations.
        citations = env.get_domain("cite").citations  # type: ignore[attr-defined]
        self.data["listed"] = {citation.key.lower() for citation in citations}
        self.data["cited_in"] = self._backlinks(env)
        self.data["tag_ids"] = group_ids(tag for v in views.values() for tag in v.tags)
        self.data["tag_targets"] = self._tag_targets()
        return self._changed_pages(env, entries)

    def _bibtex_texts(self, env: BuildEnvironment, views: dict[str, PaperView]) -> dict[str, str]:
        """Each reviewed entry's source text as the card shows it (:mod:`.bibsource`), the
        first file that has the key winning as in sphinxcontrib-bibtex. A file is read
        again only when it changed."""
        private = tuple(env.config.paper_reviews_private_fields)
        kept: dict[str, tuple[Any, dict[str, str]]] = self.data.get("sources", {})
        sources: dict[str, tuple[Any, dict[str, str]]] = {}
        texts: dict[str, str] = {}
        for name in env.config.bibtex_bibfiles:
            path = Path(env.srcdir, name)
            try:
                stat = path.stat()
            except OSError:
                continue
            stamp = (stat.st_mtime_ns, stat.st_size, private)
            known = kept.get(name)
            if known is None or known[0] != stamp:
                text = path.read_text(encoding=env.config.bibtex_encoding, errors="replace")
                shown = {
                    key: bibsource.shown_text(text, entry, private)
                    for key, entry in bibsource.by_key(bibsource.scan(text)).items()
                }
                known = (stamp, shown)
            sources[name] = known
            for key, text in known[1].items():
                texts.setdefault(key, text)
        self.data["sources"] = sources
        return {key: texts[key] for key in views if key in texts}

    def _backlinks(self, env: BuildEnvironment) -> dict[str, tuple[str, ...]]:
        """Which reviews cite each paper (``{cite}``) or link to its review (``{paper}``)."""
        citing: dict[str, set[str]] = {d: set(keys) for d, keys in self.refs.items()}
        for ref in env.get_domain("cite").citation_refs:  # type: ignore[attr-defined]
            citing.setdefault(ref.docname, set()).update(t.key for t in ref.targets)
        return cited_in(citing, self.views)

    def citers_of(self, bibkey: str, drafts: bool = True) -> list[PaperView]:
        """The reviews that cite the paper or link to its review, in catalog order (drafts
        among them unless ``drafts`` is false)."""
        keys = cast(dict[str, tuple[str, ...]], self.data["cited_in"]).get(bibkey.lower(), ())
        return [self.views[key] for key in keys if drafts or not self.views[key].draft]

    def drafts_shown(self) -> bool:
        """Whether draft reviews are part of the output being written: always, but in a
        PDF only when ``paper_reviews_pdf_drafts`` asks for them."""
        latex = self.env._builder_cls.format == "latex"
        return not latex or bool(self.env.config.paper_reviews_pdf_drafts)

    def shown_views(self) -> list[PaperView]:
        """The reviews of the output being written, in catalog order (:meth:`drafts_shown`)."""
        out = self.left_out()
        return [v for v in self.views.values() if v.docname not in out]

    def left_out(self) -> set[str]:
        """The pages of the drafts the output being written leaves out (none, but in a PDF
        without drafts)."""
        if self.drafts_shown():
            return set()
        return {v.docname for v in self.views.values() if v.draft}

    def bibtex_of(self, bibkey: str) -> str | None:
        """The paper's entry as written in the BibTeX file, less its private fields."""
        return cast(dict[str, str], self.data["bibtex"]).get(bibkey.lower())

    def _changed_pages(self, env: BuildEnvironment, entries: dict[str, Entry]) -> list[str]:
        memo = self._digests
        memo.turn()

        def digest(*parts: object) -> str:
            return memo.get(parts, lambda: _digest(*parts))

        views = [digest(v) for v in self.views.values()]
        catalog = _digest(views, self.tag_ids, self.data["tag_targets"])
        listed = self.data["listed"]
        digests: dict[str, str] = {}
        for docname in self.tables:
            digests[docname] = catalog
        # The statistics count the whole catalog and link to the overview's groups.
        for docname in self.statistics:
            digests[docname] = _digest(digests.get(docname), catalog, self.overview())
        for v, view_digest in zip(self.views.values(), views, strict=True):
            digests[v.docname] = digest(
                view_digest,
                entry_fingerprint(entries.get(v.bibkey)),
                self.bibtex_of(v.bibkey),
                tuple(self.tag_target(t) for t in v.tags),
                v.bibkey.lower() in listed,
                self._shown_citers(v.bibkey),
            )
        for docname, keys in self.refs.items():
            shown = tuple(
                (k, self.views[k].title, self.views[k].docname)
                for k in sorted(keys)
                if k in self.views
            )
            digests[docname] = digest(digests.get(docname), shown)
        # sphinxcontrib-bibtex recomputes which entries each {bibliography} lists after every
        # read but never asks Sphinx to write those pages again: a review deleted or added
        # would leave the References page stale. Under each entry it shows the reviews that
        # cite it.
        listing: dict[str, list[tuple[str, str, object]]] = {}
        for citation in env.get_domain("cite").citations:  # type: ignore[attr-defined]
            docname = citation.bibliography_key.docname
            entry = (citation.key, citation.citation_id, self._shown_citers(citation.key))
            listing.setdefault(docname, []).append(entry)
        for docname, cited in listing.items():
            digests[docname] = _digest(digests.get(docname), cited)

        # Each page shows its neighbours' titles: previous, next and (in the breadcrumbs)
        # its parent. Sphinx rewrites none of them when a page is retitled, added or removed.
        titles = self._titles

        def title(docname: str | None) -> str | None:
            """The page's title as text; kept while the page keeps its title node."""
            node = env.titles.get(docname) if docname else None
            if docname is None or node is None:
                return docname
            kept = titles.get(docname)
            if kept is None or kept[0] is not node:
                kept = titles[docname] = (node, node.astext())
            return kept[1]

        for docname, neighbours in env.collect_relations().items():
            digests[docname] = digest(digests.get(docname), tuple(map(title, neighbours)))
        old = cast(dict[str, str], self.data["digests"])
        self.data["digests"] = digests
        return sorted(
            d for d, value in digests.items() if old.get(d) != value and d in env.all_docs
        )

    def _shown_citers(self, bibkey: str) -> tuple[tuple[str, str], ...]:
        """What a list of the paper's citers shows: each review's page and title."""
        return tuple((v.docname, v.title) for v in self.citers_of(bibkey))

    def is_listed(self, bibkey: str) -> bool:
        """Whether a References list on the site has the entry, so a citation can link to it."""
        return bibkey.lower() in self.data["listed"]

    def view_for(self, docname: str) -> PaperView | None:
        """What the card on ``docname`` shows (also for a page whose bibkey is taken)."""
        paper = self.papers.get(docname)
        if paper is None:
            return None
        shown = self.views.get(paper.bibkey.lower())
        if shown is not None and shown.docname == docname:
            return shown
        entry = bib_entries(self.env).get(paper.bibkey)
        title = self.env.titles[docname].astext() if docname in self.env.titles else docname
        venues = Venues(self.env.config.paper_reviews_venues)
        return view(docname, paper, bibinfo.read(entry.fields) if entry else None, title, venues)

    # -- resolving --------------------------------------------------------------------------

    def _tag_targets(self) -> dict[str, str]:
        """The page that holds each tag's group: the first page whose first table groups by tag."""
        targets: dict[str, str] = {}
        for docname in sorted(self.tables):
            for spec in self.tables[docname]:
                if spec.group_by != "tag" or spec.index != 0:
                    continue
                for tag in self.tag_ids:
                    if not spec.tags or tag in spec.tags:
                        targets.setdefault(tag, docname)
        return targets

    def overview(self) -> tuple[str, TableSpec] | None:
        """The overview: the first ``paper-table`` of the root page, else of the first page
        (by name) that has one, with its page; what the statistics link to."""
        root = self.env.config.root_doc
        for docname in sorted(self.tables, key=lambda name: (name != root, name)):
            for spec in self.tables[docname]:
                if spec.index == 0:
                    return docname, spec
        return None

    def tag_target(self, tag: str) -> tuple[str, str] | None:
        """(docname, anchor id) of the group that lists ``tag``, if any page has one."""
        docname = self.data["tag_targets"].get(tag)
        return (docname, self.tag_ids[tag]) if docname else None

    def tag_reference(self, tag: str) -> nodes.Node:
        """A tag as text, linked to its group in the overview when a page has one."""
        text = nodes.inline(tag, tag, classes=["paper-tag"])
        if self.tag_target(tag) is None:
            return text
        xref = addnodes.pending_xref("", refdomain="paper", reftype="tag", reftarget=tag)
        xref += text
        return xref

    def tag_link(
        self, builder: Builder, fromdocname: str, tag: str, contnode: nodes.Element
    ) -> nodes.reference | None:
        """A link from ``fromdocname`` to the group that lists ``tag``, if a page has one:
        what a ``tag_reference`` resolves to."""
        place = self.tag_target(tag)
        if place is None:
            return None
        if builder.format == "latex":
            # One document holds every page, so a link within "the same page" would be
            # read as one within whichever page's text it sits in (a review's card):
            # name the overview's page outright.
            ref = nodes.reference("", "", internal=True, refuri=f"%{place[0]}#{place[1]}")
            ref += contnode
            return ref
        return make_refnode(builder, fromdocname, place[0], place[1], contnode, tag)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ == "tag":
            return self.tag_link(builder, fromdocname, target, contnode)
        paper = self.views.get(target.lower())
        if paper is None:
            known = ", ".join(sorted(self.views)[:5])
            warn(
                Check.REF,
                "{paper} names '%s', which no review page has as its bibkey (known: %s%s)",
                target,
                known,
                ", …" if len(self.views) > 5 else "",
                location=node,
            )
            return None
        if not node.get("refexplicit"):
            contnode = nodes.inline(paper.title, paper.title, classes=["paper-ref"])
        return make_refnode(builder, fromdocname, paper.docname, "", contnode, paper.title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        paper = self.views.get(target.lower())
        if paper is None:
            return []
        ref = make_refnode(builder, fromdocname, paper.docname, "", contnode, paper.title)
        return [("paper:paper", ref)]

    def get_type_name(self, type: ObjType, primary: bool = False) -> str:
        """What search results call a review: the word alone ("review"), not Sphinx's
        domain label and word ("Paper reviews review")."""
        return str(type.lname)

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for v in self.views.values():
            yield v.bibkey, v.title, "paper", v.docname, "", 1
