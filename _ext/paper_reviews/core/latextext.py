"""BibTeX field text as a reader sees it: LaTeX commands, braces and escapes resolved by
pybtex, math spans (``$\\ell_1$``) kept as written.

No Sphinx imports.
"""

from __future__ import annotations

import re

from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.richtext import Text

_TEXT = PlainTextBackend()
#: Stand-ins for escaped braces and dollars while pybtex reads the rest (private use area).
_OPEN, _CLOSE, _DOLLAR = "\ue000", "\ue001", "\ue002"

#: What pybtex's LaTeX reading changes: commands, braces, comments, ties, dashes, quotes,
#: inverted marks, math and runs of white space. Text without any of it reads as written,
#: and most fields (names, years, arXiv ids, most titles) are such text.
_LATEX_SYNTAX = re.compile(r"[%\\{}~$\n\t\r\f\v]|\s\s|^\s|!`|''|,,|--|\?`|``")
#: ``\emph{…}``, ``\textit{…}`` and the like, and ``{\em …}``: the braces alone are left.
_FONT_COMMAND = re.compile(
    r"\\(?:emph|textit|textbf|textsc|textsl|texttt|textrm|textsf|textup|textmd|mbox|text)\s*\{"
)
_FONT_SWITCH = re.compile(r"(?<=\{)\\(?:em|it|bf|sc|sl|tt|rm|sf)\b\s*")
_CIRCUMFLEX = re.compile(r"\\textasciicircum(?:\{\}|\b\s*)")
_BRACE_LEFT = re.compile(r"\\textbraceleft(?:\{\}|\b\s*)")
_BRACE_RIGHT = re.compile(r"\\textbraceright(?:\{\}|\b\s*)")
#: Math that is one symbol, read as that symbol.
_MATH_SYMBOLS = {
    "\\{": "{",
    "\\}": "}",
    "\\backslash": "\\",
    "\\sim": "~",
    "\\_": "_",
    "\\&": "&",
    "\\#": "#",
    "\\%": "%",
    "\\$": "$",
    "\\times": "×",
    "\\cdot": "·",
    "\\pm": "±",
}
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
            # Google Scholar writes braces as $\{$ and $\}$: one symbol, not math.
            out.append(_MATH_SYMBOLS.get(part[1:-1].strip(), part))
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
    # Font commands pybtex leaves in the text ("\emph In vivo"): their argument, as it reads.
    value = _FONT_SWITCH.sub("", _FONT_COMMAND.sub("{", value))
    # pybtex reads an escaped brace as a command, and leaves an escaped dollar as it is.
    escaped = value.replace("\\{", _OPEN).replace("\\}", _CLOSE).replace("\\$", _DOLLAR)
    escaped = _CIRCUMFLEX.sub("^", escaped)  # pybtex does not know these
    escaped = _BRACE_LEFT.sub(_OPEN, _BRACE_RIGHT.sub(_CLOSE, escaped))
    try:
        text = str(Text.from_latex(escaped).render(_TEXT))
        return text.replace(_OPEN, "{").replace(_CLOSE, "}").replace(_DOLLAR, "$")
    except Exception:  # pybtex raises plain exceptions on unbalanced braces
        return value.replace("{", "").replace("}", "")
