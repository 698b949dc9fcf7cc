"""`create_app(settings)`: the ekbom web app (pages, the JSON API, the CDS Hooks service)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from functools import partial
from pathlib import Path
from typing import NamedTuple

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ekbom import presenter
from ekbom.__about__ import __version__
from ekbom.interop.cds.app import cds_router
from ekbom.interop.cds.service import CdsHooks
from ekbom.interop.json_body import BodyLimit
from ekbom.knowledge.caffeine_drinks import load_caffeine_drinks
from ekbom.knowledge.loader import load_knowledge
from ekbom.knowledge.questionnaire_words import load_questionnaire_words
from ekbom.presenter import number
from ekbom.store.settings import StoreSettings, store_settings
from ekbom.web import csrf
from ekbom.web.diaries import WebData
from ekbom.web.errors import install_error_handlers
from ekbom.web.field_names import field_name
from ekbom.web.routes import (
    account_pages,
    api,
    api_diary,
    api_docs,
    diary_fragments,
    diary_pages,
    pages,
    questionnaire_rows,
)
from ekbom.web.word_fill import fill

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class WebSettings(NamedTuple):
    """How the web app runs: its store, and whether it is served over HTTPS (Secure cookies)."""

    store: StoreSettings
    https: bool = False


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The web app. Nothing is opened until a request needs it."""
    chosen = settings or WebSettings(store_settings())
    data = WebData(chosen.store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        data.close()

    app = FastAPI(
        title="ekbom", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan
    )
    app.state.settings = chosen
    app.state.data = data
    app.state.knowledge = load_knowledge()
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.state.templates.env.filters["number"] = number
    app.state.templates.env.filters["fill"] = fill
    app.state.templates.env.globals["caffeine_drinks"] = load_caffeine_drinks().drinks
    app.state.templates.env.globals["qw"] = load_questionnaire_words()
    app.state.templates.env.globals["p"] = presenter  # labels every channel shares (text.yaml)
    app.state.templates.env.globals["field_name"] = partial(
        field_name, knowledge=app.state.knowledge
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_error_handlers(app)
    csrf.install(app, secure=chosen.https)
    # The JSON API first: routes are tried in order, and an API call, the busiest kind of
    # request, then skips the pages' routes (no path is in two routers, so the order changes no
    # answer; the pages are not in the OpenAPI schema, so it keeps its order too).
    app.include_router(api.router)
    app.include_router(api_diary.router)
    app.include_router(api_docs.router)
    app.include_router(cds_router(CdsHooks(None, date.today)), tags=["cds-hooks"])
    app.include_router(pages.router)
    app.include_router(questionnaire_rows.router)
    app.include_router(account_pages.router)
    app.include_router(diary_fragments.router)
    app.include_router(diary_pages.router)

    app.add_middleware(_SecurityHeaders)
    app.add_middleware(BodyLimit)  # outermost: no route reads more than MAX_BODY bytes
    return app


class _SecurityHeaders:
    """Adds SECURITY_HEADERS to every response that does not set them itself (plain ASGI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    headers.setdefault(key, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
