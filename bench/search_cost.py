"""What Korean search costs a build: the same generated site built with ``language = "ko"``
(Kiwi's morphemes in the search index) and with ``language = "en"`` (no Korean search).

    .venv/bin/python bench/search_cost.py 1000
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sitegen import generate


def build(site: Path, out: Path, language: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            "-D",
            f"language={language}",
            str(site),
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        site = generate(Path(tmp) / "site", n)
        english = build(site, Path(tmp) / "en", "en")
        korean = build(site, Path(tmp) / "ko", "ko")
        index = (Path(tmp) / "ko" / "searchindex.js").stat().st_size
        print("| reviews | build, en (s) | build, ko (s) | Korean search costs | searchindex.js |")
        print("|---:|---:|---:|---:|---:|")
        print(
            f"| {n:,} | {english:.1f} | {korean:.1f} | {korean - english:+.1f} s "
            f"({(korean / english - 1) * 100:+.0f}%) | {index / 1e6:.1f} MB |"
        )


if __name__ == "__main__":
    main()
