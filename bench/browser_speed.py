"""The overview at scale in headless Chromium: one sort and one filter keystroke.

    .venv/bin/python bench/browser_speed.py 5000

Builds a generated site of N reviews (bench/sitegen.py), serves it on 127.0.0.1, and in
Debian's headless Chromium measures, inside the page, the time from the event to the end
of the style and layout work it causes: a click on a column header (sort) and one
keystroke in the search box (filter). Reports the median of 7 runs and the page's weight.
"""

from __future__ import annotations

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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = generate(Path(tmp) / "site", n)
        out = Path(tmp) / "html"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(site), str(out)], check=True
        )
        print(f"built {n:,} reviews in {time.perf_counter() - start:.0f} s")
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
