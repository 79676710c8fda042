"""The writing loop: from saving a file to the browser showing the new text, with the server
``make live`` runs.

    .venv/bin/python bench/live_speed.py 10 1000 [--edits=20]

For each N: generates a site of N reviews (bench/sitegen.py), starts
``python -m paper_reviews.live`` on it (the first build is not timed), opens a review in
Debian's headless Chromium, and makes ``--edits`` saves of five kinds in turn: a paragraph
of English in the review's body, a paragraph of Korean, a citation, the review's summary
(which the overview shows too) and the entry's title in refs.bib. Each is timed from the
write until the page shown has the new text (the page reloads itself). Prints the median
and the slowest, per kind and overall, and the first build's time.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS
from sitegen import generate


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def edits(site: Path, key: str):
    """(kind, file, new text, the text the page then shows) for each kind of save."""
    review = site / "reviews" / f"{key}.md"
    bib = site / "refs.bib"
    n = 0
    while True:
        n += 1
        text = review.read_text(encoding="utf-8")
        mark = f"Edit{n}x"
        yield "body", review, text + f"\n\n{mark} adds a paragraph in English.\n", mark
        mark = f"편집{n}번"
        text = review.read_text(encoding="utf-8")
        yield "korean", review, text + f"\n\n{mark}: 새로운 문단을 추가했다.\n", mark
        text = review.read_text(encoding="utf-8")
        mark = f"Cited{n}x"
        yield "citation", review, text + f"\n\n{mark} {{cite:p}}`{key}`.\n", mark
        text = review.read_text(encoding="utf-8")
        mark = f"Summary{n}x"
        yield "summary", review, text.replace("summary: ", f"summary: {mark} ", 1), mark
        bibtext = bib.read_text(encoding="utf-8")
        mark = f"Retitled{n}x"
        start = bibtext.index("title = {", bibtext.index(key)) + len("title = {")
        yield "refs.bib", bib, bibtext[:start] + mark + " " + bibtext[start:], mark


def shows(page, text: str, log: Path, timeout: float = 120) -> None:
    """Wait until the page shows ``text``; the page may reload while it is looked at."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            page.wait_for_function(
                f"() => document.body && document.body.textContent.includes({text!r})",
                timeout=max(1, (deadline - time.monotonic()) * 1000),
            )
            return
        except Exception as err:
            if "context was destroyed" not in str(err) or time.monotonic() > deadline:
                tail = log.read_text(encoding="utf-8")[-3000:]
                raise SystemExit(f"{err}\n{tail}") from None


def measure(n: int, count: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = generate(Path(tmp) / "site", n)
        key = sorted(p.stem for p in (site / "reviews").glob("*.md"))[n // 2]
        port = free_port()
        start = time.perf_counter()
        log = Path(tmp) / "live.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [sys.executable, "-m", "paper_reviews.live", str(site),
                 str(site / "_build/html"), "-d", str(site / "_build/doctrees"),
                 "--port", str(port)],
                stdout=subprocess.DEVNULL, stderr=out,
            )  # fmt: skip
        try:
            while "serving on" not in log.read_text(encoding="utf-8"):
                if server.poll() is not None:
                    raise SystemExit(log.read_text(encoding="utf-8")[-3000:])
                time.sleep(0.1)
            first = time.perf_counter() - start
            times: dict[str, list[float]] = {"first build": [first]}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/reviews/{key}.html")
                page.wait_for_timeout(1000)
                for _, (kind, path, text, shown) in zip(
                    range(count), edits(site, key), strict=False
                ):
                    began = time.perf_counter()
                    path.write_text(text, encoding="utf-8")
                    shows(page, shown, log)
                    times.setdefault(kind, []).append(time.perf_counter() - began)
                browser.close()
            return times
        finally:
            server.terminate()
            server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[10, 1000])
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    print("| reviews | first build (s) | kind | median (s) | slowest (s) |")
    print("|---:|---:|---|---:|---:|")
    for n in args.sizes:
        times = measure(n, args.edits)
        first = times.pop("first build")[0]
        every = [t for kind in times.values() for t in kind]
        rows = [*times.items(), ("all", every)]
        for kind, values in rows:
            print(f"| {n:,} | {first:.1f} | {kind} | {statistics.median(values):.2f} | "
                  f"{max(values):.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
