"""FastAPI dependencies: the store, the hub, the logged-in agent and the CSRF check."""

from __future__ import annotations

import hmac
from typing import Annotated, Callable

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


ROLE_NAMES = {"agent": "Agent", "editor": "Redaktion", "admin": "Administration"}


def _allowed(session: Session, roles: tuple[str, ...]) -> Session:
    if not any(session.agent.has(role) for role in roles):
        names = " oder ".join(ROLE_NAMES[r] for r in roles)
        raise HTTPException(status_code=403, detail=f"Dafür fehlt Ihnen die Rolle {names}")
    return session


def requires(*roles: str) -> Callable[[Session], Session]:
    """Reading needs one of these roles (docs: README, section Roles)."""

    def check(session: SessionDep) -> Session:
        return _allowed(session, roles)

    return check


def requires_write(*roles: str) -> Callable[[Session], Session]:
    """Writing needs one of these roles and the CSRF token."""

    def check(session: WriteSessionDep) -> Session:
        return _allowed(session, roles)

    return check


# An agent works cases: only the agent role reads transcripts and claims, answers, transfers, hands back.
AgentDep = Annotated[Session, Depends(requires("agent"))]
AgentWriteDep = Annotated[Session, Depends(requires_write("agent"))]
# Canned replies are texts for citizens, like the knowledge base: editors keep them, and admins.
CannedWriteDep = Annotated[Session, Depends(requires_write("admin", "editor"))]
AdminOnlyWriteDep = Annotated[Session, Depends(requires_write("admin"))]
