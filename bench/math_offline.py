"""What shipping MathJax costs: a math page's weight and the site's build time, before and after.

    .venv/bin/python bench/math_offline.py [--repeat=3]

Builds this repository's site into a temporary folder, fresh each time, taking turns: "before"
with Sphinx's CDN MathJax (its URL with a fragment, which the extension leaves alone, as it
did before MathJax was shipped), "after" as the site is. Reports the median build time (wall
clock and CPU), the files the bundle adds to the output, and, served on 127.0.0.1 with every
other request aborted (as offline), the bytes the first review with math transfers: in
full, and gzip-compressed as a server that compresses would send them.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from paper_reviews.sphinx import mathjax

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

VARIANTS = {"before": [f"-Dmathjax_path={mathjax.MATHJAX_URL}#cdn"], "after": []}


def build(out: Path, options: list[str]) -> tuple[float, float]:
    """A fresh HTML build of the site into ``out``: wall-clock and CPU seconds."""
    command = [str(ROOT / ".venv/bin/sphinx-build"), "-q", "-b", "html", "-W", "--keep-going"]
    command += ["-d", str(out / "doctrees"), *options, str(ROOT), str(out / "html")]
    start = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        sys.exit(f"the build failed: {' '.join(command)}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def weigh(html: Path) -> tuple[str, int, int, int, int, int]:
    """The first review with math: its path, requests, bytes and gzip bytes, MathJax's
    bytes and gzip bytes."""
    from playwright.sync_api import sync_playwright

    page_path = next(
        p.relative_to(html).as_posix()
        for p in sorted((html / "reviews").glob("*.html"))
        if "tex-mml-chtml" in p.read_text(encoding="utf-8")
    )
    with sync_playwright() as playwright, serve(html) as base:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        responses: list = []
        page.on("response", lambda r: responses.append(r))
        page.goto(base + page_path)
        page.evaluate("() => window.MathJax?.startup?.promise")
        page.wait_for_timeout(2000)  # speech is computed after the math is shown
        page.wait_for_load_state("networkidle")
        bodies = [(r.url, r.body()) for r in responses if r.ok]
        browser.close()

    def size(chunks: list[bytes]) -> tuple[int, int]:
        return sum(map(len, chunks)), sum(len(gzip.compress(c)) for c in chunks)

    everything = size([b for _, b in bodies])
    mathjax = size([b for url, b in bodies if "/_static/mathjax/" in url])
    return (page_path, len(bodies), *everything, *mathjax)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory() as tmp:
        for turn in range(args.repeat):
            order = list(VARIANTS) if turn % 2 == 0 else list(reversed(VARIANTS))
            for name in order:
                out = Path(tmp, f"{name}-{turn}")
                times[name].append(build(out, VARIANTS[name]))
        print("| | before | after |\n|---|---|---|")
        wall = [statistics.median(t for t, _ in times[n]) for n in VARIANTS]
        cpu = [statistics.median(c for _, c in times[n]) for n in VARIANTS]
        print(f"| fresh build, median of {args.repeat} | {wall[0]:.2f} s | {wall[1]:.2f} s |")
        print(f"| its CPU time | {cpu[0]:.2f} s | {cpu[1]:.2f} s |")
        bundle = [p for p in Path(tmp, "after-0/html/_static/mathjax").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in bundle)
        print(f"| files added to the output | | {len(bundle)}, {size / 1e6:.1f} MB |")
        weights = [weigh(Path(tmp, f"{n}-0/html")) for n in VARIANTS]
        print(f"| {weights[1][0]}: requests | {weights[0][1]} | {weights[1][1]} |")
        print(
            "| its bytes (gzip) | "
            + " | ".join(f"{w[2] / 1e3:.0f} kB ({w[3] / 1e3:.0f} kB)" for w in weights)
            + " |"
        )
        print(
            "| of which MathJax (gzip) | "
            + " | ".join(f"{w[4] / 1e3:.0f} kB ({w[5] / 1e3:.0f} kB)" for w in weights)
            + " |"
        )


if __name__ == "__main__":
    main()
