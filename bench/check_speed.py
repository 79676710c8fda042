"""How long `paper-reviews check` and `paper-reviews list` take on N generated reviews.

    .venv/bin/python bench/check_speed.py            # N = 1000
    .venv/bin/python bench/check_speed.py 1000 5000

Each run is the whole command in a fresh process (start-up included), best of three.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sitegen import generate


def best_of(command: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise SystemExit(result.stderr)
    return min(times)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000]
    exe = [sys.executable, "-m", "paper_reviews.cli"]
    print("| reviews | check (s) | list --format json (s) |")
    print("|---:|---:|---:|")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = generate(Path(tmp) / "site", n)
            check = best_of([*exe, "-C", str(root), "check"])
            listing = best_of([*exe, "-C", str(root), "list", "--format", "json"])
            print(f"| {n:,} | {check:.2f} | {listing:.2f} |")


if __name__ == "__main__":
    main()
