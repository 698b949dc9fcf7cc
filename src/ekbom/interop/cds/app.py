"""The CDS Hooks HTTP endpoints (FastAPI): `cds_router()` to mount in a web app, and
`create_cds_app()` to serve them on their own (`ekbom serve --cds-only`).

    GET  /cds-services                 discovery
    POST /cds-services/{id}            a hook call -> {"cards": [...]}
    POST /cds-services/{id}/feedback   the client's feedback on cards

Errors answer with the JSON error body `{"ok": false, "error": …, "errors": […], "status": N}`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response

from ekbom.__about__ import __version__
from ekbom.errors import CdsHooksError, Problem
from ekbom.interop.cds.service import CdsHooks
from ekbom.interop.codings import Vocabulary
from ekbom.interop.error_body import declared
from ekbom.interop.json_body import MAX_BODY, BadBody, BodyLimit, BodyTooLarge, parse_json


def error_response(error: CdsHooksError) -> JSONResponse:
    """The one JSON error body of ekbom's HTTP endpoints."""
    body = {
        "ok": False,
        "error": str(error),
        "errors": [{"location": p.location, "message": p.message} for p in error.problems],
        "status": error.status,
    }
    return JSONResponse(body, status_code=error.status)


async def _json_body(request: Request) -> Any:
    """The JSON body (BodyLimit stops reading it at MAX_BODY bytes); CdsHooksError 400 when it
    is not UTF-8 JSON ekbom can keep, 413 when it is too large."""
    try:
        raw = await request.body()
    except BodyTooLarge as exc:
        raise CdsHooksError(413, [Problem("body", f"is larger than {MAX_BODY} bytes")]) from exc
    try:
        return parse_json(raw)
    except BadBody as exc:
        raise CdsHooksError(400, exc.problems) from exc


def cds_router(hooks: CdsHooks) -> APIRouter:
    """The three CDS Hooks endpoints over `hooks`."""
    router = APIRouter()

    @router.get("/cds-services")
    def discovery() -> JSONResponse:
        return JSONResponse(hooks.discovery())

    @router.post("/cds-services/{service_id}", responses=declared(400, 404, 412, 413, 422))
    async def call(service_id: str, request: Request) -> Response:
        try:
            return JSONResponse(hooks.call(service_id, await _json_body(request)))
        except CdsHooksError as error:
            return error_response(error)

    @router.post("/cds-services/{service_id}/feedback", responses=declared(400, 404, 413, 422))
    async def feedback(service_id: str, request: Request) -> Response:
        try:
            hooks.feedback(service_id, await _json_body(request))
        except CdsHooksError as error:
            return error_response(error)
        return Response(status_code=200)

    return router


def create_cds_app(
    vocab: Vocabulary | None = None, today: Callable[[], date] = date.today
) -> FastAPI:
    """A FastAPI app serving only the CDS Hooks endpoints (CORS open: the spec's sandbox and
    other browser clients call services from another origin; no cookies are used)."""
    hooks = CdsHooks(vocab, today)
    app = FastAPI(title="ekbom CDS Hooks", version=__version__, docs_url=None, redoc_url=None)
    app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"]
    )
    app.add_middleware(BodyLimit)
    app.include_router(cds_router(hooks))
    app.state.cds_hooks = hooks
    return app


@contextmanager
def serve_in_thread(app: FastAPI, host: str = "127.0.0.1") -> Iterator[str]:
    """Run `app` under uvicorn on a free port of `host` in a background thread; yield its base
    URL and stop the server on exit (for tests, benchmarks and embedding)."""
    import uvicorn

    # IPPROTO_TCP explicitly: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets
    # whose protocol says TCP; with the default 0 every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind((host, 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
