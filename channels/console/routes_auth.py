"""Login, logout and who am I. The session is an HttpOnly, SameSite=Strict cookie; its CSRF token goes to the page."""

from __future__ import annotations

import asyncio
from typing import Any, Dict

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, constr

from channels.console.deps import COOKIE, SessionDep, StoreDep, WriteSessionDep
from channels.console.languages import describe
from channels.console.security import DUMMY_HASH, MAX_PASSWORD, new_token, verify_password

router = APIRouter(prefix="/api")


class Login(BaseModel):
    username: constr(min_length=1, max_length=64)  # type: ignore[valid-type]
    password: constr(min_length=1, max_length=MAX_PASSWORD)  # type: ignore[valid-type]


def me(agent: Any, csrf: str) -> Dict[str, Any]:
    """Who is logged in; the page shows the agent's languages next to the name and sorts the queue by them."""
    return {
        "username": agent.username,
        "display_name": agent.display_name,
        "id": agent.id,
        "csrf": csrf,
        "is_admin": agent.is_admin,
        "roles": list(agent.roles),
        "status": agent.status,
        "languages": [describe(code) for code in agent.languages],
    }


@router.post("/login")
async def login(body: Login, request: Request, response: Response, store: StoreDep) -> Dict[str, Any]:
    throttle = request.app.state.login_throttle
    if throttle.blocked(body.username):
        raise HTTPException(
            status_code=429, detail="Zu viele Fehlversuche. Bitte versuchen Sie es in 5 Minuten erneut."
        )
    found = await asyncio.to_thread(store.agent_login, body.username)
    # hash even for an unknown name: the answer time does not tell which names exist
    ok = await asyncio.to_thread(verify_password, body.password, found[1] if found else DUMMY_HASH)
    if not found or not ok:
        throttle.failed(body.username)
        raise HTTPException(status_code=401, detail="Benutzername oder Passwort falsch")
    throttle.succeeded(body.username)
    settings = request.app.state.settings
    token, csrf = new_token(), new_token()
    await asyncio.to_thread(store.open_session, found[0].id, token, csrf, settings.console_session_hours)
    response.set_cookie(
        COOKIE,
        token,
        max_age=settings.console_session_hours * 3600,
        httponly=True,
        samesite="strict",
        secure=settings.console_secure_cookie,
        path="/",
    )
    return me(found[0], csrf)


@router.post("/logout")
async def logout(request: Request, response: Response, session: WriteSessionDep, store: StoreDep) -> Dict[str, str]:
    await asyncio.to_thread(store.close_session, request.cookies.get(COOKIE, ""))
    response.delete_cookie(COOKIE, path="/")
    return {"status": "abgemeldet"}


@router.get("/me")
async def whoami(session: SessionDep) -> Dict[str, Any]:
    return me(session.agent, session.csrf)
