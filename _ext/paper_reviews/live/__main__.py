"""``python -m paper_reviews.live SOURCEDIR OUTDIR``: build the site, serve it on
127.0.0.1, and rebuild and reload on every save (``make live``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import uvicorn
from sphinx_autobuild.filter import IgnoreFilter

from paper_reviews.live.builder import Outcome, WarmBuilder
from paper_reviews.live.server import IGNORED, LiveServer, make_app


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m paper_reviews.live", description=__doc__)
    parser.add_argument("sourcedir", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument(
        "-d", dest="doctreedir", type=Path, help="doctrees (default: OUTDIR/.doctrees)"
    )
    parser.add_argument("-b", dest="builder", default="html")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--watch", type=Path, action="append", default=[], help="another folder to watch"
    )
    args, ignored = parser.parse_known_args(argv)
    if ignored:
        # sphinx-build's options (-W, --keep-going, -q): warnings are shown, never fatal.
        print(f"paper_reviews.live: ignoring {' '.join(ignored)}", file=sys.stderr)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    srcdir, outdir = args.sourcedir.resolve(), args.outdir.resolve()
    doctreedir = (args.doctreedir or outdir / ".doctrees").resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    builder = WarmBuilder(
        srcdir, outdir, doctreedir, args.builder, status=sys.stdout, warning=sys.stderr
    )
    ignore = IgnoreFilter([*(srcdir / name for name in IGNORED), outdir, doctreedir], [])

    def ready(first: Outcome) -> None:
        url = f"http://{args.host}:{args.port}/"
        print(f"paper_reviews.live: built in {first.seconds:.1f} s; serving on {url} "
              "(Ctrl+C stops)", file=sys.stderr, flush=True)  # fmt: skip

    server = LiveServer([srcdir, *args.watch], ignore, builder, ready)
    uvicorn.run(make_app(server, outdir), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
