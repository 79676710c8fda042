"""sphinxcontrib-bibtex, with its work across documents made linear in the site's size.

sphinxcontrib-bibtex 2.7 has five steps whose cost grows with the square of the number
of reviews (each scans a list as long as the site, once per review or per citation):

* reading a page first scans every citation of the site to forget the page's old ones;
* on every build, even one where nothing changed, ``env-updated`` looks for each entry in
  every citation of the site, orders the citations by looking each page up in a list of
  all pages, and formats every entry again;
* resolving one citation scans every formatted entry of the site;
* the ``{bibliography}`` page looks for each entry's back-references in every citation.

And pybtex, asked for a plugin (once per citation), scans every installed package's entry
points each time, a cost paid per citation.

:class:`LinearBibtexDomain` and :class:`LinearBibliographyTransform` replace these scans with
dictionaries, and keep each entry's formatted text between builds (in the pickled
environment), so a build formats only the entries that changed or moved. Labels are
computed again only when the list of entries changed; :func:`pin_plugins` registers the
plugins looked up per citation, so pybtex finds them in a dictionary. A citation's
formatted text (the referencing style's templates, the costly part of resolving it) is
kept for the next citation of the same keys with the same role, and only its links are
pointed at the later page. What the bibliography lists, in what order, with what labels,
links and warnings, and what each citation reads, is what sphinxcontrib-bibtex gives.

The module is a Sphinx extension of its own (``extensions = [...,
"paper_reviews.patches.bibtex_linear"]``) for any site that uses sphinxcontrib-bibtex;
``paper_reviews`` loads it. It imports nothing else of ``paper_reviews`` but
:mod:`~paper_reviews.core.fingerprint`.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docutils.nodes
import pybtex
import pybtex.plugin
from pybtex.richtext import BaseMultipartText, BaseText, Tag
from pybtex.style import FormattedEntry
from pybtex.style.template import FieldIsMissing
from sphinx.util import logging
from sphinxcontrib.bibtex.citation_target import CitationTarget, parse_citation_targets
from sphinxcontrib.bibtex.domain import BibtexDomain, Citation, _FilterVisitor
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node
from sphinxcontrib.bibtex.richtext import BaseReferenceText
from sphinxcontrib.bibtex.style.referencing import format_references
from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo
from sphinxcontrib.bibtex.transforms import BibliographyTransform

from paper_reviews.core.fingerprint import entry_fingerprint

from . import applies

if TYPE_CHECKING:
    from pybtex.database import Entry
    from pybtex.style.formatting import BaseStyle
    from sphinx.application import Sphinx
    from sphinxcontrib.bibtex.directives import BibliographyKey

logger = logging.getLogger("sphinxcontrib.bibtex.domain")

REPLACES = (
    "sphinxcontrib.bibtex.domain.BibtexDomain (clear_doc, env_updated, get_filtered_entries, "
    "get_all_cited_keys, get_formatted_entries, resolve_xref, resolve_any_xref) and "
    "sphinxcontrib.bibtex.transforms.BibliographyTransform"
)
UPSTREAM = (
    "no upstream issue on these scans; closest: "
    "https://github.com/mcmtroffaes/sphinxcontrib-bibtex/issues/164 (slow builds, answered "
    "with parallel reading). pybtex's plugin lookups: the same fix in Pygments, "
    "https://github.com/pygments/pygments/pull/2979"
)
VERIFIED = {"sphinx": ">=9.0,<10", "sphinxcontrib-bibtex": ">=2.7,<2.8", "pybtex": ">=0.26,<0.27"}

#: pybtex plugins looked up once per citation or entry. pybtex scans every installed
#: package's entry points on each lookup; registered at run time, they are found in a
#: dictionary instead.
HOT_PLUGINS = (
    ("pybtex.backends", "plaintext"),
    ("pybtex.backends", "text"),
    ("pybtex.backends", "docutils"),
    ("pybtex.backends", "latex"),
    ("pybtex.database.output", "bibtex"),
    ("pybtex.style.labels", "alpha"),
    ("pybtex.style.names", "plain"),
    ("pybtex.style.sorting", "author_year_title"),
)

#: Keys of our own in the domain's data (pickled with the environment).
FORMATTED = "paper_reviews_formatted"  # (style, label, entry) -> formatted entries
LABELS = "paper_reviews_labels"  # (bibliography, style) -> (entries, labels)
CITED = "paper_reviews_cited"  # cited key -> the entry's fingerprint when last built
READ_WITH = "paper_reviews_read_with"  # the READ_CONFIG values the pages were read with

#: Configuration that sphinxcontrib-bibtex reads while it reads a page (a bibliography's
#: style, ids, headers) but registers as affecting only the output: changed, its pages
#: would keep the old values until a clean build, so every page is read again (as Sphinx
#: does for a configuration value that affects reading).
READ_CONFIG = (
    "bibtex_default_style",
    "bibtex_bibliography_id",
    "bibtex_cite_id",
    "bibtex_footbibliography_id",
    "bibtex_footcite_id",
    "bibtex_bibliography_header",
    "bibtex_footbibliography_header",
)


class LinearBibtexDomain(BibtexDomain):
    """The ``cite`` domain of sphinxcontrib-bibtex, linear in the number of citations."""

    _cited_in: dict[str, set[str]] | None = None
    #: Keys formatted again in this build, and the pages listing them (env-updated only).
    _reformatted: set[str] | None = None
    _reformatted_pages: set[str]
    _index: tuple[int, int, dict[str, list[tuple[int, Citation]]]] | None = None
    #: Formatted references by role and citations (see :meth:`_references`).
    _references_memo: dict[tuple[Any, ...], BaseText] | None = None
    _formatted_now: dict[tuple[Any, ...], tuple[FormattedEntry, FormattedEntry | None]]
    #: For each list of the domain's data: the list, how much of it was seen, and the pages
    #: named in that part.
    _pages: dict[str, tuple[list[Any], int, set[str]]]

    # -- forgetting a page -------------------------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        """Forget the page's citations; a page that has none costs nothing (most pages
        of a fresh build, which are cleared before they are first read)."""
        if not hasattr(self, "_pages"):
            self._pages = {}
        if any(docname in self._pages_in(name) for name in ("citations", "citation_refs")) or any(
            key.docname == docname for key in self.bibliographies
        ):
            super().clear_doc(docname)

    def _pages_in(self, name: str) -> set[str]:
        """The pages named in ``self.data[name]``, kept up to date as the list grows."""
        items = self.data[name]
        known = self._pages.get(name)
        if known is None or known[0] is not items or known[1] > len(items):
            known = (items, 0, set())
        pages = known[2]
        for item in items[known[1] :]:
            pages.add(item.docname if name == "citation_refs" else item.bibliography_key.docname)
        self._pages[name] = (items, len(items), pages)
        return pages

    # -- deciding what each bibliography lists -------------------------------------------------

    def env_updated(self) -> Iterable[str]:
        cited_in: dict[str, set[str]] = defaultdict(set)
        for ref in self.citation_refs:
            for target in ref.targets:
                cited_in[target.key].add(ref.docname)
        self._cited_in = cited_in
        # Formatted entries used in this build; the rest are dropped at the end.
        self._formatted_now = {}
        self._reformatted = set()
        self._reformatted_pages = set()
        try:
            updated = [*super().env_updated(), *self._citing_changed(cited_in)]
            again = {doc for key in self._reformatted for doc in cited_in.get(key, ())}
            return sorted({*updated, *again, *self._reformatted_pages})
        finally:
            self.data[FORMATTED] = self._formatted_now
            self._cited_in = None
            self._reformatted = None
            self._index = None
            self._references_memo = None  # the citations changed
            self._pages = {}  # the list of citations was refilled in place

    def _citing_changed(self, cited_in: dict[str, set[str]]) -> list[str]:
        """The pages that cite an entry whose content changed since the last build: their
        citations and tooltips show it (upstream writes them again only on a clean build)."""
        entries = self.bibdata.data.entries
        prints = {key: entry_fingerprint(entries[key]) for key in cited_in if key in entries}
        old: dict[str, str] = self.data.get(CITED, {})
        self.data[CITED] = prints
        changed = [key for key, value in prints.items() if key in old and old[key] != value]
        return sorted({docname for key in changed for docname in cited_in[key]})

    def get_filtered_entries(
        self, bibliography_key: BibliographyKey
    ) -> Iterable[tuple[str, Entry]]:
        cited_in = self._cited_in
        if cited_in is None:  # called from outside env-updated
            yield from super().get_filtered_entries(bibliography_key)
            return
        bibliography = self.bibliographies[bibliography_key]
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            cited_docnames = cited_in.get(key, set())
            visitor = _FilterVisitor(
                entry=entry, docname=bibliography_key.docname, cited_docnames=cited_docnames
            )
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError as err:
                logger.warning(
                    f"syntax error in :filter: expression; {err}",
                    location=(bibliography_key.docname, bibliography.line),
                    type="bibtex",
                    subtype="filter_syntax_error",
                )
                success = bool(cited_docnames)
            if success or entry.key in bibliography.keys:
                yield key, entry

    def get_all_cited_keys(self, docnames: list[str]) -> Iterator[str]:
        position = {docname: i for i, docname in enumerate(docnames)}
        for ref in sorted(self.citation_refs, key=lambda ref: position[ref.docname]):
            for target in ref.targets:
                yield target.key

    # -- formatting, reused between builds ---------------------------------------------------

    def get_formatted_entries(
        self,
        bibliography_key: BibliographyKey,
        docnames: list[str],
        tooltips: bool,
        tooltips_style: str,
    ) -> Iterable[tuple[Entry, FormattedEntry, FormattedEntry | None]]:
        bibliography = self.bibliographies[bibliography_key]
        entries = dict(self.get_sorted_entries(bibliography_key, docnames))
        style = _style(bibliography.style)
        style2 = (_style(tooltips_style) if tooltips_style else style) if tooltips else None
        sorted_entries = list(style.sort(entries.values()))
        fingerprints = [entry_fingerprint(entry) for entry in sorted_entries]
        signature = tuple(zip((entry.key for entry in sorted_entries), fingerprints, strict=True))
        # Formatted text depends on the styles' code and the libraries that run it, not only
        # on their names: each is part of the keys, so an edited style is used at once.
        code = (style_code(style), style_code(style2) if style2 is not None else None)
        labels = self._labels(
            (bibliography_key, bibliography.style, code[0]), signature, style, sorted_entries
        )
        before = self.data.get(FORMATTED, {})
        for label, entry, fingerprint in zip(labels, sorted_entries, fingerprints, strict=True):
            label = bibliography.labelprefix + label
            # The entry's key too: two entries may say the same under different keys.
            cache_key = (code, tooltips, label, entry.key, fingerprint)
            formatted = self._formatted_now.get(cache_key) or before.get(cache_key)
            if formatted is None and before and self._reformatted is not None:
                # Formatted again (a style, a setting or the entry changed): its list and
                # the pages citing it show the new text.
                self._reformatted.add(bibliography.keyprefix + entry.key)
                self._reformatted_pages.add(bibliography_key.docname)
            if formatted is None:
                try:
                    formatted = (
                        style.format_entry(label, entry),
                        style2.format_entry(label, entry) if style2 else None,
                    )
                except FieldIsMissing as exc:
                    logger.warning(
                        str(exc),
                        location=(bibliography_key.docname, bibliography.line),
                        type="bibtex",
                        subtype="missing_field",
                    )
                    yield entry, FormattedEntry(entry.key, Tag("b", str(exc)), label), None
                    continue
            self._formatted_now[cache_key] = formatted
            yield entry, formatted[0], formatted[1]

    def _labels(
        self,
        where: tuple[Any, ...],
        signature: tuple[Any, ...],
        style: BaseStyle,
        entries: list[Entry],
    ) -> list[str]:
        """pybtex's labels for the entries, computed again only when the entries changed
        (labels such as ``IS15a`` depend on every entry of the list)."""
        stored = self.data.setdefault(LABELS, {})
        known = stored.get(where)
        if known is not None and known[0] == signature:
            return list(known[1])
        labels = list(style.format_labels(entries))
        stored[where] = (signature, labels)
        return labels

    # -- resolving citations -----------------------------------------------------------------

    def _citations_for(self, keys: Iterable[str]) -> list[Citation]:
        """The citations of these keys, in the order of ``self.citations``."""
        citations = self.citations
        if self._index is None or self._index[:2] != (id(citations), len(citations)):
            by_key: dict[str, list[tuple[int, Citation]]] = defaultdict(list)
            for i, citation in enumerate(citations):
                by_key[citation.key].append((i, citation))
            self._index = (id(citations), len(citations), by_key)
        by_key = self._index[2]
        found = sorted((pair for key in set(keys) for pair in by_key.get(key, ())), key=_first)
        return [citation for _, citation in found]

    def resolve_xref(self, env: Any, fromdocname: str, builder: Any, typ: str, target: str,
                     node: Any, contnode: Any) -> Any:  # fmt: skip
        """sphinxcontrib-bibtex's resolver: each key resolves to its citation in a
        bibliography of this page, else in the first other one; the formatted reference is
        kept for the next citation of the same keys."""
        targets = {citation_target.key: citation_target for citation_target in
                   parse_citation_targets(target)}  # fmt: skip
        listed = [
            citation
            for citation in self._citations_for(targets)
            if self.bibliographies[citation.bibliography_key].list_ == "citation"
        ]
        here = {c.key: c for c in listed if c.bibliography_key.docname == fromdocname}
        citations = here | {c.key: c for c in listed if c.key not in here}
        for key in targets:
            if key not in citations:
                logger.warning(
                    f'could not find bibtex key "{key}"',
                    location=node,
                    type="bibtex",
                    subtype="key_not_found",
                )
        text = self._references(builder, fromdocname, typ, targets, list(citations.values()))
        result = docutils.nodes.inline(rawsource=target)
        result["classes"].append("bibtex-citation")
        result += text.render(self.backend)
        return result

    def _references(
        self,
        builder: Any,
        fromdocname: str,
        typ: str,
        targets: dict[str, CitationTarget],
        citations: list[Citation],
    ) -> BaseText:
        """The role's formatted text for these citations. Formatting is the costly part of
        resolving and depends on the page only through the links, so it is done once per
        role and citations, and the links are pointed at each later page."""
        memo = self._references_memo
        if memo is None:
            memo = self._references_memo = {}
        key = (typ, tuple((c.key, c.citation_id, c.bibliography_key, targets[c.key].pre,
                           targets[c.key].post) for c in citations))  # fmt: skip
        known = memo.get(key)
        if known is not None:
            return _pointed_from(known, fromdocname)
        plaintext = pybtex.plugin.find_plugin("pybtex.backends", "plaintext")()
        references = [
            (
                citation.entry,
                citation.formatted_entry,
                SphinxReferenceInfo(
                    builder=builder,
                    fromdocname=fromdocname,
                    todocname=citation.bibliography_key.docname,
                    citation_id=citation.citation_id,
                    title=(
                        citation.tooltip_entry.text.render(plaintext).replace("\\url ", "")
                        if citation.tooltip_entry
                        else None
                    ),
                    pre_text=targets[citation.key].pre,
                    post_text=targets[citation.key].post,
                ),
            )
            for citation in citations
        ]
        text = format_references(self.reference_style, typ, references)
        memo[key] = text
        return text

    def resolve_any_xref(self, env: Any, fromdocname: str, builder: Any, target: str,
                         node: Any, contnode: Any) -> Any:  # fmt: skip
        keys = [key.strip() for key in target.split(",")]
        if any(
            self.bibliographies[citation.bibliography_key].list_ == "citation"
            for citation in self._citations_for(keys)
        ):
            return [
                ("p", self.resolve_xref(env, fromdocname, builder, "p", target, node, contnode))
            ]
        return []


def _pointed_from(text: BaseText, fromdocname: str) -> BaseText:
    """``text`` with its citation links made from page ``fromdocname``."""
    if not isinstance(text, BaseMultipartText):
        return text
    parts = [_pointed_from(part, fromdocname) for part in text.parts]
    if isinstance(text, BaseReferenceText):
        info = text.info[0]
        if info.fromdocname != fromdocname:
            info = info._replace(fromdocname=fromdocname)
        return type(text)(info, *parts)
    return text._create_similar(parts)


class LinearBibliographyTransform(BibliographyTransform):
    """sphinxcontrib-bibtex's bibliography transform, shown only the citations of the
    pages that hold a bibliography (back-references link within one page)."""

    def run(self, **kwargs: Any) -> None:
        pages = {node["docname"] for node in self.document.findall(bibliography_node)}
        if not pages:
            return
        domain = self.env.get_domain("cite")
        everything = domain.data["citation_refs"]
        domain.data["citation_refs"] = [ref for ref in everything if ref.docname in pages]
        try:
            super().run(**kwargs)
        finally:
            domain.data["citation_refs"] = everything


def reread_when_read_config_changed(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """env-get-outdated: every page, if a value of :data:`READ_CONFIG` changed since the
    pages were read."""
    data = env.get_domain("cite").data
    now = tuple(repr(app.config[name]) for name in READ_CONFIG)
    before = data.get(READ_WITH)
    data[READ_WITH] = now
    if before is None or before == now:
        return []
    return sorted(env.found_docs - added - changed)


def pin_plugins(*_: Any) -> None:
    """Register the pybtex plugins looked up per citation; idempotent."""
    for group, name in HOT_PLUGINS:
        klass = pybtex.plugin.find_plugin(group, name)
        pybtex.plugin.register_plugin(group, name, klass, force=True)


def install(app: Sphinx) -> None:
    """Put the linear domain and transform in place of sphinxcontrib-bibtex's own (which
    must be set up already)."""
    app.add_domain(LinearBibtexDomain, override=True)
    transforms = app.registry.post_transforms
    transforms[transforms.index(BibliographyTransform)] = LinearBibliographyTransform
    # Before sphinxcontrib-bibtex looks its styles up (builder-inited).
    app.connect("config-inited", pin_plugins)
    app.connect("env-get-outdated", reread_when_read_config_changed)


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxcontrib.bibtex")
    if applies(__name__, VERIFIED):
        install(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def _first(pair: tuple[int, Citation]) -> int:
    return pair[0]


_CODE: dict[tuple[str, int, int], str] = {}


def style_code(style: object) -> str:
    """What decides a style's output besides its name: the code of its class and of every
    class it derives from (by file content), and the versions of pybtex and
    sphinxcontrib-bibtex."""
    parts = [pybtex.__version__, _bibtex_version()]
    for klass in type(style).__mro__:
        path = getattr(sys.modules.get(klass.__module__), "__file__", None)
        if not path:
            continue
        try:
            stat = os.stat(path)
        except OSError:
            continue
        known = (path, stat.st_mtime_ns, stat.st_size)
        if known not in _CODE:
            _CODE[known] = hashlib.blake2b(Path(path).read_bytes(), digest_size=8).hexdigest()
        parts.append(f"{klass.__module__}.{klass.__qualname__}:{_CODE[known]}")
    return "|".join(parts)


def _bibtex_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sphinxcontrib-bibtex")
    except PackageNotFoundError:
        return "?"


def _style(name: str) -> BaseStyle:
    style: BaseStyle = pybtex.plugin.find_plugin("pybtex.style.formatting", name)()
    return style
