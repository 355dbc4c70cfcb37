"""Serving the console in this process (`servicecenter console run`, `python -m channels.console`)."""

from __future__ import annotations

from settings import Settings, api_token

# uvicorn's "auto" picks its websockets-sansio protocol, which needs websockets >= 13; Rasa pins 10.4.
WS_IMPL = "wsproto"


def serve(settings: Settings, port: int | None = None) -> None:
    import uvicorn

    from channels.console.app import create_app

    app = create_app(settings, token=api_token(settings))
    uvicorn.run(
        app, host=settings.host, port=port or settings.console_port, log_level="warning", access_log=False, ws=WS_IMPL
    )
