"""Messages that need a person whatever the classifier says: the state of one's own case,
complaints, legal advice. Patterns in plain German, kept narrow (a wrong handoff costs a human's time)."""

from __future__ import annotations

import re

SIGNALS = (
    (
        "case_status",
        r"\baktenzeichen|\baz\.? ?\d|vorgangsnummer|kundennummer|"
        r"(wie weit|stand|status) (ist )?(mein|meine|meines|meiner|unser)\w* .{0,40}(antrag|anmeldung|bescheid|verfahren)|"
        r"(mein|meine|meinen|unser)\w* .{0,40}(antrag|unterlagen|pass|ausweis|bescheid)\w* .{0,60}"
        r"(noch nicht|noch kein|immer noch nicht|fertig|bearbeitet|angekommen)|"
        r"(warte|warten) .{0,30}(seit|schon) .{0,30}(wochen|monaten|tagen)|seit (wochen|monaten) .{0,60}(warte|keine antwort|nichts gehört)|"
        r"(prüfen|überprüfen|checken) sie .{0,40}(rechnung|bescheid|gebühr)|(rechnung|bescheid|mahnung) .{0,40}(falsch|stimmt nicht|zu hoch)|"
        # a letter about one's own money: only a person with the file can check it
        r"(brief|bescheid|schreiben|rechnung|mahnung)\w* .{0,40}(bekommen|erhalten|gekriegt|gekommen)\b.{0,60}"
        r"(nachzahlung|nachzahlen|zurückzahlen|rückforderung|säumnis|mahngebühr|zahlen soll)",
    ),
    (
        "request_human",
        r"(mit|zu) (einem|einer|nem|ner) (echten |richtigen )?(menschen|mitarbeiter\w*|sachbearbeiter\w*|person)\b.{0,20}(sprechen|reden|verbinden)|"
        r"(realer|reale|richtige[rn]?|echte[rn]?) (mensch|person|mitarbeiter\w*)|"
        r"(erreiche|spreche|kontaktiere) ich (einen|eine) (mitarbeiter\w*|sachbearbeiter\w*|menschen|person)|"
        r"\b(einen|eine|nen|ne|den|die|jemanden)( echten| zuständigen)? (mitarbeiter\w*|sachbearbeiter\w*|menschen|"
        r"ansprechpartner\w*)\b.{0,25}\b(erreichen|sprechen|anrufen|kontaktieren|ans telefon)|"
        r"(talk|speak) (to|with) (someone|somebody|a (real )?(person|human|agent))|real person|human agent",
    ),
    (
        "not_helped",
        r"(immer noch|noch immer|schon wieder) (nicht|falsch)|passt (immer noch |noch immer )?nicht|hilft mir (so )?nicht|"
        r"bringt mir nichts|(sie|du) verstehen? mich nicht|das war nicht meine frage",
    ),
    # The citizen complains (not "der Nachbar beschwert sich über unseren Baum", a service question).
    (
        "complaint",
        r"\b(mich|uns)\b.{0,80}\bbeschwer|\bbeschwer\w* (mich|uns)\b|\bbeschwerde|"
        r"unverschämt|frechheit|unfreundlich|inakzeptabel|skandal",
    ),
    (
        "legal",
        r"verklagen|anwalt|rechtsanwalt|rechtsberatung|rechtlich (gegen|vorgehen)|widerspruch .{0,40}(chance|erfolg|lohnt)|"
        r"ist das (rechtens|legal|erlaubt),? dass|klage (einreichen|erheben)",
    ),
)
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in SIGNALS]


def handoff_signal(text: str) -> str | None:
    for name, pattern in _COMPILED:
        if pattern.search(text):
            return name
    return None
