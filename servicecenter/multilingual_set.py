"""`servicecenter bench languages`: tests/data/multilingual through the running assistant.

Per language: was the message routed right (the service, a handoff, an emergency, small talk, a
decline), and did the reply come in the citizen's language? The reply's language is read from the
reply text itself (the script, else py3langid over the text without links and source lines), not
from the assistant's own `language` slot, so a German text behind a translated note counts as German.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List

from actions.language import detect, script_language
from servicecenter.own_sets import SETS_DIR, read_jsonl
from servicecenter.predict import Client, predict_row

MULTILINGUAL_DIR = SETS_DIR / "multilingual"
_LINK = re.compile(r"https?://\S+|\S+@\S+")


def reply_language(reply: str) -> str:
    """The language of what the citizen reads: the script decides for Arabic and Cyrillic."""
    body = "\n".join(line for line in reply.splitlines() if not line.startswith(("Quelle", "Source")))
    body = _LINK.sub(" ", body)
    found = script_language(body)
    if found:
        return found
    language, _ = detect(body)
    return language


def routed_right(expect: Dict[str, Any], turn: Dict[str, Any]) -> bool:
    route = expect["route"]
    if route == "answer":
        return turn.get("route") == "answer" and turn.get("service") == expect.get("service")
    if route == "emergency" and expect.get("number"):
        return turn.get("route") == "emergency" and str(expect["number"]) in str(turn.get("reply"))
    return turn.get("route") == route


@dataclass
class LanguageResult:
    total: Counter = field(default_factory=Counter)
    routed: Counter = field(default_factory=Counter)
    in_language: Counter = field(default_factory=Counter)
    failures: List[str] = field(default_factory=list)

    def render(self) -> str:
        lines = ["Sprache  n    Routing   Antwort in der Sprache"]
        for lang, n in sorted(self.total.items()):
            lines.append(f"{lang:<8} {n:<4} {self.routed[lang] / n:.3f}     {self.in_language[lang] / n:.3f}")
        n = sum(self.total.values())
        if n:
            routed, said = sum(self.routed.values()) / n, sum(self.in_language.values()) / n
            lines.append(f"{'alle':<8} {n:<4} {routed:.3f}     {said:.3f}")
        return "\n".join(lines)


def run_languages(client: Client, folder: Path = MULTILINGUAL_DIR) -> LanguageResult:
    result = LanguageResult()
    for path in sorted(folder.glob("*.jsonl")):
        for row in read_jsonl(path):
            lang = str(row["lang"])
            turn = predict_row(client, {"id": row.get("id", lang), "text": row["text"]})["turns"][0]
            result.total[lang] += 1
            ok_route = routed_right(row["expect"], turn)
            said = reply_language(str(turn.get("reply") or ""))
            result.routed[lang] += ok_route
            result.in_language[lang] += said == lang
            if not ok_route or said != lang:
                got = f"{turn.get('route')}/{turn.get('service')}"
                result.failures.append(f"{row.get('id')}: {row['text']!r} -> {got}, reply in {said}")
    return result
