"""`create_app(settings)`: the agent console as a FastAPI app (API, WebSocket, static German UI)."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import AsyncIterator, Awaitable, Callable, Dict
from urllib.parse import urlparse

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from channels.console.hub import Hub
from channels.console.rasa_client import RasaApi, RasaClient
from channels.console.routes_admin import router as admin_router
from channels.console.routes_agents import router as agents_router
from channels.console.routes_auth import router as auth_router
from channels.console.routes_canned import router as canned_router
from channels.console.routes_cases import router as cases_router
from channels.console.routes_editor import router as editor_router
from channels.console.routes_stats import router as stats_router
from channels.console.routes_team import router as team_router
from channels.console.routes_ws import router as ws_router
from channels.console.security import LoginThrottle
from channels.console.store import ConsoleStore
from channels.security_headers import security_headers
from settings import Settings

STATIC = Path(__file__).parent / "static"
MAX_BODY = 16_000


def create_app(settings: Settings, rasa: RasaApi | None = None, rasa_url: str = "", token: str = "") -> FastAPI:
    """Nothing happens before startup: the store opens, and the poller starts, in the lifespan."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = ConsoleStore(settings.handoff_db_url)
        client = rasa or RasaClient(rasa_url or f"http://{settings.host}:{settings.rasa_port}", token)
        hub = Hub(store, client, settings)
        app.state.settings, app.state.store, app.state.hub = settings, store, hub
        app.state.login_throttle = LoginThrottle()
        task = asyncio.create_task(hub.run())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await asyncio.to_thread(store.set_presence, [])
            await client.aclose()

    app = FastAPI(title="Servicecenter – Agentenkonsole", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.include_router(auth_router)
    app.include_router(cases_router)
    app.include_router(ws_router)
    app.include_router(admin_router)
    app.include_router(agents_router)
    app.include_router(stats_router)
    app.include_router(team_router)
    app.include_router(canned_router)
    app.include_router(editor_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/health", include_in_schema=False)
    async def alive() -> Dict[str, str]:  # for the runner's start-up wait and its health endpoint
        return {"status": "ok"}

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "console.html", media_type="text/html")

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return JSONResponse({"detail": "Anfrage zu groß"}, status_code=413)
        origin = request.headers.get("origin")
        if request.method != "GET" and origin and urlparse(origin).netloc != request.headers.get("host"):
            return JSONResponse({"detail": "Fremde Herkunft abgelehnt"}, status_code=403)
        response = await call_next(request)
        response.headers.update(security_headers())
        response.headers["Cache-Control"] = "no-store"
        return response

    return app
