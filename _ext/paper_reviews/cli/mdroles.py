"""A page read as MyST reads it: its first heading, and the roles it uses (``{cite:…}``
citations and ``{paper}`` links, each with its line), for ``paper-reviews check`` and
``list``.

The page is parsed with MyST's own Markdown parser (markdown-it-py with MyST's plugins, the
extensions ``conf.py`` enables; no Sphinx), so a role in a comment, a code block, a math
block or after a backslash is not one, and one in a directive's Markdown content or an
admonition's title is, as in the build. The content of a directive is parsed as Markdown
unless the directive takes code (:data:`CODE_DIRECTIVES`); ``{eval-rst}`` content is
reStructuredText, whose ``:cite:p:`…``` roles are read too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

#: Directives whose content is not Markdown.
CODE_DIRECTIVES = frozenset(
    {"code", "code-block", "sourcecode", "code-cell", "literalinclude", "math", "raw", "csv-table"}
)
_DIRECTIVE = re.compile(r"^\{([\w:.-]+)\}\s*(.*)$", re.S)
_OPTION = re.compile(r"^:[\w-]+:")
_RST_ROLE = re.compile(r":(cite(?::\w+)?|paper):`([^`]*)`")


@dataclass(frozen=True)
class Role:
    """One role on a page: its name (``cite:p``, ``paper``), its text and its 1-based line."""

    name: str
    text: str
    line: int


@cache
def _parser(extensions: tuple[str, ...]) -> MarkdownIt:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    return create_md_parser(MdParserConfig(enable_extensions=set(extensions)), RendererHTML)


@dataclass(frozen=True)
class Page:
    """What the commands need of a page: its first heading's text (as written) and its
    roles."""

    heading: str | None
    roles: tuple[Role, ...]


def read(text: str, extensions: Sequence[str] = ()) -> Page:
    """The page ``text`` (front matter included in its lines)."""
    parser = _parser(tuple(sorted(extensions)))
    tokens = parser.parse(text)
    heading = next(
        (
            tokens[i + 1].content.strip()
            for i, token in enumerate(tokens[:-1])
            if token.type == "heading_open" and token.level == 0
        ),
        None,
    )
    return Page(heading, tuple(_roles(parser, tokens, 0)))


def _roles(parser: MarkdownIt, tokens: list[Token], offset: int) -> Iterator[Role]:
    for token in tokens:
        line = offset + (token.map[0] if token.map else 0) + 1
        if token.type == "inline":
            yield from _inline(token.children or [], line)
        elif token.type in ("fence", "colon_fence"):
            yield from _directive(parser, token, line)


def _inline(children: list[Token], line: int) -> Iterator[Role]:
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "myst_role":
            yield Role(child.meta.get("name", ""), child.content, line)


def _directive(parser: MarkdownIt, token: Token, line: int) -> Iterator[Role]:
    found = _DIRECTIVE.match(token.info.strip())
    if found is None:
        return  # a code block
    name, argument = found.group(1), found.group(2)
    if argument:  # an admonition's title is Markdown
        inner = _roles(parser, parser.parse(argument), line - 1)
        yield from (Role(r.name, r.text, line) for r in inner)
    if name in CODE_DIRECTIVES:
        return
    body = token.content.split("\n")
    skipped = 0
    if body and body[0].strip() == "---":  # options as YAML
        end = next((i for i in range(1, len(body)) if body[i].strip() == "---"), None)
        skipped = end + 1 if end is not None else 0
    else:
        while skipped < len(body) and _OPTION.match(body[skipped]):
            skipped += 1
    content = "\n".join(body[skipped:])
    if name == "eval-rst":
        for number, text in enumerate(body[skipped:], start=line + 1 + skipped):
            for role in _RST_ROLE.finditer(text):
                yield Role(role.group(1), role.group(2), number)
        return
    yield from _roles(parser, parser.parse(content), line + skipped)
