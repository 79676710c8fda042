"""axe-core, the accessibility engine that tests/test_accessibility.py runs in Chromium.

One release, pinned here with the npm registry's integrity hash (``dist.integrity`` of
``npm view axe-core@VERSION``), is downloaded once, checked against that hash and unpacked
into the virtual environment: ``.venv/axe-core/`` (Debian packages no axe-core). ``make test``
fetches it before the tests run (``python tests/axe_core.py``); the tests fetch it themselves
when run on their own. To take a new release, change VERSION and INTEGRITY together.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
URL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="  # noqa: E501
HOME = Path(sys.prefix) / "axe-core"
#: The script injected into each page; its name carries the version, so that a new pin is
#: fetched anew. axe-core's licence (MPL-2.0) is kept beside it.
SCRIPT = HOME / f"axe-{VERSION}.min.js"


def integrity(data: bytes) -> str:
    """The hash as npm writes it (Subresource Integrity: algorithm, then base64)."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def fetch() -> Path:
    """The pinned axe-core script, downloaded and checked on first use."""
    if SCRIPT.is_file():
        return SCRIPT
    with urllib.request.urlopen(URL, timeout=60) as response:
        data = response.read()
    if integrity(data) != INTEGRITY:
        raise RuntimeError(f"{URL} does not match its pinned integrity hash {INTEGRITY}")
    HOME.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member, target in (
            ("package/LICENSE", HOME / "LICENSE"),
            ("package/axe.min.js", SCRIPT),
        ):
            source = archive.extractfile(member)
            if source is None:
                raise RuntimeError(f"{URL} has no {member}")
            partial = target.with_name(target.name + ".part")
            partial.write_bytes(source.read())
            partial.replace(target)  # the script last: its presence means all is there
    return SCRIPT


if __name__ == "__main__":
    print(f"axe-core {VERSION}: {fetch()}")
