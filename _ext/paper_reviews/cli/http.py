"""What the API clients (:mod:`.arxiv`, :mod:`.doi`, :mod:`.openreview`) share: one bounded
GET whose every failure is a :class:`SourceError` with a message for people, ; each client's answer
is a :class:`.found.FoundPaper`.

A request gives up when a read waits :data:`TIMEOUT` seconds, when the whole answer takes
:data:`TOTAL_TIME`, or when it passes :data:`MAX_ANSWER` bytes. Everything a service sends is
data from outside: the clients check its types and never take it for markup or a path.

No Sphinx imports.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import urllib.error
import urllib.request
from typing import Any

#: Seconds a read may wait, and the whole request may take.
TIMEOUT = 10.0
TOTAL_TIME = 15.0
#: The largest answer read (one paper's record is a few kilobytes).
MAX_ANSWER = 5_000_000


class SourceError(Exception):
    """A paper could not be had from a service; the message says why."""


class NotFound(SourceError):
    """The service answered that it has no such paper."""


class Unavailable(SourceError):
    """The service could not be reached, did not answer in time or answered with an error:
    the network's or the service's doing, not the paper's."""


def base_url(option: str | None, env: str, default: str) -> str:
    """A service's address: the command-line option, else the environment variable ``env``,
    else the public service."""
    return option or os.environ.get(env) or default


def get(
    url: str,
    service: str,
    *,
    accept: str = "*/*",
    not_found: str | None = None,
    timeout: float = TIMEOUT,
    total: float = TOTAL_TIME,
) -> bytes:
    """The body of ``url``, read within ``total`` seconds in all (each read within
    ``timeout``) and :data:`MAX_ANSWER` bytes, or a :class:`SourceError` that names
    ``service`` ("the Crossref API") and the URL. An HTTP 404 is :class:`NotFound`, said as
    ``not_found`` when given ("Crossref has no work with the DOI …")."""
    request = urllib.request.Request(url, headers={"User-Agent": "paper-reviews", "Accept": accept})
    answer: list[bytes | BaseException] = []

    def ask() -> None:
        try:
            answer.append(_read(request, timeout))
        except BaseException as err:  # handed to the caller's thread
            answer.append(err)

    # A server can send one byte every few seconds, each read within the timeout: the whole
    # request runs aside and is given up after `total` seconds.
    worker = threading.Thread(target=ask, daemon=True)
    worker.start()
    worker.join(total)
    if not answer:
        raise Unavailable(f"{service} at {url} did not answer within {total:g} seconds; try again")
    body = answer[0]
    if isinstance(body, bytes):
        return body
    raise _error(body, url, service, not_found)


def get_json(url: str, service: str, *, not_found: str | None = None) -> Any:
    """The JSON value :func:`get` reads from ``url``: unchecked data, for the caller to check
    the type of every part it uses."""
    body = get(url, service, accept="application/json", not_found=not_found)
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as err:  # not UTF-8, not JSON, nested too deep
        reason = str(err)[:80] if isinstance(err, ValueError) else "nested too deep"
        raise SourceError(
            f"{service} at {url} sent an answer that is not JSON ({reason})"
        ) from None


class _TooLarge(Exception):
    """An answer longer than :data:`MAX_ANSWER`."""


def _read(request: urllib.request.Request, timeout: float) -> bytes:
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read(MAX_ANSWER + 1)
    if len(body) > MAX_ANSWER:
        raise _TooLarge
    return bytes(body)


def _error(err: BaseException, url: str, service: str, not_found: str | None) -> SourceError:
    """The message for people that a failed request ``err`` makes."""
    if isinstance(err, _TooLarge):
        return SourceError(f"{service} at {url} sent more than {MAX_ANSWER // 1_000_000} MB")
    if isinstance(err, urllib.error.HTTPError):
        said = f"{service} at {url} answered HTTP {err.code} {err.reason}"
        if err.code == 404:
            return NotFound(f"{not_found} ({said})" if not_found else said)
        return Unavailable(f"{said}; try again later")
    if isinstance(
        err,
        urllib.error.URLError
        | TimeoutError
        | ConnectionError
        | http.client.HTTPException
        | ValueError,  # a redirect to a URL that is not one
    ):
        reason = getattr(err, "reason", err)
        return Unavailable(f"could not reach {service} at {url} ({reason}); check the network")
    if isinstance(err, Exception):
        return SourceError(f"{service} at {url} could not be read ({err})")
    raise err  # KeyboardInterrupt and the like are not the service's doing
