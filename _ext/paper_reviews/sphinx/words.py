"""The words the extension adds to a site, in the site's ``language``: Sphinx's own
translation machinery (:func:`sphinx.locale.get_translation`) with the extension's message
catalogs (:mod:`paper_reviews.core.catalogs`).

Every word the extension writes goes through :func:`_` or :func:`ngettext`, at the time a
page is written, so the HTML, the browser script (its words come in the overview's
``data-config``) and the PDF read in one language. A language without a catalog reads
English, the messages as written in the code. Each build compiles the catalog it needs into
its doctree folder. Adding a language is adding one ``.po`` file (docs/reference.md,
"Languages").
"""

from __future__ import annotations

import gettext
from pathlib import Path

from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from paper_reviews.core import catalogs
from paper_reviews.core.catalogs import CATALOG, has_catalog

__all__ = ["_", "has_catalog", "ngettext", "setup"]

_ = locale.get_translation(CATALOG)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` in the site's language (Korean has one form,
    English two)."""
    return locale.get_translator(CATALOG).ngettext(singular, plural, n)


def load(app: Sphinx, config: Config) -> None:
    """Load the catalog of the site's language (config-inited). A translator left by an
    earlier build in this process (another language) is dropped first: Sphinx would add the
    new catalog behind it. The catalog's digest becomes the hidden setting
    ``paper_reviews_words``, which Sphinx compares between builds as it does the settings
    that change how pages are written: an edited catalog rewrites every page."""
    language = config.language or "en"
    locale.translators.pop(("general", CATALOG), None)
    try:
        folder = catalogs.compile_catalog(language, Path(app.doctreedir) / "paper_reviews-locale")
    except catalogs.CatalogError as err:
        raise ConfigError(f"the extension's catalog for {language!r}: {err}") from err
    app.add_message_catalog(CATALOG, folder)
    _complete_sphinx(app, folder, language)
    config.paper_reviews_words = catalogs.digest(language)


def _complete_sphinx(app: Sphinx, folder: Path, language: str) -> None:
    """Put the extension's ``sphinx`` catalog for the language (the words Sphinx's and the
    theme's catalogs lack: :data:`.catalogs.DOMAINS`) in front of Sphinx's, for its Python
    side and its templates (``app.translator``; the builder is made after config-inited).
    In front, not behind: Sphinx's Korean catalog holds "Link to this heading" untranslated,
    as itself, so a catalog behind it is never asked."""
    found = [folder / name / "LC_MESSAGES" / "sphinx.mo" for name in catalogs.names(language)]
    compiled = next((path for path in found if path.is_file()), None)
    if compiled is None:  # the extension adds nothing to Sphinx's words in this language
        return
    with compiled.open("rb") as mo:  # a new object: gettext's cache would chain every build
        ours = gettext.GNUTranslations(mo)
    ours.add_fallback(app.translator)
    app.translator = ours
    locale.translators["general", "sphinx"] = ours


def setup(app: Sphinx) -> None:
    """The hidden setting :func:`load` sets."""
    app.add_config_value("paper_reviews_words", "", "html", types=[str])
    app.connect("config-inited", load)
