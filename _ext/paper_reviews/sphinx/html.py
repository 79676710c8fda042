"""The one way the extension writes HTML: :func:`element` escapes every attribute value and
every piece of text content (MarkupSafe), and only :class:`~markupsafe.Markup` (what
:func:`element` returns) goes in as it is. Text from reviews, ``refs.bib`` or an import is
never markup."""

from __future__ import annotations

import html
from collections.abc import Iterable

from markupsafe import Markup, escape

__all__ = ["Markup", "element", "escape", "join", "pre_text"]

Content = str | Markup | Iterable[str | Markup]


def join(parts: Iterable[str | Markup], separator: str = "") -> Markup:
    """The parts one after the other, text escaped, with ``separator`` (text) between."""
    return escape(separator).join(escape(part) for part in parts)


def element(tag: str, content: Content = "", **attrs: str | None) -> Markup:
    """``<tag attrs>content</tag>``. Attribute names with ``_`` get ``-`` (a trailing ``_``
    is dropped: ``class_``); ``None`` leaves the attribute out; attributes are written in
    name order, as Sphinx's writer does."""
    written = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"'
        for name, value in sorted(attrs.items())
        if value is not None
    )
    inner = escape(content) if isinstance(content, str) else join(content)
    return Markup(f"<{tag}{written}>{inner}</{tag}>")


def pre_text(text: str) -> Markup:
    """Text for a ``<pre>`` block, escaped as Pygments escapes it (``&``, ``<``, ``>``;
    quotes as they are), so that a block shown as written is the highlighter's markup."""
    return Markup(html.escape(text, quote=False))
