"""Tracker fixtures for the action tests: a latest message as the NLU pipeline would leave it."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker


def message(
    text: str,
    intent: str = "ask_service",
    confidence: float = 0.95,
    candidates: List[tuple[str, float]] | None = None,
    retrieval_confidence: float = 0.0,
    aspect: str | None = None,
    kommune: str | None = None,
    service: str | None = None,
    emergency: str | None = None,
    input_problem: str | None = None,
) -> Dict[str, Any]:
    entities = [
        {"entity": k, "value": v} for k, v in (("aspect", aspect), ("kommune", kommune), ("service", service)) if v
    ]
    retrieval = None
    if candidates:
        retrieval = {
            "confidence": retrieval_confidence,
            "margin": candidates[0][1] - (candidates[1][1] if len(candidates) > 1 else 0.0),
            "candidates": [{"service": s, "score": sc} for s, sc in candidates],
        }
    return {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities,
        "service_retrieval": retrieval,
        "emergency": emergency,
        "input_problem": input_problem,
    }


def tracker(
    latest: Dict[str, Any],
    slots: Dict[str, Any] | None = None,
    sender: str = "test-user",
    history: List[Dict[str, Any]] | None = None,
    paused: bool = False,
) -> Tracker:
    events = [*(history or []), {"event": "user", "text": latest["text"], "parse_data": latest}]
    return Tracker(sender, slots or {}, latest, events, paused, None, {}, "action_listen")
