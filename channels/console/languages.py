"""The citizen's language as the console shows it, and which cases an agent can take in their languages.

Everything comes from knowledge/languages.yaml (`load_languages`), so a new language reaches the console,
its filter and the agents' admin page without a line of code here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Iterable, List, Literal, Tuple

from knowledge.translations import GERMAN, Language, load_languages

Mine = Literal["first", "only"]


@lru_cache(maxsize=1)
def languages() -> Dict[str, Language]:
    return load_languages()


def describe(code: str | None) -> Dict[str, str]:
    """What the console shows of a language. A case recorded before the column existed has none: the bot
    spoke German then (the slot's initial value). A code no longer listed is shown as itself."""
    code = code or GERMAN
    found = languages().get(code)
    if found is None:
        return {"code": code, "name": code, "name_de": code, "html_lang": code, "direction": "ltr"}
    return {
        "code": found.code,
        "name": found.name,
        "name_de": found.name_de,
        "html_lang": found.html_lang,
        "direction": found.direction,
    }


def all_languages() -> List[Dict[str, str]]:
    return [describe(code) for code in languages()]


def known_codes(codes: Iterable[str]) -> Tuple[str, ...]:
    """The codes in the order of languages.yaml, each once; an unknown code is an error (the admin mistyped)."""
    wanted = set(codes)
    unknown = sorted(wanted - set(languages()))
    if unknown:
        raise ValueError(f"Unbekannte Sprache: {', '.join(unknown)}")
    return tuple(code for code in languages() if code in wanted)


def readable(case_language: str | None, agent_languages: Iterable[str]) -> bool:
    """Whether an agent can read the case: by `html_lang`, so who speaks German also takes Leichte Sprache."""
    spoken = {describe(code)["html_lang"] for code in agent_languages}
    return describe(case_language)["html_lang"] in spoken


def with_languages(items: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Queue entries with their language described (native and German name, direction) instead of a bare code."""
    for item in items:
        item["language"] = describe(item.get("language"))
    return items


def arrange(
    items: List[Dict[str, Any]], agent_languages: Iterable[str], language: str | None = None, mine: Mine | None = None
) -> List[Dict[str, Any]]:
    """The queue for one agent: only one language, only the agent's languages, or the agent's first.

    An emergency stays in every view, on top: whoever sees it can get help for it. Otherwise the order is kept.
    """
    spoken = tuple(agent_languages)
    shown = [
        i
        for i in items
        if i.get("emergency")
        or (
            (language is None or i["language"]["code"] == language)
            and (mine != "only" or readable(i["language"]["code"], spoken))
        )
    ]
    if mine == "first":
        shown = sorted(shown, key=lambda i: (i.get("emergency") is None, not readable(i["language"]["code"], spoken)))
    return shown
