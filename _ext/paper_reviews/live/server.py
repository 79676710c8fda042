"""The live server: sphinx-autobuild's pieces (its file filter, static files through
Starlette, a script injected into every HTML page) around one :class:`.WarmBuilder` that
builds in one thread of this process, so that what it keeps stays warm.

The injected script keeps a WebSocket open. After each build the server sends every page
what happened: the pages written (a page reloads itself only if it is one of them) and the
build's warnings, which the page shows in a banner until a build without warnings."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Sequence
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
      else show(state.warnings);
    };
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

    def __init__(self, paths: Sequence[Path], ignore: IgnoreFilter, builder: WarmBuilder):
        self.paths = [path.resolve() for path in paths]
        self.ignore = ignore
        self.builder = builder
        # Every build in one thread: Sphinx is not thread-safe, and what it keeps is warm.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sphinx")
        self.pages: set[WebSocket] = set()
        self.last = Outcome()

    async def build(self, changed: Sequence[Path] = ()) -> Outcome:
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(self.worker, self.builder.build, list(changed))
        self.last = outcome
        state = self.state(outcome, reload=True)
        for page in list(self.pages):
            try:
                await page.send_text(state)
            except Exception:
                self.pages.discard(page)
        return outcome

    @staticmethod
    def state(outcome: Outcome, reload: bool) -> str:
        return json.dumps(
            {"reload": reload, "pages": outcome.pages, "warnings": outcome.warnings},
            ensure_ascii=False,
        )

    async def watch(self) -> None:
        async for changes in watchfiles.awatch(
            *self.paths, watch_filter=lambda _, path: not self.ignore(path), step=20
        ):
            changed = sorted({Path(path) for _, path in changes})
            shown = ", ".join(_relative(path, self.paths) for path in changed[:5])
            print(f"paper_reviews.live: {shown}{' …' if len(changed) > 5 else ''} changed",
                  file=sys.stderr, flush=True)  # fmt: skip
            await self.build(changed)

    @asynccontextmanager
    async def lifespan(self, _: Any) -> Any:
        task = asyncio.create_task(self.watch())
        try:
            yield
        finally:
            task.cancel()
            self.worker.shutdown(wait=True)
            self.builder.close()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        page = WebSocket(scope, receive, send)
        await page.accept()
        self.pages.add(page)
        try:
            await page.send_text(self.state(self.last, reload=False))
            async for _ in page.iter_text():
                pass
        except WebSocketDisconnect:
            pass
        finally:
            self.pages.discard(page)


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
