"""The queue and one case: transcript, detected service with the assistant's answer, claim, reply, hand back, close.

The queue can be narrowed to one language or to the agent's languages; a case shows the citizen's language.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, constr

from channels.console.deps import HubDep, SessionDep, StoreDep, WriteSessionDep
from channels.console.languages import Mine, all_languages, arrange, languages
from channels.console.store import OUTCOMES, ClaimConflict
from channels.console.suggestion import case_language, detected, suggestion

router = APIRouter(prefix="/api")
MAX_REPLY = 2000


class Reply(BaseModel):
    text: constr(strip_whitespace=True, min_length=1, max_length=MAX_REPLY)  # type: ignore[valid-type]


class Close(BaseModel):
    outcome: Literal["answered", "callback", "referred"]


@router.get("/languages")
async def language_list(session: SessionDep) -> List[Dict[str, str]]:
    """The console's language filter and the agents' admin page list these (knowledge/languages.yaml)."""
    return all_languages()


@router.get("/queue")
async def queue(
    session: SessionDep, hub: HubDep, language: str | None = None, mine: Mine | None = None
) -> List[Dict[str, Any]]:
    """`language`: only cases in it; `mine=first|only`: the agent's languages first, or only those."""
    if language is not None and language not in languages():
        raise HTTPException(status_code=422, detail="Unbekannte Sprache")
    items = await asyncio.to_thread(hub.queue_items)
    return arrange(items, session.agent.languages, language, mine)


@router.get("/cases/{case_id}")
async def case(case_id: int, session: SessionDep, store: StoreDep, hub: HubDep) -> Dict[str, Any]:
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
async def claim(case_id: int, session: WriteSessionDep, store: StoreDep, hub: HubDep) -> Dict[str, Any]:
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
async def reply(case_id: int, body: Reply, session: WriteSessionDep, store: StoreDep, hub: HubDep) -> Dict[str, Any]:
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
async def handback(case_id: int, session: WriteSessionDep, store: StoreDep, hub: HubDep) -> Dict[str, str]:
    await _finish(case_id, session, store, hub, "returned", None)
    return {"status": "returned"}


@router.post("/cases/{case_id}/close")
async def close(case_id: int, body: Close, session: WriteSessionDep, store: StoreDep, hub: HubDep) -> Dict[str, str]:
    await _finish(case_id, session, store, hub, "closed", body.outcome)
    return {"status": "closed", "outcome": body.outcome}
