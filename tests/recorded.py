"""A local stand-in for the services the command line asks (the arXiv API, Crossref,
OpenReview's API v2 and v1), answering with responses recorded from the real services:
tests/data/arxiv-api, tests/data/crossref and tests/data/openreview (their READMEs say where
each comes from). A few answers no recording holds (errors, hostile data) are made here and
say so (:data:`MADE`)."""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlsplit

from conftest import DATA
from paper_reviews.cli import sources

ARXIV = DATA / "arxiv-api"
CROSSREF = DATA / "crossref"
OPENREVIEW = DATA / "openreview"
#: More than the 5 MB any answer may have.
HUGE = b"[" + b"0," * 3_000_000 + b"0]"


def arxiv_answer(wanted: str) -> bytes | None:
    """The recorded feed whose request named the id ``wanted`` (a version in the request
    is not needed to match)."""
    for path in sorted(ARXIV.glob("id_list=*.xml")):
        ids = [re.sub(r"v\d+$", "", i) for i in path.stem.removeprefix("id_list=").split(",")]
        if re.sub(r"v\d+$", "", wanted) in ids:
            return path.read_bytes()
    return None


def _hostile_work() -> bytes:
    """The recorded eLife work with a title and DOI no service should send."""
    work = json.loads((CROSSREF / "10.7554_elife.01567.json").read_bytes())
    work["message"]["title"] = ['<img src=x onerror="alert(1)"> {raw}`x` & 50% <i>Fast</i>']
    work["message"]["DOI"] = "10.5555/x}, note = {owned"
    return json.dumps(work).encode()


def _hostile_feed() -> bytes:
    """The recorded feed of 2206.06921 as 2206.99999, with a primary category that would
    close a BibTeX field."""
    feed = (ARXIV / "id_list=2206.06921.xml").read_bytes().replace(b"2206.06921", b"2206.99999")
    return feed.replace(b'term="math.CA"', b'term="cs LG}, note = {owned"')


#: Answers the recorded files do not hold, made here, by the id asked: (status, body,
#: content type).
MADE = {
    "2012.00500": (500, b"Internal Server Error", "text/plain"),
    "2206.99999": (200, _hostile_feed(), "application/atom+xml"),
    "10.5555/http500": (500, b"Internal Server Error", "text/plain"),
    "10.5555/notjson": (200, b"<!DOCTYPE html><html>Crossref is down</html>", "text/html"),
    "10.5555/huge": (200, HUGE, "application/json"),
    "10.5555/deep": (200, b"[" * 200_000, "application/json"),
    "10.5555/list": (200, b'{"status":"ok","message-type":"work-list","message":{}}', "text/json"),
    "Challenged1": (403, b'{"name":"ChallengeRequiredError","status":403}', "application/json"),
    "Broken500": (500, b'{"name":"Error","status":500}', "application/json"),
    "NotJson1": (200, b"<!DOCTYPE html><html>OpenReview</html>", "text/html"),
    "NoNotes1": (200, b'{"groups":[]}', "application/json"),
    "HugeNote1": (200, HUGE, "application/json"),
}
#: A note asked by the id of another note that the same recorded answer holds (the review).
SAME_ANSWER = {"TEyJI4DQAP": "Yxz92UuPLQ"}


class Recorded(BaseHTTPRequestHandler):
    """The arXiv API at /api/query?id_list=ID; Crossref at /works/DOI; OpenReview's API v2
    at /api2/notes?id=ID and v1 at /api1/notes?id=ID. What has no recorded answer is a 404,
    as the services answer."""

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        self.server.asked.append(unquote(self.path))  # type: ignore[attr-defined]
        if url.path == "/api/query":
            wanted = parse_qs(url.query).get("id_list", [""])[0]
            if wanted in MADE:
                self.answer(*MADE[wanted])
                return
            feed = arxiv_answer(wanted)
            if feed is None:
                self.answer(404, b"Not Found", "text/plain")
            else:
                self.answer(200, feed, "application/atom+xml")
            return
        if url.path.startswith("/works/"):
            wanted = unquote(url.path.removeprefix("/works/"))
            name = wanted.replace("/", "_")
            recorded, missing = CROSSREF / f"{name}.json", CROSSREF / f"{name}.404.txt"
        elif url.path in ("/api2/notes", "/api1/notes"):
            wanted = parse_qs(url.query).get("id", [""])[0]
            name = f"{url.path.split('/')[1]}-notes-id={SAME_ANSWER.get(wanted, wanted)}"
            recorded, missing = OPENREVIEW / f"{name}.json", OPENREVIEW / "none"
        else:
            self.answer(404, b"Not Found", "text/plain")
            return
        if wanted == "10.5555/hostile":
            self.answer(200, _hostile_work(), "application/json")
        elif wanted in MADE:
            self.answer(*MADE[wanted])
        elif recorded.exists():
            self.answer(200, recorded.read_bytes(), "application/json")
        elif missing.exists():
            self.answer(404, missing.read_bytes(), "text/plain")
        else:
            self.answer(404, b'{"name":"NotFoundError","status":404}', "application/json")

    def answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client stops reading an answer larger than it takes.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def services() -> Iterator[SimpleNamespace]:
    """The stand-in on 127.0.0.1: its base URL, the requests it was asked (``asked``), the
    command-line options that point at it (``args``) and the same as ``ApiUrls``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorded)
    server.asked = []  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    args = (
        "--api-url", f"{base}/api/query",
        "--doi-api", f"{base}/works",
        "--openreview-api", f"{base}/api2/notes",
        "--openreview-api-v1", f"{base}/api1/notes",
    )  # fmt: skip
    try:
        yield SimpleNamespace(
            base=base,
            asked=server.asked,  # type: ignore[attr-defined]
            args=args,
            urls=sources.ApiUrls(
                f"{base}/api/query", f"{base}/works", f"{base}/api2/notes", f"{base}/api1/notes"
            ),
        )
    finally:
        server.shutdown()
        server.server_close()
