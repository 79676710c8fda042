"""Text from outside as MyST Markdown that shows it as text: the one escaping helper for
what the commands write into review pages.

A paper's title or abstract comes from the arXiv API, a Notion export or the command line,
and is data, never markup: ``<img src=x onerror=…>`` must read as those characters, not run
in the reader's browser, and ``{raw}`` or a line starting ``:::`` must not become a role or
a directive. :func:`text` escapes every character MyST gives a meaning to, except math
written as ``$…$`` that holds only math (:func:`is_safe_math`), which stays math.

:func:`body` keeps a page body written by another program (a Notion page) as Markdown, but
only what is safe: MyST's own parser reads it with every extension MyST has, and any block
holding something else — raw HTML, a directive, a role, a target, an image that is not one
of the page's own, a link that is not http(s), math with commands outside
:data:`MATH_COMMANDS` — is written as text instead, until the page reads clean.

No Sphinx imports.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from posixpath import normpath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from paper_reviews.core.bibinfo import is_http_url

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: Characters with a meaning in MyST inline text (CommonMark's escapable punctuation that
#: can start markup, and MyST's roles and math).
_SPECIAL = re.compile(r"([\\`*_\[\]<>{}$|~!&#])")
#: Markers that mean something at the start of a line: headings, lists, quotes, fences,
#: tables, thematic breaks, directives, targets, comments, block breaks.
_LINE_START = re.compile(r"^(\s*)(?:([>+\-=:(%])|(\d+)([.)]))")
#: ``$…$`` in one line of text from outside (the same for MyST and for BibTeX).
MATH = re.compile(r"(?<!\\)(\$[^$\n]+(?<!\\)\$)")

#: The commands math from outside may use: what papers' titles and abstracts write, and
#: nothing that reads a file, defines a command, styles or links (``\input``, ``\def``,
#: ``\href``, ``\class``, ``\bbox``, …), in LaTeX or in MathJax.
MATH_COMMANDS = frozenset(
    """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu
    nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta
    Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell hbar imath jmath aleph nabla partial
    infty emptyset varnothing forall exists neg lnot top bot angle prime
    frac dfrac tfrac sqrt sum prod coprod int iint iiint oint bigcup bigcap bigoplus
    bigotimes lim liminf limsup sup inf max min arg argmin argmax det exp log ln lg sin cos
    tan sec csc cot arcsin arccos arctan sinh cosh tanh dim ker deg gcd Pr hom
    mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak mathscr boldsymbol bm text
    rm bf it sf tt cal mathnormal
    textrm textit textbf operatorname hat widehat bar overline underline tilde widetilde
    vec dot ddot check breve acute grave overrightarrow overleftarrow underbrace overbrace
    left right big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr middle
    langle rangle lceil rceil lfloor rfloor lvert rvert
    lVert rVert vert Vert
    cdot cdots ldots dots vdots ddots times div pm mp ast star circ bullet oplus ominus
    otimes oslash odot wedge vee cap cup setminus sqcup sqcap uplus
    leq le geq ge neq ne approx sim simeq cong equiv propto ll gg prec succ preceq succeq
    subset supset subseteq supseteq sqsubseteq sqsupseteq in notin ni mid nmid parallel
    perp models vdash dashv
    to rightarrow leftarrow Rightarrow Leftarrow leftrightarrow Leftrightarrow mapsto
    longrightarrow longleftarrow Longrightarrow Longleftarrow longmapsto uparrow downarrow
    iff implies gets hookrightarrow rightharpoonup
    quad qquad colon not mathop limits nolimits displaystyle textstyle scriptstyle
    binom tbinom dbinom choose pmod bmod mod top intercal dagger ddagger
    begin end matrix pmatrix bmatrix vmatrix Vmatrix cases aligned array""".split()
)
_COMMAND = re.compile(r"\\([A-Za-z]+)")
#: ``\\``, ``\,``, ``\{``, … : escapes and spacing, not commands.
_SYMBOL_ESCAPE = re.compile(r"\\[^A-Za-z]")


def text(value: str) -> str:
    """``value`` as MyST that shows exactly ``value`` (one line: white space made spaces)."""
    value = " ".join(value.split())
    parts = MATH.split(value)
    out = "".join(
        part if i % 2 and is_safe_math(part) else _SPECIAL.sub(r"\\\1", part)
        for i, part in enumerate(parts)
    )
    return _LINE_START.sub(_escape_line_start, out, count=1)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker, digits, after = match.groups()
    if marker:
        return f"{indent}\\{marker}"
    return f"{indent}{digits}\\{after}"  # "1." would start a list; "\1" is no escape


def is_safe_math(span: str) -> bool:
    """Whether ``$…$`` (or the content of a math block) holds only math: braces that nest,
    no comment or macro parameter, and no command outside :data:`MATH_COMMANDS`."""
    inner = span[1:-1] if span.startswith("$") and span.endswith("$") else span
    depth = 0
    for char in inner:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    if depth or not inner.strip() or "%" in inner or "#" in inner:
        return False
    stripped = _SYMBOL_ESCAPE.sub(" ", inner)
    return all(name in MATH_COMMANDS for name in _COMMAND.findall(stripped))


# -- page bodies ------------------------------------------------------------------------------

#: Blocks a page body may hold as they are.
_BLOCKS = frozenset(
    """paragraph_open paragraph_close heading_open heading_close bullet_list_open
    bullet_list_close ordered_list_open ordered_list_close list_item_open list_item_close
    blockquote_open blockquote_close hr code_block inline table_open table_close thead_open
    thead_close tbody_open tbody_close tr_open tr_close th_open th_close td_open td_close
    dl_open dl_close dt_open dt_close dd_open dd_close""".split()
)
#: Inline content a paragraph may hold as it is.
_INLINE = frozenset(
    """text softbreak hardbreak code_inline strong_open strong_close em_open em_close s_open
    s_close link_close""".split()
)


@functools.cache
def _parser() -> MarkdownIt:
    """MyST's parser with every extension MyST has: what any site's conf.py could enable."""
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    extensions = {
        "amsmath", "attrs_block", "attrs_inline", "colon_fence", "deflist", "dollarmath",
        "fieldlist", "html_admonition", "html_image", "replacements", "smartquotes",
        "strikethrough", "substitution", "tasklist",
    }  # fmt: skip
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)


def body(markdown: str, image_ok: Callable[[str], bool] = lambda src: False) -> str:
    """A page body from another program, as Markdown that holds nothing unsafe: every block
    MyST would read as anything but plain text, emphasis, code, lists, quotes, tables,
    headings, http(s) links, safe math and images ``image_ok`` accepts is written as text.
    The result is read again until it reads clean (a block made text can change how the
    lines around it read)."""
    lines = markdown.splitlines()
    if len(markdown) > MAX_PARSED:  # MyST's parser is slow on some long inputs: all text
        return "\n".join(text(line) for line in lines) + "\n"
    for _ in range(8):
        unsafe = _unsafe_lines("\n".join(lines), image_ok)
        if not unsafe:
            return "\n".join(lines) + ("\n" if markdown.endswith("\n") else "")
        lines = [
            text(line) if i in unsafe and line.strip() else line for i, line in enumerate(lines)
        ]
    return "\n".join(text(line) for line in lines) + "\n"


def _unsafe_lines(markdown: str, image_ok: Callable[[str], bool]) -> set[int]:
    """The lines of the blocks that hold something unsafe (every line, if MyST cannot
    read the text at all)."""
    try:
        tokens = _parser().parse(markdown)
    except RecursionError:  # deeply nested emphasis: read it as text
        return set(range(len(markdown.splitlines())))
    unsafe: set[int] = set()
    containers: list[Token] = []
    for token in tokens:
        if token.nesting == 1 and token.map:
            containers.append(token)
        elif token.nesting == -1 and containers:
            containers.pop()
        if _block_ok(token, image_ok) and (token.type != "inline" or _inline_ok(token, image_ok)):
            continue
        where = token.map or (containers[-1].map if containers else None)
        lines = range(where[0], where[1]) if where else range(len(markdown.splitlines()))
        unsafe.update(lines)
    return unsafe


#: The longest body read as Markdown (a review page is a few kilobytes; MyST's parser takes
#: seconds on some inputs of a few hundred): a longer one is kept as text.
MAX_PARSED = 50_000
#: The directives a body may hold: what Notion's callouts and toggles become.
_DIRECTIVE = re.compile(r"\{(note|tip|important|warning|dropdown)\}(?:\s+(.*))?")
#: A {paper} role's content: its text (no markup) and the bibkey.
_PAPER_TARGET = re.compile(r"(?:[^`<>{}\[\]]*\s)?<?[A-Za-z0-9][A-Za-z0-9_:.\-]*>?")
#: Deeper nesting than any page needs, which Sphinx cannot store (it pickles each page).
MAX_DEPTH = 16


def _block_ok(token: Token, image_ok: Callable[[str], bool] = lambda src: False) -> bool:
    if token.level > MAX_DEPTH:
        return False
    if token.type in _BLOCKS:
        return True
    if token.type == "fence":
        info = token.info.strip()
        if info.startswith("{"):
            # Only the admonitions and dropdowns Notion's callouts and toggles become, with a
            # title that is text and content that is itself safe.
            directive = _DIRECTIVE.fullmatch(info)
            if directive is None or _unsafe_lines(token.content, image_ok):
                return False
            return directive.group(2) is None or not _unsafe_lines(directive.group(2), image_ok)
        return "`" not in token.info
    if token.type in ("math_block", "amsmath"):
        return is_safe_math(token.content)
    return False


def _inline_ok(token: Token, image_ok: Callable[[str], bool]) -> bool:
    for child in _walk(token.children or []):
        if child.level > MAX_DEPTH:
            return False
        if child.type in _INLINE:
            continue
        if child.type == "link_open":
            if not is_http_url(str(child.attrs.get("href", ""))):
                return False
        elif child.type == "image":
            if not image_ok(str(child.attrs.get("src", ""))):
                return False
        elif child.type in ("math_inline", "math_inline_double"):
            if not is_safe_math(child.content):
                return False
        elif child.type == "myst_role":
            # Only {paper}, a link to another review: "text <bibkey>" or "bibkey".
            if child.meta.get("name") != "paper" or not _PAPER_TARGET.fullmatch(child.content):
                return False
        else:
            return False
    return True


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def images(markdown: str) -> list[str]:
    """The targets of the images a body shows (as MyST reads them, references included)."""
    if len(markdown) > MAX_PARSED:
        return []
    try:
        tokens = _parser().parse(markdown)
    except RecursionError:
        return []
    found = []
    for token in tokens:
        for child in _walk(token.children or []):
            if child.type == "image":
                found.append(str(child.attrs.get("src", "")))
    return found


def local_path(src: str) -> str | None:
    """An image target as a path relative to the page, or None for a URL or a path that
    climbs out (``../``, ``/etc/…``, ``%2e%2e``)."""
    if not src or urlsplit(src).scheme or src.startswith(("/", "\\")):
        return None
    path = normpath(unquote(src))
    if path.startswith(("../", "/")) or path == ".." or "\\" in path:
        return None
    return path
