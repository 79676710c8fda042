"""The words the extension adds to a site, in the site's ``language``: Sphinx's own
translation machinery (:func:`sphinx.locale.get_translation`) with the message catalogs in
``paper_reviews/locale/<language>/LC_MESSAGES/paper_reviews.po``.

Every word the extension writes goes through :func:`_` or :func:`ngettext`, at the time a
page is written, so the HTML, the browser script (its words come in the overview's
``data-config``) and the PDF read in one language. A language without a catalog reads
English, the messages as written in the code.

The catalogs are kept as ``.po`` text only; each build compiles the one it needs into its
doctree folder (:func:`compile_catalog`), so no compiled file is kept beside its source and
none can be stale. Adding a language is adding one ``.po`` file (docs/reference.md,
"Languages").
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config

CATALOG = "paper_reviews"
#: The shipped catalogs: ``<language>/LC_MESSAGES/paper_reviews.po``.
LOCALE_DIR = Path(__file__).parents[1] / "locale"

_ = locale.get_translation(CATALOG)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` in the site's language (Korean has one form,
    English two)."""
    return locale.get_translator(CATALOG).ngettext(singular, plural, n)


def languages() -> list[str]:
    """The languages that have a catalog."""
    return sorted(path.parents[1].name for path in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def has_catalog(language: str) -> bool:
    """Whether the extension speaks ``language`` (or its base language)."""
    return any(_source(name).is_file() for name in _names(language))


def _names(language: str) -> list[str]:
    """``language`` and its base language (``ko`` for ``ko_KR`` or ``ko-KR``)."""
    base = language.replace("-", "_").split("_")[0]
    return [language] if base == language else [language, base]


def _source(name: str) -> Path:
    return LOCALE_DIR / name / "LC_MESSAGES" / f"{CATALOG}.po"


def compile_catalog(language: str, into: Path) -> Path:
    """Compile the catalog of ``language`` (and of its base language: ``ko`` for ``ko_KR``)
    into ``into/<language>/LC_MESSAGES``; return ``into``, the folder to give gettext."""
    for name in _names(language):
        source = _source(name)
        if not source.is_file():
            continue
        target = into / name / "LC_MESSAGES" / f"{CATALOG}.mo"
        if target.is_file() and target.stat().st_mtime_ns >= source.stat().st_mtime_ns:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as po:
            catalog = read_po(po, locale=name)
        partial = target.with_suffix(".mo.part")
        with partial.open("wb") as mo:
            write_mo(mo, catalog)
        partial.replace(target)
    return into


def load(app: Sphinx, config: Config) -> None:
    """Load the catalog of the site's language (config-inited). A translator left by an
    earlier build in this process (another language) is dropped first: Sphinx would add the
    new catalog behind it."""
    locale.translators.pop(("general", CATALOG), None)
    folder = compile_catalog(config.language or "en", Path(app.doctreedir) / "paper_reviews-locale")
    app.add_message_catalog(CATALOG, folder)
