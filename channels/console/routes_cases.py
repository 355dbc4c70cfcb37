"""The queue and one case: transcript, detected service with the assistant's answer, claim, reply, hand back, close.

The queue can be narrowed to one language or to the agent's languages, a commune, a reason and a channel; it is
ordered by urgency, then waiting time (queue_order.py). A held case can be passed to a colleague who is online,
and the agent's typing is shown in the citizen's web chat. Only the agent role works cases (deps.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, Dict, List, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, constr

from channels.console.deps import AgentDep, AgentWriteDep, HubDep, SessionDep, StoreDep
from channels.console.languages import Mine, all_languages, arrange, languages
from channels.console.queue_order import CHANNEL_LABELS, REASON_LABELS, narrow, with_waiting
from channels.console.store import OUTCOMES, ClaimConflict
from channels.console.suggestion import case_language, detected, suggestion

router = APIRouter(prefix="/api")
MAX_REPLY = 2000


class Reply(BaseModel):
    text: constr(strip_whitespace=True, min_length=1, max_length=MAX_REPLY)  # type: ignore[valid-type]


class Close(BaseModel):
    outcome: Literal["answered", "callback", "referred"]


class Transfer(BaseModel):
    agent_id: int


@router.get("/languages")
async def language_list(session: SessionDep) -> List[Dict[str, str]]:
    """The console's language filter and the agents' admin page list these (knowledge/languages.yaml)."""
    return all_languages()


@router.get("/queue/filters")
async def queue_filters(session: AgentDep, hub: HubDep) -> Dict[str, Any]:
    """What the page's selects offer: the communes of the knowledge base, the reasons and the channels."""
    from actions.knowledge_access import knowledge

    return {
        "communes": sorted(knowledge().communes),
        "reasons": REASON_LABELS,
        "channels": {k: v for k, v in CHANNEL_LABELS.items() if k != "socketio"},
        "wait_alarm_minutes": hub.settings.console_wait_alarm_minutes,
    }


@router.get("/queue")
async def queue(
    session: AgentDep,
    hub: HubDep,
    language: str | None = None,
    mine: Mine | None = None,
    commune: str | None = None,
    reason: str | None = None,
    channel: str | None = None,
) -> List[Dict[str, Any]]:
    """`language`, `commune`, `reason`, `channel`: only such cases; `mine=first|only`: the agent's languages
    first, or only those. Each entry with its waiting time and whether it is past the wait alarm."""
    if language is not None and language not in languages():
        raise HTTPException(status_code=422, detail="Unbekannte Sprache")
    if reason is not None and reason not in REASON_LABELS:
        raise HTTPException(status_code=422, detail="Unbekannter Grund")
    items = narrow(await asyncio.to_thread(hub.queue_items), commune, reason, channel)
    shown = arrange(items, session.agent.languages, language, mine)
    return with_waiting(shown, hub.settings.console_wait_alarm_minutes, dt.datetime.now(dt.timezone.utc))


@router.get("/cases/{case_id}")
async def case(case_id: int, session: AgentDep, store: StoreDep, hub: HubDep) -> Dict[str, Any]:
    record = await asyncio.to_thread(store.case, case_id)
    if record is None:
        raise HTTPException(status_code=404, detail="Fall nicht gefunden")
    try:
        tracker: Dict[str, Any] | None = await hub.rasa.tracker(record["conversation_id"])
    except Exception:  # Rasa away: the stored transcript and the handoff record still tell enough
        tracker = None
    if tracker is not None:  # a waiting case is synced only now and then: bring its transcript up to date
        await hub.import_tracker(case_id, tracker)
    found = detected(record, tracker)
    language = case_language(record, tracker)
    return {
        **record,
        "language": language,
        "detected": found,
        "suggestion": await asyncio.to_thread(suggestion, found, language["code"]),
        "transcript": await asyncio.to_thread(store.transcript, case_id),
        "outcomes": OUTCOMES,
    }


@router.post("/cases/{case_id}/claim")
async def claim(case_id: int, session: AgentWriteDep, store: StoreDep, hub: HubDep) -> Dict[str, Any]:
    try:
        await asyncio.to_thread(store.claim, case_id, session.agent)
    except ClaimConflict as err:
        raise HTTPException(status_code=409, detail="Dieser Fall ist schon vergeben oder abgeschlossen") from err
    record = await asyncio.to_thread(store.case, case_id)
    assert record is not None
    await hub.sync_case(case_id, record["conversation_id"])  # all the citizen wrote while waiting
    await hub.rasa.push(record["conversation_id"], None, "joined", session.agent.display_name)
    note = await asyncio.to_thread(store.add_system_message, case_id, f"{session.agent.display_name} hat übernommen.")
    await hub.push_messages(case_id, note - 1)
    await hub.push_queue(force=True)
    return {"status": "claimed", "case": case_id}


async def _held(case_id: int, session: Any, store: Any) -> Dict[str, Any]:
    if not await asyncio.to_thread(store.holds, case_id, session.agent):
        raise HTTPException(status_code=409, detail="Sie haben diesen Fall nicht übernommen")
    record: Dict[str, Any] = await asyncio.to_thread(store.case, case_id)
    return record


@router.post("/cases/{case_id}/reply")
async def reply(case_id: int, body: Reply, session: AgentWriteDep, store: StoreDep, hub: HubDep) -> Dict[str, Any]:
    record = await _held(case_id, session, store)
    delivered = await hub.rasa.push(record["conversation_id"], body.text, None, session.agent.display_name)
    message_id = await asyncio.to_thread(store.add_agent_message, case_id, session.agent, body.text)
    await hub.push_messages(case_id, message_id - 1)
    return {"status": "sent" if delivered else "stored", "delivered": delivered, "id": message_id}


async def _finish(case_id: int, session: Any, store: Any, hub: Any, status: str, outcome: str | None) -> None:
    record = await _held(case_id, session, store)
    await hub.sync_case(case_id, record["conversation_id"])  # the citizen's last words stay in the transcript
    await hub.rasa.resume(record["conversation_id"])
    try:
        await asyncio.to_thread(store.finish, case_id, session.agent, status, outcome)
    except ClaimConflict as err:
        raise HTTPException(status_code=409, detail="Sie haben diesen Fall nicht übernommen") from err
    event = "returned" if status == "returned" else "closed"
    await hub.rasa.push(record["conversation_id"], None, event, session.agent.display_name)
    label = "an den Assistenten zurückgegeben" if status == "returned" else f"abgeschlossen ({OUTCOMES[outcome or '']})"
    note = await asyncio.to_thread(store.add_system_message, case_id, f"{session.agent.display_name}: {label}.")
    await hub.push_messages(case_id, note - 1)
    await hub.push_queue(force=True)


@router.post("/cases/{case_id}/handback")
async def handback(case_id: int, session: AgentWriteDep, store: StoreDep, hub: HubDep) -> Dict[str, str]:
    await _finish(case_id, session, store, hub, "returned", None)
    return {"status": "returned"}


@router.post("/cases/{case_id}/close")
async def close(case_id: int, body: Close, session: AgentWriteDep, store: StoreDep, hub: HubDep) -> Dict[str, str]:
    await _finish(case_id, session, store, hub, "closed", body.outcome)
    return {"status": "closed", "outcome": body.outcome}


@router.post("/cases/{case_id}/transfer")
async def transfer(
    case_id: int, body: Transfer, session: AgentWriteDep, store: StoreDep, hub: HubDep
) -> Dict[str, Any]:
    """To a colleague with the agent role and the console open who is not away; the history records it."""
    await _held(case_id, session, store)
    to = next((a for a in await asyncio.to_thread(store.list_agents) if a.id == body.agent_id), None)
    if to is None or to.id == session.agent.id or not to.has("agent"):
        raise HTTPException(status_code=422, detail="An diese Person kann der Fall nicht übergeben werden")
    if to.username not in hub.connected() or to.status == "away":
        raise HTTPException(status_code=409, detail=f"{to.display_name} ist nicht erreichbar")
    try:
        note = await asyncio.to_thread(store.transfer, case_id, session.agent, to)
    except ClaimConflict as err:
        raise HTTPException(status_code=409, detail="Sie haben diesen Fall nicht übernommen") from err
    await hub.push_messages(case_id, note - 1)
    await hub.broadcast({"type": "transfer", "case": case_id, "to": to.id, "from_name": session.agent.display_name})
    await hub.push_queue(force=True)
    return {"status": "transferred", "case": case_id, "to": to.id}


@router.post("/cases/{case_id}/typing")
async def typing(case_id: int, session: AgentWriteDep, store: StoreDep, hub: HubDep) -> Dict[str, bool]:
    """The citizen's web chat shows "… schreibt" for a few seconds; the page sends this at most every 3 s."""
    record = await _held(case_id, session, store)
    delivered = await hub.rasa.push(record["conversation_id"], None, "typing", session.agent.display_name)
    return {"delivered": delivered}
