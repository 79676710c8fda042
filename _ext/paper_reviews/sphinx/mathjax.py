"""Math without the network: MathJax served from the site itself.

Sphinx loads MathJax from a CDN (``mathjax_path``'s default), so a review with math opened
offline or from ``file://`` shows its TeX source. The package ships MathJax instead
(``vendor/mathjax/``: the npm registry's ``mathjax`` and its default font, pinned with their
integrity in ``vendor/mathjax.json`` and refreshed by ``vendor/update_mathjax.py``), copies it
to ``_static/mathjax/`` and points ``mathjax_path`` at it. A site that sets its own
``mathjax_path`` keeps it. The PDF is untouched: LaTeX writes math itself.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.ext.mathjax import MATHJAX_URL

BUNDLE = Path(__file__).parent.parent / "vendor" / "mathjax"
#: Where the bundle goes under ``_static``, and the script pages load from it (what
#: Sphinx's own default loads from the CDN).
TARGET = "mathjax"
PATH = f"{TARGET}/tex-mml-chtml.js"

#: Run before MathJax, after any ``mathjax4_config`` (which replaces ``window.MathJax``).
#: MathJax looks for its font on its CDN unless told otherwise. Browsers start no web
#: worker for a page opened from a file, and MathJax computes speech and Braille in one:
#: there, screen readers are handed each formula's MathML instead.
CONFIG = """(() => {
  const mj = (window.MathJax ??= {});
  ((mj.loader ??= {}).paths ??= {}).fonts ??= "[mathjax]/fonts";
  if (location.protocol === "file:") {
    const menu = ((mj.options ??= {}).menuOptions ??= {});
    menu.settings = { speech: false, braille: false, assistiveMml: true, ...menu.settings };
  }
})();"""


def _ours(app: Sphinx) -> bool:
    """Whether this build writes HTML whose math MathJax renders from the bundle."""
    builder: Any = app.builder
    return (
        builder.format == "html"
        and not getattr(builder, "embedded", False)  # EPUB: readers run no site scripts
        and getattr(builder, "math_renderer_name", None) == "mathjax"
        and app.config.mathjax_path == PATH
    )


def _use_bundle(app: Sphinx, config: Config) -> None:
    if config.mathjax_path == MATHJAX_URL:
        config.mathjax_path = PATH


def _copy_bundle(app: Sphinx) -> None:
    """Copy the files that changed, before any page names them (with their checksum)."""
    if not _ours(app):
        return
    target = app.outdir / "_static" / TARGET
    for source in BUNDLE.rglob("*"):
        if not source.is_file():
            continue
        copy = target / source.relative_to(BUNDLE)
        stat = source.stat()
        if copy.exists():
            have = copy.stat()
            if (have.st_size, have.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)


def _configure(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not _ours(app):
        return
    if context.get("has_maths_elements") or app.registry.html_assets_policy == "always":
        # After Sphinx's configuration (priority 500, added before this), run at parse time,
        # before the deferred MathJax.
        body = CONFIG + speech_locale(app.config.language or "en")
        app.builder.add_js_file("", body=body)  # type: ignore[attr-defined]


def speech_locale(language: str) -> str:
    """The script line that makes MathJax speak formulas to screen readers in the site's
    language, when the bundle has that language's rules (Korean, English and a dozen
    more: ``sre/mathmaps``); "" otherwise (English)."""
    base = language.split("_")[0]  # "ko_KR", as gettext reads it; "ko-KR" is not Korean
    if not base.isalpha() or not (BUNDLE / "sre" / "mathmaps" / f"{base}.json").is_file():
        return ""
    options = "((window.MathJax.options ??= {}).sre ??= {})"
    return f"\n{options}.locale ??= {json.dumps(base)};"


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.mathjax")
    app.connect("config-inited", _use_bundle)
    app.connect("builder-inited", _copy_bundle)
    # After sphinx.ext.mathjax's (500), which adds MathJax and its configuration.
    app.connect("html-page-context", _configure, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
