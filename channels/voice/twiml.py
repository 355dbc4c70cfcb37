"""The gateway's side of the Twilio Voice protocol: post a turn to the Rasa voice channel, read the TwiML.

Only the verbs our channel (and a simple Twilio app) uses are understood: Say, Pause, Gather (with
nested Say), Dial (number or Sip), Hangup. Anything else is skipped, so a newer channel cannot
crash a call.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Dict, List
from urllib.parse import urljoin

import requests


@dataclass
class Verb:
    kind: str  # say | pause | gather | dial | hangup
    text: str = ""
    attrs: Dict[str, str] = field(default_factory=dict)
    says: List[str] = field(default_factory=list)  # for gather: the prompts spoken while listening
    say_languages: List[str] = field(default_factory=list)  # each prompt's own language attribute ("" if none)

    def number(self, name: str, default: float) -> float:
        try:
            return float(self.attrs.get(name, default))
        except ValueError:
            return default


class TwimlError(RuntimeError):
    pass


def parse_twiml(document: str) -> List[Verb]:
    try:
        root = ET.fromstring(document)
    except ET.ParseError as err:
        raise TwimlError(f"invalid TwiML: {err}") from err
    if root.tag != "Response":
        raise TwimlError(f"TwiML root is <{root.tag}>, not <Response>")
    verbs: List[Verb] = []
    for element in root:
        tag, attrs, text = element.tag, dict(element.attrib), (element.text or "").strip()
        if tag == "Say":
            verbs.append(Verb("say", text, attrs))
        elif tag == "Pause":
            verbs.append(Verb("pause", attrs=attrs))
        elif tag == "Gather":
            prompts = [c for c in element if c.tag == "Say" and (c.text or "").strip()]
            says = [(c.text or "").strip() for c in prompts]
            languages = [c.attrib.get("language", "") for c in prompts]
            verbs.append(Verb("gather", attrs=attrs, says=says, say_languages=languages))
        elif tag == "Dial":
            target = next(((c.text or "").strip() for c in element if c.tag in ("Sip", "Number")), text)
            verbs.append(Verb("dial", target, attrs))
        elif tag == "Hangup":
            verbs.append(Verb("hangup"))
    return verbs


class TwimlClient:
    """Posts form data like Twilio does and returns the parsed verbs."""

    def __init__(self, webhook_url: str, timeout: float = 15.0) -> None:
        self.webhook_url = webhook_url
        self.timeout = timeout
        self._http = requests.Session()

    def post(self, form: Dict[str, str], action: str | None = None) -> List[Verb]:
        url = urljoin(self.webhook_url, action) if action else self.webhook_url
        reply = self._http.post(url, data=form, timeout=self.timeout)
        reply.raise_for_status()
        return parse_twiml(reply.content.decode("utf-8"))  # text/xml without charset would be read as Latin-1

    def close(self) -> None:
        self._http.close()
