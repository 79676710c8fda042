"""Text from outside as MyST Markdown that shows it as text: the one escaping helper for
what the commands write into review pages.

A paper's title or abstract comes from the arXiv API, a Notion export or the command line,
and is data, never markup: ``<img src=x onerror=…>`` must read as those characters, not run
in the reader's browser, and ``{raw}`` or a line starting ``:::`` must not become a role or
a directive. :func:`text` escapes every character MyST gives a meaning to, except math
written as ``$…$`` that holds only math (``$\\ell_1$``, as arXiv titles have), which stays
math. :func:`body` makes a page body written by another program (a Notion page) safe the
same way while keeping it Markdown: raw HTML and directive fences become text.

No Sphinx imports.
"""

from __future__ import annotations

import re

#: Characters with a meaning in MyST inline text (CommonMark's escapable punctuation that
#: can start markup, and MyST's roles and math).
_SPECIAL = re.compile(r"([\\`*_\[\]<>{}$|~!&])")
#: Markers that mean something at the start of a line: headings, lists, quotes, fences,
#: tables, thematic breaks, directives.
_LINE_START = re.compile(r"^(\s*)([#>+\-=:]|\d+[.)])")
_MATH = re.compile(r"(?<!\\)(\$[^$\n]+(?<!\\)\$)")
#: What math from outside may not hold: links and HTML (MathJax's \href, \class, …).
_UNSAFE_MATH = re.compile(r"\\(?:href|url|class|style|cssId|html|unicode|require)")


def text(value: str) -> str:
    """``value`` as MyST that shows exactly ``value`` (one line: white space made spaces)."""
    value = " ".join(value.split())
    parts = _MATH.split(value)
    out = "".join(
        part if i % 2 and is_safe_math(part) else _SPECIAL.sub(r"\\\1", part)
        for i, part in enumerate(parts)
    )
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), out, count=1)


def is_safe_math(span: str) -> bool:
    """Whether ``$…$`` holds math that MathJax may render: braces that nest, no links."""
    inner = span[1:-1]
    depth = 0
    for char in inner:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and bool(inner.strip()) and not _UNSAFE_MATH.search(inner)


_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_COLON_FENCE = re.compile(r"^(\s*)(:{3,})")
_TAG = re.compile(r"(?<!\]\()<(?=[A-Za-z/!?])")  # not a link's <destination>
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def body(markdown: str) -> str:
    """A page body from another program, kept as Markdown but never as markup that runs:
    raw HTML tags become text (``<aside>`` reads as written), a code fence cannot name a
    directive (```` ```{raw} html ```` becomes a code block), and ``:::`` fences are text."""
    out = []
    opened = ""  # the marker of the code fence we are in
    for line in markdown.splitlines():
        fence = _FENCE.match(line)
        if fence and not opened:
            opened = fence.group(2)
            info = fence.group(3).replace("{", "").replace("}", "")
            out.append(f"{fence.group(1)}{opened}{info}")
            continue
        if opened:
            marker = fence.group(2) if fence and not fence.group(3).strip() else ""
            if marker[:1] == opened[0] and len(marker) >= len(opened):
                opened = ""
            out.append(line)
            continue
        line = _COLON_FENCE.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        out.append(_outside_code(line))
    return "\n".join(out) + ("\n" if markdown.endswith("\n") else "")


def _outside_code(line: str) -> str:
    """``<`` before a tag escaped, except inside code spans."""
    pieces, pos = [], 0
    for span in _CODE_SPAN.finditer(line):
        pieces.append(_TAG.sub(r"\\<", line[pos : span.start()]))
        pieces.append(span.group())
        pos = span.end()
    pieces.append(_TAG.sub(r"\\<", line[pos:]))
    return "".join(pieces)
