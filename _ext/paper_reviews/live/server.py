"""The live server: sphinx-autobuild's pieces (its file filter, static files through
Starlette, a script injected into every HTML page) around one :class:`.WarmBuilder` that
builds in one thread of this process, so that what it keeps stays warm.

The injected script keeps a WebSocket open and names its page. The pages open in the
browser are written first, and each page is told as soon as it is written, so it reloads
itself while the build goes on; after the build every page is told the rest: the other
pages written (a page reloads itself only if it is one of them) and the build's warnings,
which the page shows in a banner until a build without warnings. What no page shows
(:mod:`.deferred`) is done when the writer pauses."""

from __future__ import annotations

import asyncio
import functools
import json
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import watchfiles
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from paper_reviews.live.builder import Outcome, WarmBuilder

#: Folders never watched (besides the output and the doctrees).
IGNORED = (".git", ".venv", ".venv-newest", "node_modules", ".mypy_cache", ".ruff_cache",
           ".pytest_cache", ".hypothesis", "__pycache__", "_build", "build")  # fmt: skip

#: Quiet this long (s) after a build, the pages no browser shows, the search index and the
#: inventory are written.
PAUSE = 1.0
#: Said when the output is what a fresh build writes, nothing left for a pause (the tests
#: wait for it).
SETTLED = json.dumps({"settled": True})
#: Quiet this long (s), the environment is saved and memory collected.
LONG_PAUSE = 5.0

SCRIPT = """
<script>
(() => {
  "use strict";
  let path = decodeURIComponent(location.pathname).replace(/^\\/+/, "");
  if (path === "" || path.endsWith("/")) path += "index.html";
  let banner = null;
  function show(warnings) {
    if (banner) banner.remove();
    banner = null;
    if (!warnings.length) return;
    banner = document.createElement("div");
    banner.id = "paper-live-warnings";
    banner.setAttribute("role", "status");
    banner.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:9999;" +
      "max-height:40vh;overflow:auto;margin:0;padding:.6em 1em;background:#7a1f1f;" +
      "color:#fff;font:13px/1.4 monospace;white-space:pre-wrap";
    banner.textContent = warnings.join("\\n");
    document.body.append(banner);
  }
  function connect() {
    const socket = new WebSocket(`ws://${location.host}/websocket-reload`);
    socket.onmessage = (event) => {
      const state = JSON.parse(event.data);
      if (state.reload && state.pages.includes(path)) location.reload();
      else if (state.warnings) show(state.warnings);
    };
    socket.onopen = () => socket.send(JSON.stringify({ page: path }));
    socket.onclose = () => setTimeout(connect, 500);
  }
  connect();
})();
</script>
"""


class Injector(JavascriptInjectorMiddleware):
    """sphinx-autobuild's injector, with this server's script."""

    def __init__(self, app: Any, **_: Any) -> None:
        super().__init__(app, ws_url="")
        self.script = SCRIPT.encode("utf-8")


class LiveServer:
    """Watches ``paths``, builds after each change, and tells every open page."""

    def __init__(
        self,
        paths: Sequence[Path],
        ignore: IgnoreFilter,
        builder: WarmBuilder,
        ready: Callable[[Outcome], None] | None = None,
    ):
        self.paths = [path.resolve() for path in paths]
        self.ignore = ignore
        self.builder = builder
        #: Told the first build's outcome, before the server takes requests.
        self.ready = ready
        # Every build in one thread: Sphinx is not thread-safe, and what it keeps is warm.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sphinx")
        #: Each open page, and its path in the output folder.
        self.pages: dict[WebSocket, str] = {}
        self.last = Outcome()
        #: The changes the next build takes; set when there are any, for the event loop
        #: (``arrived``) and for the builder's thread (``changes_waiting``).
        self.changes: set[tuple[Any, str]] = set()
        self.arrived = asyncio.Event()
        self.changes_waiting = threading.Event()

    async def build(self, changed: Sequence[Path] = ()) -> Outcome:
        loop = asyncio.get_running_loop()
        told: list[str] = []

        def written(page: str) -> None:  # in the builder's thread
            told.append(page)
            asyncio.run_coroutine_threadsafe(self.tell(self.state([page])), loop)

        build = functools.partial(
            self.builder.build, list(changed), first=set(self.pages.values()), on_page=written
        )
        outcome = await loop.run_in_executor(self.worker, build)
        self.last = outcome
        rest = [page for page in outcome.pages if page not in told]
        await self.tell(self.state(rest, outcome.warnings))
        if not self.builder.owed:
            await self.tell(SETTLED)
        return outcome

    async def idle(self, everything: bool) -> None:
        loop = asyncio.get_running_loop()
        work = functools.partial(
            self.builder.idle, everything=everything, stop=self.changes_waiting.is_set
        )
        outcome = await loop.run_in_executor(self.worker, work)
        if outcome is None:
            return
        if outcome.pages or outcome.warnings:
            self.last.warnings += outcome.warnings
            await self.tell(self.state(outcome.pages, self.last.warnings))
        if outcome.settled:
            await self.tell(SETTLED)

    async def tell(self, text: str) -> None:
        for page in list(self.pages):
            try:
                await page.send_text(text)
            except Exception:
                self.pages.pop(page, None)

    @staticmethod
    def state(pages: list[str], warnings: list[str] | None = None, reload: bool = True) -> str:
        """What the pages are told: which were written (and reload if they are open), and
        the warnings to show (none said: the banner stays as it is)."""
        said: dict[str, Any] = {"reload": reload, "pages": pages}
        if warnings is not None:
            said["warnings"] = warnings
        return json.dumps(said, ensure_ascii=False)

    async def watch(self) -> None:
        """Build after each change; in the pauses between, do what the builds left."""
        quiet_since = time.monotonic()
        while True:
            if not self.changes:
                try:
                    # Waiting on an event, not on a queue: a wait cut short by its
                    # timeout loses nothing.
                    await asyncio.wait_for(self.arrived.wait(), PAUSE)
                except TimeoutError:
                    await self.idle(everything=time.monotonic() - quiet_since >= LONG_PAUSE)
                    continue
            changes, self.changes = self.changes, set()
            self.arrived.clear()
            self.changes_waiting.clear()
            changed = sorted({Path(path) for _, path in changes})
            shown = ", ".join(_relative(path, self.paths) for path in changed[:5])
            print(f"paper_reviews.live: {shown}{' …' if len(changed) > 5 else ''} changed",
                  file=sys.stderr, flush=True)  # fmt: skip
            await self.build(changed)
            quiet_since = time.monotonic()

    async def listen(self) -> None:
        async for changes in watchfiles.awatch(
            *self.paths, watch_filter=lambda _, path: not self.ignore(path), step=20
        ):
            self.changes |= changes
            self.arrived.set()
            self.changes_waiting.set()

    @asynccontextmanager
    async def lifespan(self, _: Any) -> Any:
        # Watching before the first build: a save while it runs is built next.
        listening = asyncio.create_task(self.listen())
        await asyncio.sleep(0.05)
        print("paper_reviews.live: first build", file=sys.stderr, flush=True)
        first = await self.build()
        if self.ready is not None:
            self.ready(first)
        task = asyncio.create_task(self.watch())
        try:
            yield
        finally:
            task.cancel()
            listening.cancel()
            self.worker.shutdown(wait=True)
            self.builder.close()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        page = WebSocket(scope, receive, send)
        await page.accept()
        self.pages[page] = ""
        try:
            await page.send_text(self.state(self.last.pages, self.last.warnings, reload=False))
            async for text in page.iter_text():
                try:
                    said = json.loads(text)
                except ValueError:
                    continue
                if isinstance(said, dict) and isinstance(said.get("page"), str):
                    self.pages[page] = said["page"][:1000]
        except WebSocketDisconnect:
            pass
        finally:
            self.pages.pop(page, None)


def _relative(path: Path, roots: Sequence[Path]) -> str:
    for root in roots:
        if root in path.parents:
            return path.relative_to(root).as_posix()
    return str(path)


def make_app(server: LiveServer, outdir: Path) -> Starlette:
    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", server, name="reload"),
            Mount("/", app=StaticFiles(directory=outdir, html=True), name="static"),
        ],
        middleware=[Middleware(Injector)],  # type: ignore[arg-type]
        lifespan=server.lifespan,
    )
