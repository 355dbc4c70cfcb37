"""The team: who is online with which status (set by each agent), and the roles an admin gives.

Roles: an agent works cases; an editor keeps the texts citizens read (canned replies, and the editors'
queue) and works cases only with the agent role as well; an admin manages agents, roles and canned replies.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, conlist

from channels.console.deps import AdminOnlyWriteDep, AgentDep, AgentWriteDep, HubDep, StoreDep
from channels.console.routes_agents import agent_row

router = APIRouter(prefix="/api")
Role = Literal["agent", "editor", "admin"]


class Status(BaseModel):
    status: Literal["available", "busy", "away"]


class Roles(BaseModel):
    roles: conlist(Role, max_items=3)  # type: ignore[valid-type]


@router.get("/team")
async def team(session: AgentDep, hub: HubDep) -> List[Dict[str, Any]]:
    """Colleagues online now: the transfer choice and the team list of the page."""
    return await asyncio.to_thread(hub.team)


@router.put("/me/status")
async def set_status(body: Status, session: AgentWriteDep, store: StoreDep, hub: HubDep) -> Dict[str, str]:
    await asyncio.to_thread(store.set_agent_status, session.agent.id, body.status)
    await hub.push_team()
    await hub.push_queue()  # the queue shows the status of whoever holds a case
    return {"status": body.status}


@router.put("/admin/agents/{agent_id}/roles")
async def set_roles(agent_id: int, body: Roles, session: AdminOnlyWriteDep, store: StoreDep) -> Dict[str, Any]:
    if agent_id == session.agent.id and "admin" not in body.roles:
        raise HTTPException(status_code=422, detail="Die eigene Administrationsrolle kann man sich nicht nehmen")
    if not await asyncio.to_thread(store.set_agent_roles, agent_id, body.roles):
        raise HTTPException(status_code=404, detail="Agent nicht gefunden")
    agent = next(a for a in await asyncio.to_thread(store.list_agents) if a.id == agent_id)
    return agent_row(agent)
