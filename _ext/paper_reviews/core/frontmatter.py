"""Read the YAML front matter of a MyST source text, keeping real types and line numbers.

MyST hands front matter to Sphinx with every value turned into a string, so the
review pages are read here again: ``rating: 4.5`` stays a float and every key
keeps the line it stands on, for warnings that point at it.

No Sphinx imports: the build and the command line share this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from paper_reviews.core.problems import Check, Problem

#: Lines that open and close a front matter block.
FENCE = "---"
CLOSERS = ("---", "...")


class FrontMatterError(ValueError):
    """The front matter could not be read; ``line`` is 1-based in the source file."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class FrontMatter:
    """The mapping at the top of a page, with the 1-based source line of each key."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    #: Line of the opening ``---``; 0 when the page has no front matter.
    start: int = 0
    #: Line just after the closing fence (where the body starts).
    end: int = 1
    #: Keys given more than once: (key, line of the first, line of the one YAML keeps).
    repeated: tuple[tuple[str, int, int], ...] = ()

    @property
    def present(self) -> bool:
        return self.start > 0

    def line_of(self, key: str) -> int:
        """The line of ``key``, or of the opening fence when the key is absent."""
        return self.lines.get(key, self.start or 1)


#: libyaml's loader where PyYAML was built with it: the same documents and marks, ten
#: times faster than the pure-Python one.
LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split(text: str) -> tuple[str, int, int] | None:
    """Return (yaml text, opening line, closing line) or None when there is no front matter."""
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != FENCE:
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in CLOSERS:
            return "\n".join(lines[1:index]), 1, index + 1
    raise FrontMatterError("front matter opened with '---' on line 1 is never closed", 1)


def parse(text: str) -> FrontMatter:
    """Parse the front matter of ``text``.

    Raises :class:`FrontMatterError` for YAML syntax errors, an unclosed block, or
    front matter that is not a mapping.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    parts = split(text)
    if parts is None:
        return FrontMatter()
    body, start, close = parts
    offset = start + 1  # YAML line 0 is the line after the opening fence
    loader = None
    try:
        loader = LOADER(body)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = offset + mark.line if mark is not None else start
        problem = err.problem or str(err)
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line) from None
    except yaml.reader.ReaderError as err:
        line = offset + body[: err.position].count("\n")
        raise FrontMatterError(
            f"front matter has a character YAML does not allow ({err.character!r})", line
        ) from None
    except yaml.YAMLError as err:
        raise FrontMatterError(f"front matter is not valid YAML: {err}", start) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return FrontMatter(start=start, end=close + 1)
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise FrontMatterError(
            f"front matter must be a mapping of keys to values, not a {kind}", offset
        )
    lines: dict[str, int] = {}
    repeated = []
    if isinstance(node, yaml.MappingNode):
        for key_node, _value_node in node.value:
            key, line = str(key_node.value), offset + key_node.start_mark.line
            if key in lines:
                repeated.append((key, lines[key], line))
            lines[key] = line
    return FrontMatter(
        data={str(k): v for k, v in data.items()},
        lines=lines,
        start=start,
        end=close + 1,
        repeated=tuple(repeated),
    )


def read_source(path: Path, encoding: str = "utf-8") -> tuple[str, Problem | None]:
    """A page's text; undecodable bytes are replaced and reported with their line."""
    data = path.read_bytes()
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problem = Problem(
            Check.FRONTMATTER,
            f"the file is not valid {encoding} (byte 0x{data[err.start]:02x}); "
            f"save it as {encoding}",
            line,
        )
        return data.decode(encoding, errors="replace"), problem
