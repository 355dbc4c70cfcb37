"""Fitting the follow-up-or-move rule (actions/context.py) on our own multi-turn data.

Each row of `nlu_data/dialogues/context_fit.jsonl` is a message that arrives while a service is
discussed, with the service it is really about. Both readings are retrieved as the assistant
retrieves them, and the thresholds with the best accuracy are written to `actions/context_rule.json`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import List

from actions.context import ContextRule, FitCase, fit, read_in_context, reading, refers_back, save
from knowledge.retriever import Retriever
from knowledge.service_words import ServiceWords
from settings import PROJECT_ROOT

FIT_FILE = PROJECT_ROOT / "nlu_data" / "dialogues" / "context_fit.jsonl"


def fit_cases(retriever: Retriever, path: Path = FIT_FILE) -> List[FitCase]:
    words = ServiceWords.of(retriever.passages)
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        current, text = row["current_service"], row["text"]
        alone = reading(retriever.search(text, k=25), current)
        if alone.top is not None and alone.top != current:
            alone = replace(alone, new_words=words.new_words(text, current, alone.top))
        with_context = read_in_context(retriever, retriever.kb.services[current].name, text, current)
        cases.append(FitCase(current, row["target_service"], alone, with_context, refers_back(text)))
    return cases


def fit_and_save(retriever: Retriever) -> tuple[ContextRule, float, float, int]:
    """The fitted rule, its accuracy, the accuracy of always staying on the current service, and the case count."""
    cases = fit_cases(retriever)
    rule, score = fit(cases)
    save(rule, score, len(cases))
    staying = sum(c.current == c.target for c in cases) / len(cases)
    return rule, score, staying, len(cases)
