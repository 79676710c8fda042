"""The extension's message catalogs, one ``.po`` file per language in
``paper_reviews/locale/<language>/LC_MESSAGES/paper_reviews.po`` (its own words) and, where
the theme and Sphinx lack a language's words, ``sphinx.po`` beside it; read without Sphinx.

The build reads them through Sphinx's translation machinery (:mod:`paper_reviews.sphinx.words`,
from the ``.mo`` files :func:`compile_catalog` writes); the command line through
:func:`translations`, for the text it writes into a site's files. Catalogs are kept as
``.po`` text only, so no compiled file can be stale beside its source.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

CATALOG = "paper_reviews"
#: The catalogs of a language: the extension's words, and those it adds to Sphinx's.
DOMAINS = (CATALOG, "sphinx")
#: The shipped catalogs: ``<language>/LC_MESSAGES/paper_reviews.po``.
LOCALE_DIR = Path(__file__).parents[1] / "locale"


class CatalogError(Exception):
    """A catalog that cannot be read, with its file and line."""


def languages() -> list[str]:
    """The languages that have a catalog."""
    return sorted(path.parents[1].name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{CATALOG}.po"))


def names(language: str) -> list[str]:
    """``language`` and its base language (``ko`` for ``ko_KR``), as gettext looks them up.
    Like Sphinx's own catalogs, ``ko-KR`` is a language of its own, with no catalog."""
    base = language.split("_")[0]
    return [language] if base == language else [language, base]


def source(name: str, domain: str = CATALOG) -> Path:
    return LOCALE_DIR / name / "LC_MESSAGES" / f"{domain}.po"


def has_catalog(language: str) -> bool:
    """Whether the extension speaks ``language`` (or its base language)."""
    return any(source(name).is_file() for name in names(language))


def digest(language: str) -> str:
    """A digest of the catalogs ``language`` reads: when one changes (edited, or a new
    version of the package), what the site says changes."""
    sources = [source(name, domain) for name in names(language) for domain in DOMAINS]
    texts = b"".join(path.read_bytes() for path in sources if path.is_file())
    return hashlib.sha256(texts).hexdigest()[:16]


def read(name: str, domain: str = CATALOG) -> Catalog:
    """The catalog of language ``name``; a mistake in it (a stray line, more plural forms
    than its ``Plural-Forms`` says) is a :class:`CatalogError` naming the file and line."""
    path = source(name, domain)
    try:
        with path.open("rb") as po:
            return read_po(po, locale=name, abort_invalid=True)
    except PoFileError as err:
        raise CatalogError(f"{path}:{err.lineno}: {err}") from err


def compile_catalog(language: str, into: Path) -> Path:
    """Compile the catalog of ``language`` (and of its base language: ``ko`` for ``ko_KR``)
    into ``into/<digest>/<language>/LC_MESSAGES`` (every domain); return
    ``into/<digest>``, the folder to give gettext. A folder per version of the catalogs:
    gettext keeps every catalog it read for the life of the process (``make live``), by
    path. Older versions' folders are left (a few kilobytes each): another build sharing
    the doctree folder, in another language, may be reading its own."""
    folder = into / digest(language)
    for name in names(language):
        for domain in DOMAINS:
            target = folder / name / "LC_MESSAGES" / f"{domain}.mo"
            if not source(name, domain).is_file() or target.is_file():
                continue
            catalog = read(name, domain)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(f".mo.{os.getpid()}.part")
            with partial.open("wb") as mo:
                write_mo(mo, catalog)
            partial.replace(target)
    return folder


def translations(language: str) -> gettext.NullTranslations:
    """The messages of ``language`` for the command line (English without a catalog)."""
    found: gettext.NullTranslations = gettext.NullTranslations()
    for name in reversed(names(language)):  # the base language behind the regional one
        if source(name).is_file():
            compiled = io.BytesIO()
            write_mo(compiled, read(name))
            compiled.seek(0)
            more = gettext.GNUTranslations(compiled)
            more.add_fallback(found)
            found = more
    return found
