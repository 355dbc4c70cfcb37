"""FastAPI dependencies: the store, the hub, the logged-in agent and the CSRF check."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from channels.console.hub import Hub
from channels.console.store import ConsoleStore, Session

COOKIE = "sc_console"


def get_store(request: Request) -> ConsoleStore:
    store: ConsoleStore = request.app.state.store
    return store


def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


StoreDep = Annotated[ConsoleStore, Depends(get_store)]
HubDep = Annotated[Hub, Depends(get_hub)]


def current_session(request: Request, store: StoreDep) -> Session:
    token = request.cookies.get(COOKIE)
    session = store.session(token) if token else None
    if session is None:
        raise HTTPException(status_code=401, detail="Bitte anmelden")
    return session


SessionDep = Annotated[Session, Depends(current_session)]


def csrf_checked(session: SessionDep, x_csrf_token: Annotated[str, Header()] = "") -> Session:
    """Every state-changing request carries the session's CSRF token in a header (a cross-site form cannot)."""
    if not hmac.compare_digest(x_csrf_token, session.csrf):
        raise HTTPException(status_code=403, detail="CSRF-Token fehlt oder ist falsch")
    return session


WriteSessionDep = Annotated[Session, Depends(csrf_checked)]
