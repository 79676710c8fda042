"""The overview at scale in headless Chromium: one sort and one filter keystroke.

    .venv/bin/python bench/browser_speed.py 5000 [--site=DIR]

With --site=DIR the generated site and its HTML build are kept in DIR and reused on the
next run (only the extension's static files are copied again), to measure script changes
without rebuilding.

Builds a generated site of N reviews (bench/sitegen.py), serves it on 127.0.0.1, and in
Debian's headless Chromium measures, inside the page, the time from the event to the end
of the style and layout work it causes: a click on a column header (sort) and one
keystroke in the search box (filter). Reports the median of 7 runs and the page's weight.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, serve
from sitegen import generate

MEASURE = """async ([selector, action]) => {
  const el = document.querySelector(selector);
  const start = performance.now();
  if (action === 'click') el.click();
  else { el.value = action; el.dispatchEvent(new Event('input', {bubbles: true})); }
  document.body.offsetHeight;  // style and layout of the change
  return performance.now() - start;
}"""


def build(work: Path, n: int) -> Path:
    """The HTML build of a generated site of ``n`` reviews in ``work`` (reused if there)."""
    out = work / "html"
    if (out / "index.html").exists():
        static = Path(__file__).parents[1] / "_ext" / "paper_reviews" / "sphinx" / "static"
        for path in static.iterdir():
            shutil.copy(path, out / "_static" / path.name)
        return out
    site = generate(work / "site", n)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(site), str(out)], check=True
    )
    print(f"built {n:,} reviews in {time.perf_counter() - start:.0f} s")
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--site")]
    n = int(args[0]) if args else 5000
    keep = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--site=")), None)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        out = build(Path(keep) if keep else Path(tmp), n)
        index = out / "index.html"
        with serve(out) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + "index.html", timeout=120_000)
            rows = page.locator(".paper-groups tbody tr").count()
            sorts, filters = [], []
            for i in range(7):
                column = ("title", "rating")[i % 2]
                sorts.append(
                    page.evaluate(MEASURE, [f'th[data-column="{column}"] button', "click"])
                )
                filters.append(
                    page.evaluate(MEASURE, ["input.paper-search", "정규화"[: 1 + i % 3]])
                )
            browser.close()
        size = index.stat().st_size
        print("| reviews | rows | sort (ms) | filter keystroke (ms) | index.html | per row |")
        print("|---:|---:|---:|---:|---:|---:|")
        print(
            f"| {n:,} | {rows:,} | {statistics.median(sorts):.0f} | "
            f"{statistics.median(filters):.0f} | {size / 1e6:.1f} MB | {size / rows / 1e3:.2f} kB |"
        )


if __name__ == "__main__":
    main()
