"""Refresh the MathJax the package ships (``vendor/mathjax/``) from the npm registry.

    python _ext/paper_reviews/vendor/update_mathjax.py 4.1.3

Fetches ``mathjax`` and its default font ``@mathjax/mathjax-newcm-font`` at the version
given with ``npm pack`` (Node.js; the registry's ordinary client, which checks each tarball
against the integrity the registry states), checks each again and, when the version is the
one already pinned, against the integrity in ``mathjax.json``; then keeps what a browser loads
(the combined ``tex-mml-chtml.js``, the components it loads on demand, the CHTML font) and
writes ``mathjax.json``: each package's version and integrity, and each file's SHA-256,
which the tests check the shipped files against. The rest (Node's builds, the SVG font:
60 of the packages' 69 MB) stays out. Then run ``pytest tests/test_math_offline.py``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
BUNDLE = HERE / "mathjax"
MANIFEST = HERE / "mathjax.json"

#: Each package, where its files go in the bundle, and the files kept (paths in the
#: package; a folder keeps everything under it).
PACKAGES = {
    "mathjax": (
        "",
        [
            "LICENSE",
            "tex-mml-chtml.js",
            "input/tex/extensions",
            "input/mml/extensions",
            "input/mml/entities.js",
            "a11y",
            "ui",
            "sre",
        ],
    ),
    "@mathjax/mathjax-newcm-font": ("fonts/mathjax-newcm-font", ["chtml"]),
}


def integrity(data: bytes) -> str:
    """The registry's Subresource Integrity string for ``data``."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def pinned() -> dict[str, dict[str, str]]:
    if not MANIFEST.exists():
        return {}
    return {p["name"]: p for p in json.loads(MANIFEST.read_text(encoding="utf-8"))["packages"]}


def fetch(name: str, version: str, into: Path) -> tuple[Path, str]:
    """The package's tarball, checked, and its integrity."""
    out = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(into)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    (stated,) = json.loads(out)
    tarball = into / stated["filename"]
    found = integrity(tarball.read_bytes())
    if found != stated["integrity"]:
        sys.exit(f"{name}@{version}: the tarball does not match the registry's integrity")
    before = pinned().get(name)
    if before and before["version"] == version and before["integrity"] != found:
        sys.exit(f"{name}@{version}: the integrity changed since it was pinned in {MANIFEST}")
    return tarball, found


def keep(member: str, wanted: list[str]) -> bool:
    return any(member == w or member.startswith(w + "/") for w in wanted)


def main(argv: list[str]) -> None:
    (version,) = argv
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        staged = work / "mathjax"
        packages = []
        for name, (target, wanted) in PACKAGES.items():
            tarball, checked = fetch(name, version, work)
            with tarfile.open(tarball) as tar:
                for info in tar.getmembers():
                    member = info.name.removeprefix("package/")
                    if info.isfile() and keep(member, wanted):
                        info.name = str(Path(target, member))
                        tar.extract(info, staged, filter="data")
                license_ = json.load(tar.extractfile("package/package.json"))["license"]  # type: ignore[arg-type]
            packages.append(
                {"name": name, "version": version, "integrity": checked, "license": license_}
            )
        files = {
            path.relative_to(staged).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(staged.rglob("*"))
            if path.is_file()
        }
        shutil.rmtree(BUNDLE, ignore_errors=True)
        shutil.copytree(staged, BUNDLE)
    manifest = {"packages": packages, "files": files}
    MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file())
    print(f"MathJax {version}: {len(files)} files, {size / 1e6:.1f} MB in {BUNDLE}")


if __name__ == "__main__":
    main(sys.argv[1:])
