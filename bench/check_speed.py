"""How long `paper-reviews check` and `paper-reviews list` take on N generated reviews.

    .venv/bin/python bench/check_speed.py            # N = 1000
    .venv/bin/python bench/check_speed.py 1000 5000

Each run is the whole command in a fresh process (start-up included), best of three.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TAGS = [f"Topic {i}" for i in range(18)] + ["정규화", "생성 모델"]


def generate(root: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    (root / "reviews").mkdir(parents=True)
    entries = []
    for i in range(n):
        key = f"author{i}2020paper"
        tags = ", ".join(rng.sample(TAGS, rng.randint(1, 3)))
        rating = rng.choice(["", "rating: 3\n", "rating: 4.5\n", "rating: 5\n"])
        (root / "reviews" / f"{key}.md").write_text(
            f"---\nbibkey: {key}\ntags: [{tags}]\n{rating}"
            f"summary: 이 논문은 {i}번째 방법을 제안하고 normalization에 기반하여 학습한다."
            "\n---\n\n"
            f"# Paper {i}\n\nBody with $x_{i}$ and {{paper}}`author{(i + 1) % n}2020paper`.\n",
            encoding="utf-8",
        )
        entries.append(
            f"@inproceedings{{{key},\n  title = {{Paper number {i}: {{A}} study}},\n"
            f"  author = {{Author, A. and Writer, B.}},\n  booktitle = {{Conf}},\n"
            f"  year = {{2020}},\n  eprint = {{2001.{i:05d}}},\n  archivePrefix = {{arXiv}}\n}}\n"
        )
    (root / "refs.bib").write_text("\n".join(entries), encoding="utf-8")


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
            root = Path(tmp)
            generate(root, n)
            check = best_of([*exe, "-C", str(root), "check"])
            listing = best_of([*exe, "-C", str(root), "list", "--format", "json"])
            print(f"| {n:,} | {check:.2f} | {listing:.2f} |")


if __name__ == "__main__":
    main()
