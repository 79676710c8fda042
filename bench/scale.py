"""How the site's build grows with the number of reviews, beside the same pages without the
extension.

    .venv/bin/python bench/scale.py                    # N = 100, 1,000 and 10,000
    .venv/bin/python bench/scale.py 100 1000 --pdf     # also the PDF (xelatex), these N
    .venv/bin/python bench/scale.py 10000 --keep=/tmp/scale   # keep the generated sites
    .venv/bin/python bench/scale.py 100 1000 --repeat=3  # best of three full builds
    .venv/bin/python bench/scale.py 1000 --steps instructions  # callgrind's counts only

For each N it generates a site of N reviews (bench/sitegen.py: Korean and English bodies,
math, citations of the paper and of another review, a link to another review, so that
every card and References entry lists the reviews citing it; 1–3 of 20 tags, one draft in
40, a refs.bib of N entries) and times, each build in a fresh process:

* the full HTML build with ``-j 1`` and with ``-j 2``;
* a build with nothing changed, and a build after one paragraph is added to one review's
  body (the pages each re-read and rewrote are listed in the log); the no-change build of
  the "fixes" site below is Sphinx's own floor;
* the peak memory (largest resident set of the build's processes) and the CPU time (user
  and system, with the processes the build starts) of each build;
* with ``--pdf``, the PDF: Sphinx's LaTeX builder, then latexmk with xelatex;
* only when asked for (``--steps instructions``), the instructions that the full ``-j 1``
  HTML build of ours and of fixes executes, counted by Valgrind's callgrind: the one figure
  that a busy machine does not change. The two builds run side by side, one per core;
  about fifteen minutes at 1,000 reviews and two and a half hours at 10,000, with a line
  every two minutes on how many pages each build has read and written. The Korean
  analyser's process is not counted (at 10,000 reviews it works for about 7 s of CPU time,
  on the other core, while the build reads);
* the same pages and configuration without the ``paper_reviews`` extension ("plain": a
  one-line stand-in keeps its ``{paper}`` role and ``{paper-table}`` directive from
  failing, and sphinxcontrib-bibtex uses its own styles), and the same again with only the
  extension's fixes to Sphinx and sphinxcontrib-bibtex ("fixes"): ours against fixes is
  what the cards, the overview and Korean search cost.

It prints a Markdown table: seconds, milliseconds per review, that figure over the one at
the smallest N (1.00 = linear growth), and the extension's share of the full build.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sitegen import generate

BIN = Path(sys.executable).parent
SPHINX = [str(BIN / "sphinx-build"), "-b"]
#: Appended to the plain site's conf.py: the site without the extension.
PLAIN_CONF = """
# -- Without the paper_reviews extension (bench/scale.py) ---------------------------------
extensions = [name for name in extensions if name != "paper_reviews"]
bibtex_default_style = "unsrt"
bibtex_reference_style = "author_year"


def stand_ins(app):
    from docutils import nodes
    from docutils.parsers.rst import Directive

    class Nothing(Directive):
        def run(self):
            return []

    app.add_role("paper", lambda name, raw, text, *args, **kw: ([nodes.literal(raw, text)], []))
    app.add_directive("paper-table", Nothing)


def setup(app):
    stand_ins(app)
"""
#: Appended to the "fixes" site's conf.py: no extension, but the extension's fixes to
#: Sphinx and sphinxcontrib-bibtex that keep builds linear, to tell the cost of what the
#: extension adds (cards, overview, Korean search) from the time those fixes save.
FIXES_CONF = (
    PLAIN_CONF
    + """

def setup(app):
    from paper_reviews.sphinx.extension import PATCHES

    stand_ins(app)
    for patch in PATCHES:
        app.setup_extension(patch)
"""
)
PROGRESS = re.compile(r"^(reading sources|writing output)\.\.\. \[\s*\d+%\] (\S+)")


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float = 0.0  # user + system seconds, with the processes the build started
    read: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


#: Full builds are run this many times, taking turns between the sites, and the fastest
#: kept (--repeat): on a shared machine a single run varies by about ten per cent, and a
#: slow spell then slows every site alike.
REPEAT = 1
#: The steps to run (--steps), all when empty.
STEPS: set[str] = set()
#: Every full build's seconds, by N and step, in turn order.
TURNS: dict[tuple[int, str], list[float]] = {}
#: Instructions executed by each site's full build, by N (the "instructions" step).
INSTRUCTIONS: dict[int, dict[str, int]] = {}


def failed(command: list[str], log: Path) -> SystemExit:
    """The error for a command that failed: the command and the end of its log."""
    return SystemExit(f"failed: {' '.join(command)}\n{log.read_text()[-3000:]}")


def run(command: list[str], log: Path, env: dict[str, str] | None = None) -> Run:
    """Run one build in a fresh process; its time, peak memory and the pages it touched."""
    start = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise failed(command, log)
    result = Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)
    for line in log.read_text().splitlines():
        match = PROGRESS.match(line)
        if match:
            (result.read if match[1].startswith("reading") else result.written).append(match[2])
    return result


def html_command(site: Path, jobs: int) -> list[str]:
    """The command that builds the site's HTML."""
    return [*SPHINX, "html", "-j", str(jobs), str(site), str(site / "_build/html")]


def html(site: Path, jobs: int, log: Path) -> Run:
    return run(html_command(site, jobs), log)


def full_html(site: Path, jobs: int, log: Path) -> Run:
    """A build from nothing."""
    shutil.rmtree(site / "_build", ignore_errors=True)
    return html(site, jobs, log)


def instructions(sites: dict[str, Path], logs: Path) -> dict[str, int]:
    """The instructions each site's full ``-j 1`` HTML build executes, counted by callgrind.
    The builds run side by side (the counts do not depend on it), with a fixed hash seed so
    that a site counts the same from run to run."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("counting instructions needs Valgrind (Debian: apt-get install valgrind)")
    env = dict(os.environ, PYTHONHASHSEED="0")
    running = {}
    for name, site in sites.items():
        shutil.rmtree(site / "_build", ignore_errors=True)
        log = logs / f"{name}-callgrind.log"
        command = [
            valgrind,
            "--tool=callgrind",
            f"--callgrind-out-file={logs / name}.callgrind",
            sys.executable,
            *html_command(site, 1),
            "-q",
        ]
        with log.open("w") as out:
            process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        running[name] = (process, log, command)
    return _wait_for_counts(running, sites)


#: How often the instruction count says how far each build has got, in seconds.
PROGRESS_EVERY = 120


def _wait_for_counts(
    running: dict[str, tuple[subprocess.Popen[bytes], Path, list[str]]], sites: dict[str, Path]
) -> dict[str, int]:
    """Each build's count, saying every so often how far the builds have got; all are
    stopped as soon as one fails, not left counting for a table that will not be printed."""
    sources = {name: sum(1 for _ in site.glob("**/*.md")) for name, site in sites.items()}
    start, shown = time.monotonic(), 0
    counts: dict[str, int] = {}
    while True:
        for name, (process, log, command) in running.items():
            if name in counts or process.poll() is None:
                continue
            found = re.search(r"refs:\s+([\d,]+)", log.read_text())
            if process.returncode != 0 or found is None:
                for other, *_ in running.values():
                    other.kill()
                raise failed(command, log)
            counts[name] = int(found[1].replace(",", ""))
        if len(counts) == len(running):
            return counts
        time.sleep(1)
        if time.monotonic() - start >= (shown + 1) * PROGRESS_EVERY:
            shown += 1
            states = (
                f"{name} done" if name in counts else f"{name} {_pages_done(site, sources[name])}"
                for name, site in sites.items()
            )
            print(f"    {shown * PROGRESS_EVERY // 60} min: {'; '.join(states)}", flush=True)


def _pages_done(site: Path, sources: int) -> str:
    """How many of its pages a site's HTML build has read and written so far."""
    out = site / "_build/html"
    read = sum(1 for _ in out.glob(".doctrees/**/*.doctree"))
    # Not Sphinx's own pages (the index, search), written at the end.
    written = min(sum(1 for _ in out.glob("**/*.html")), sources)
    return f"read {read:,} and written {written:,} of {sources:,} pages"


def pdf(site: Path, log: Path) -> tuple[Run, Run]:
    latex = run([*SPHINX, "latex", str(site), str(site / "_build/latex")], log)
    env = dict(
        os.environ,
        LATEXMKOPTS="-interaction=nonstopmode -halt-on-error",
        # As make latexpdf does: the outline of 10,000 chapters needs more than TeX's default.
        extra_mem_bot="40000000",
        extra_mem_top="40000000",
    )
    make = ["make", "-C", str(site / "_build/latex"), "all-pdf"]
    tex = run(make, log.with_suffix(".tex.log"), env)
    return latex, tex


def measure(n: int, work: Path, with_pdf: bool, with_pdf_baseline: bool) -> dict[str, Run]:
    ours = generate(work / "ours", n)
    plain, fixes = work / "plain", work / "fixes"
    for site, extra in ((plain, PLAIN_CONF), (fixes, FIXES_CONF)):
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(ours, site)
        with (site / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write(extra)
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    runs: dict[str, Run] = {}

    def step(name: str, measure_it: Callable[[], Run]) -> None:
        if STEPS and name not in STEPS:
            return
        print(f"  N={n:,}: {name} ...", end="", flush=True)
        runs[name] = measure_it()
        print(f" {runs[name].seconds:.1f} s", flush=True)

    # Full builds first (a run stopped early has the most telling figures), taking turns
    # between the sites REPEAT times, every other turn in reverse order (so a machine that
    # slows down or speeds up during the run favours no site); the fastest of each is kept.
    full = [
        (name, site, jobs)
        for name, site, jobs in (
            ("ours -j1", ours, 1),
            ("fixes -j1", fixes, 1),
            ("ours -j2", ours, 2),
            ("plain -j1", plain, 1),
            ("plain -j2", plain, 2),
        )
        if not STEPS or name in STEPS
    ]
    for turn in range(REPEAT):
        for name, site, jobs in full if turn % 2 == 0 else full[::-1]:
            label = name.replace(" ", "")
            print(f"  N={n:,}: {name} ({turn + 1} of {REPEAT}) ...", end="", flush=True)
            result = full_html(site, jobs, logs / f"{label}.log")
            print(f" {result.seconds:.1f} s", flush=True)
            if name not in runs or result.seconds < runs[name].seconds:
                runs[name] = result
            TURNS.setdefault((n, name), []).append(result.seconds)

    def built(site: Path) -> Path:
        """The site, built if no full build above left it built (untimed)."""
        if not (site / "_build/html").exists():
            html(site, 1, logs / "setup.log")
        return site

    if not STEPS or STEPS & {"no change", "one edit"}:
        built(ours)  # before the edit below
    step("no change", lambda: html(ours, 1, logs / "nochange.log"))
    review = sorted((ours / "reviews").iterdir())[n // 2]
    text = review.read_text(encoding="utf-8")
    review.write_text(text + "\n덧붙임: 다시 읽어 보니 실험 설정이 더 궁금해졌다.\n", "utf-8")
    step("one edit", lambda: html(ours, 1, logs / "edit.log"))
    review.write_text(text, encoding="utf-8")  # the same pages as the other sites again
    step("fixes no change", lambda: html(built(fixes), 1, logs / "fixes-nochange.log"))
    if "instructions" in STEPS:
        print(f"  N={n:,}: instructions (callgrind, ours and fixes side by side) ...", flush=True)
        INSTRUCTIONS[n] = instructions({"ours": ours, "fixes": fixes}, logs)
    if with_pdf and (not STEPS or "pdf" in STEPS):
        for site, label in ((ours, "ours"), (fixes, "fixes"))[: 1 + with_pdf_baseline]:
            latex, tex = pdf(site, logs / f"{label}-latex.log")
            runs[f"{label} latex"], runs[f"{label} xelatex"] = latex, tex
            print(f"  N={n:,}: {label} PDF: {latex.seconds:.1f} s + {tex.seconds:.1f} s (xelatex)")
    return runs


def share(runs: dict[str, Run], name: str, base: str) -> str:
    other = name.replace("ours", base)
    if not name.startswith("ours") or other not in runs:
        return ""
    return f"{runs[name].seconds / runs[other].seconds - 1:+.1%}"


def paired() -> str:
    """Ours over each baseline turn by turn, and the median: the two builds of a turn ran
    minutes apart, so a slow spell of the machine weighs on both."""
    lines = []
    for (n, name), ours in TURNS.items():
        if not name.startswith("ours"):
            continue
        for base in ("fixes", "plain"):
            other = TURNS.get((n, name.replace("ours", base)))
            if not other:
                continue
            ratios = [a / b - 1 for a, b in zip(ours, other, strict=False)]
            each = ", ".join(f"{r:+.1%}" for r in ratios)
            lines.append(
                f"N={n:,}, {name} over {base}, turn by turn: {each}; "
                f"median {statistics.median(ratios):+.1%}"
            )
    return "\n".join(lines)


def counted() -> str:
    """The instruction counts, with ours over fixes."""
    lines = [
        "| reviews | ours, instructions | fixes | ours over fixes | ours, per review |",
        "|---:|---:|---:|---:|---:|",
    ]
    for n, counts in INSTRUCTIONS.items():
        ours, fixes = counts["ours"], counts["fixes"]
        lines.append(
            f"| {n:,} | {ours / 1e9:.2f} G | {fixes / 1e9:.2f} G | {ours / fixes - 1:+.2%} "
            f"| {(ours - fixes) / n / 1e6:.2f} M over fixes |"
        )
    return "\n".join(lines)


def table(results: dict[int, dict[str, Run]]) -> str:
    smallest = min(results)
    lines = [
        "| reviews | build | seconds | ms per review | × per review at "
        f"{smallest:,} | vs plain | vs fixes | CPU s | peak MB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, runs in results.items():
        for name, r in runs.items():
            per = r.seconds / n * 1000
            first = results[smallest].get(name)
            growth = f"{per / (first.seconds / smallest * 1000):.2f}" if first else ""
            lines.append(
                f"| {n:,} | {name} | {r.seconds:.1f} | {per:.1f} | {growth} "
                f"| {share(runs, name, 'plain')} | {share(runs, name, 'fixes')} "
                f"| {r.cpu:.1f} | {r.peak_mb:.0f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--pdf", action="store_true", help="also build the PDF")
    parser.add_argument(
        "--pdf-baseline", action="store_true", help="and the PDF without the extension"
    )
    parser.add_argument("--keep", type=Path, help="generate the sites here and keep them")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each full build this many times, keep the best"
    )
    parser.add_argument(
        "--steps",
        default="",
        help='only these, comma-separated: "ours -j1", "no change", "one edit", "ours -j2", '
        '"fixes -j1", "fixes no change", "pdf", "plain -j1", "plain -j2"; and '
        '"instructions" (callgrind), which runs only when named here',
    )
    args = parser.parse_args()
    global REPEAT, STEPS
    REPEAT = args.repeat
    STEPS = {name.strip() for name in args.steps.split(",") if name.strip()}
    work = args.keep or Path(tempfile.mkdtemp(prefix="paper-reviews-scale-"))
    results = {}
    try:
        for n in args.sizes:
            results[n] = measure(n, work / str(n), args.pdf, args.pdf_baseline)
            edit = results[n].get("one edit")
            if edit:
                print(f"  N={n:,}: the edit re-read {edit.read} and rewrote {edit.written}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if any(results.values()):
        print()
        print(table(results))
    if INSTRUCTIONS:
        print()
        print(counted())
    if REPEAT > 1:
        print()
        print(paired())


if __name__ == "__main__":
    main()
