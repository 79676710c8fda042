"""The search page's own sentences in the site's language where Sphinx's JavaScript catalog
leaves them empty: Sphinx's Korean catalog has no translation of "Search finished, found
N pages matching the search query.", and its search script then shows an empty line.

The sentences are taken from the catalogs Sphinx reads for the language (its own, the
theme's, a site's ``locale_dirs`` and the extension's ``locale/ko/LC_MESSAGES/sphinx.po``)
and handed to the search script on the search page, after Sphinx's ``translations.js``.
A sentence no catalog translates is left as Sphinx has it.
"""

from __future__ import annotations

import json
from typing import Any

from sphinx import locale
from sphinx.application import Sphinx

#: The search script's sentences (Sphinx's searchtools.js): (singular, plural or None).
SENTENCES = (
    (
        "Search finished, found one page matching the search query.",
        "Search finished, found ${resultCount} pages matching the search query.",
    ),
    (
        "Your search did not match any documents. Please make sure that all words are "
        "spelled correctly and that you've selected enough categories.",
        None,
    ),
)


def translated() -> dict[str, str | list[str]]:
    """The sentences the catalogs translate, as Sphinx's JavaScript catalog holds them: a
    plural sentence as its forms, in the order of the language's plural rule."""
    translator: Any = locale.get_translator("sphinx")
    messages: dict[str, str | list[str]] = {}
    for singular, plural in SENTENCES:
        if plural is None:
            said = translator.gettext(singular)
            if said != singular:
                messages[singular] = said
            continue
        rule = getattr(translator, "plural", None)
        if rule is None:
            continue
        forms: dict[int, str] = {}
        for n in range(200):
            forms.setdefault(rule(n), translator.ngettext(singular, plural, n))
        shown = [forms[i] for i in sorted(forms)]
        if not set(shown) & {singular, plural}:
            messages[singular] = shown
    return messages


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if templatename != "search.html":
        return
    messages = translated()
    if messages:
        # As JavaScript inside <script>: no "<" that could end the element ("</script>").
        said = json.dumps(messages, ensure_ascii=False).replace("<", "\\u003c")
        body = f"Object.assign(Documentation.TRANSLATIONS, {said});"
        app.add_js_file(None, body=body, priority=600)  # after translations.js (500)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
