"""Reading sources that are not valid UTF-8 without stopping the build.

Sphinx 9 reads each source with ``Path.read_text`` and a strict codec, so one page saved
in another encoding stops the whole build with a traceback. The extension has Sphinx read
through a lenient codec instead (undecodable bytes become U+FFFD), and
:class:`~.review.ReviewTransform` reports the page with the line of the first bad byte.
"""

from __future__ import annotations

import codecs
from typing import Any

CODEC = "paper-reviews-lenient"
BASE = "utf-8-sig"


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != CODEC:
        return None
    base = codecs.lookup(BASE)

    def decode(data: Any, errors: str = "strict") -> tuple[str, int]:
        return base.decode(data, "replace")

    class IncrementalDecoder(base.incrementaldecoder):  # type: ignore[name-defined]
        def __init__(self, errors: str = "strict") -> None:
            super().__init__("replace")

    class StreamReader(base.streamreader):  # type: ignore[name-defined]
        def __init__(self, stream: Any, errors: str = "strict") -> None:
            super().__init__(stream, "replace")

    return codecs.CodecInfo(
        name=CODEC,
        encode=base.encode,
        decode=decode,
        incrementalencoder=base.incrementalencoder,
        incrementaldecoder=IncrementalDecoder,
        streamreader=StreamReader,
        streamwriter=base.streamwriter,
    )


codecs.register(_search)


def use_lenient_codec(app: Any, env: Any, docnames: list[str]) -> None:
    """``env-before-read-docs``: read UTF-8 sources leniently (others are left as set)."""
    if str(env.settings.get("input_encoding", "")).lower().replace("_", "-") in (
        "utf-8",
        "utf-8-sig",
        "utf8",
    ):
        env.settings["input_encoding"] = CODEC
