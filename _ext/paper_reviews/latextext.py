"""BibTeX field text as a reader sees it: LaTeX commands, braces and escapes resolved by
pybtex, math spans (``$\\ell_1$``) kept as written.

No Sphinx imports.
"""

from __future__ import annotations

import re

from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.richtext import Text

_TEXT = PlainTextBackend()

#: What pybtex's LaTeX reading changes: commands, braces, comments, ties, dashes, quotes,
#: inverted marks, math and runs of white space. Text without any of it reads as written,
#: and most fields (names, years, arXiv ids, most titles) are such text.
_LATEX_SYNTAX = re.compile(r"[%\\{}~$\n\t\r\f\v]|\s\s|^\s|!`|''|,,|--|\?`|``")
#: Inline math, kept as written: pybtex would read ``$\ell_1$`` as "$\ell _1$".
_MATH = re.compile(r"(?<!\\)(\$[^$]+(?<!\\)\$)")


def latex_to_text(value: str) -> str:
    """BibTeX field text as a reader sees it: braces and escapes removed."""
    if _LATEX_SYNTAX.search(value) is None:
        return value
    return _latex_to_text(value)


def _latex_to_text(value: str) -> str:
    parts = _MATH.split(value)
    if len(parts) == 1:
        return _read(value)
    # The odd parts are math. pybtex drops white space at either end of a text, which
    # beside math is the space between two words.
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
            continue
        text = _read(part)
        if i > 0 and part[:1].isspace() and not text[:1].isspace():
            text = " " + text
        if i < len(parts) - 1 and part[-1:].isspace() and not text[-1:].isspace():
            text += " "
        out.append(text)
    return "".join(out)


def _read(value: str) -> str:
    if not value.strip():
        return value
    try:
        # pybtex leaves an escaped dollar as it is.
        return str(Text.from_latex(value).render(_TEXT)).replace("\\$", "$")
    except Exception:  # pybtex raises plain exceptions on unbalanced braces
        return value.replace("{", "").replace("}", "")
