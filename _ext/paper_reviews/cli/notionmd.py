"""Notion's Markdown as MyST that renders in HTML and in the PDF.

A Notion page exported as Markdown writes some things as HTML, which Sphinx would show in
HTML only (or, as :func:`.markdown.body` makes it, as text): callouts as ``<aside>``,
toggles as ``<details>``, highlights and colours as ``<mark>`` and ``<span>``. To-do items
are ``- [ ]``, which MyST renders as an HTML checkbox. And a link to another page of the
export names that page's file (``Attention%20Is%20All%20You%20Need%20<id>.md``). Here each
becomes what MyST renders everywhere:

* ``<aside>`` → an admonition (``{tip}`` for 💡, ``{warning}`` for ⚠️, ``{important}``
  for ❗ and ❓, else ``{note}``), without the emoji (which no font of the PDF has);
* ``<details><summary>T</summary>…</details>`` → a ``{dropdown}`` titled T;
* ``- [ ] x`` / ``- [x] x`` → ``- □ x`` / ``- ✓ x`` (what the PDF's fonts have);
* ``<mark>x</mark>`` → ``**x**``; ``<span …>x</span>``, ``<u>x</u>`` → ``x``;
* headings one level under the page's title, without gaps;
* a link to a page of the same database → ``{paper}`text <bibkey>``` (its review); a link
  to any other page of the export → its text, and the page's title is listed.

Equations (``$$`` blocks and ``$…$``) and images need nothing here. What is left is made
safe by :func:`.markdown.body`, which lets these forms through.

No Sphinx imports.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from paper_reviews.core import markdown

_ASIDE = re.compile(r"^[ \t]*<aside>[ \t]*\n(?P<body>.*?)\n?[ \t]*</aside>[ \t]*$", re.S | re.M)
_DETAILS = re.compile(
    r"^[ \t]*<details>[ \t]*\n?[ \t]*<summary>(?P<title>.*?)</summary>[ \t]*\n?(?P<body>.*?)"
    r"\n?[ \t]*</details>[ \t]*$",
    re.S | re.M,
)
_CHECKBOX = re.compile(r"^(?P<indent>[ \t]*[-*+][ \t]+)\[(?P<done>[ xX])\][ \t]+", re.M)
_MARK = re.compile(r"<mark\b[^>]*>(?P<text>.*?)</mark>", re.S)
_SPAN = re.compile(r"<(?P<tag>span|u|font)\b[^>]*>(?P<text>.*?)</(?P=tag)>", re.S)
_EMOJI = re.compile(r"^\s*([\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF][\uFE0F\u200D]*)+\s*")
_CALLOUT_KIND = {"💡": "tip", "⚠": "warning", "❗": "important", "❓": "important", "🚨": "warning"}
#: A page of the export: "<title> <32 hex digits>.md", in any folder.
_PAGE_FILE = re.compile(r"^(?:.*/)?(?P<title>.+?)\s+[0-9a-f]{32}\.md$")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_:.\-]*")
#: A link to a Markdown file: ``[text](Some%20Page%20<id>.md)`` or ``[text](<…md>)``.
_PAGE_LINK = re.compile(r"\[(?P<text>[^\[\]\n]*)\]\((?P<href><[^<>\n]*\.md>|[^()\s]*\.md)\)")


@dataclass
class Converted:
    """A page body as MyST, and the pages it linked that are not reviews of this site."""

    body: str
    unlinked: list[str] = field(default_factory=list)


def convert(body: str, key_of: Callable[[str], str | None]) -> Converted:
    """``body`` in Notion's Markdown as MyST. ``key_of(title)`` gives the bibkey of the review
    of a paper titled so, if the site has (or this import writes) one."""
    body = _ASIDE.sub(_admonition, body)
    body = _DETAILS.sub(_dropdown, body)
    body = _CHECKBOX.sub(
        lambda m: m.group("indent") + ("□ " if m.group("done") == " " else "✓ "), body
    )
    body = _MARK.sub(lambda m: f"**{m.group('text').strip()}**", body)
    body = _headings(body)
    for _ in range(3):  # nested spans
        body = _SPAN.sub(lambda m: m.group("text"), body)
    unlinked: list[str] = []

    def link(match: re.Match[str]) -> str:
        page = _PAGE_FILE.match(unquote(urlsplit(match.group("href").strip("<>")).path))
        if page is None:
            return match.group()
        key = key_of(page.group("title"))
        if key is not None and _KEY.fullmatch(key):
            return _paper_role(match.group("text"), key)
        unlinked.append(page.group("title"))
        return match.group("text")

    body = _PAGE_LINK.sub(link, body)
    return Converted(body, list(dict.fromkeys(unlinked)))


_HEADING = re.compile(r"^(?P<marks>#{1,6})(?P<rest>\s.*)?$")
_FENCE_LINE = re.compile(r"^\s*(```|~~~)")


def _headings(body: str) -> str:
    """The body's headings one level under the page's title, without gaps (Notion pages go
    from the title to ``###``, which Sphinx reports)."""
    lines = body.split("\n")
    fenced, levels = False, set()
    where = []
    for i, line in enumerate(lines):
        if _FENCE_LINE.match(line):
            fenced = not fenced
        elif not fenced and (heading := _HEADING.match(line)):
            levels.add(len(heading.group("marks")))
            where.append(i)
    shift = {level: min(6, 2 + rank) for rank, level in enumerate(sorted(levels))}
    for i in where:
        heading = _HEADING.match(lines[i])
        assert heading is not None
        lines[i] = "#" * shift[len(heading.group("marks"))] + (heading.group("rest") or "")
    return "\n".join(lines)


def _admonition(match: re.Match[str]) -> str:
    text = match.group("body").strip("\n")
    emoji = _EMOJI.match(text)
    kind = "note"
    if emoji:
        kind = next(
            (k for e, k in _CALLOUT_KIND.items() if emoji.group().strip().startswith(e)), kind
        )
        text = text[emoji.end() :]
    return f"```{{{kind}}}\n{text.strip()}\n```"


def _dropdown(match: re.Match[str]) -> str:
    title = " ".join(re.sub(r"<[^>]*>", "", match.group("title")).split()) or "Details"
    return f"```{{dropdown}} {markdown.text(title)}\n{match.group('body').strip()}\n```"


def _paper_role(text: str, key: str) -> str:
    shown = " ".join(re.sub(r"[`<>]", "", text).split())
    return f"{{paper}}`{shown} <{key}>`" if shown else f"{{paper}}`{key}`"
