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
        r"(prüfen|überprüfen|checken) sie .{0,40}(rechnung|bescheid|gebühr)|(rechnung|bescheid|mahnung|betrag|summe|gebühr) .{0,40}(falsch|stimmt (doch )?(was )?nich|zu hoch|doppelt so hoch)|"
        # a letter about one's own money: only a person with the file can check it
        r"(brief|bescheid|schreiben|rechnung|mahnung)\w* .{0,40}(bekommen|erhalten|gekriegt|gekommen)\b.{0,60}"
        r"(nachzahlung|nachzahlen|zurückzahlen|rückforderung|säumnis|mahngebühr|zahlen soll)|"
        # something went wrong with the citizen's own matter: cancelled, not collected, charged, misspelt
        r"(mein|meine|meinen|meinem|unser|unsere|unseren)\w* .{0,60}\b(wurde|wurden|ist|sind|hat|haben)\b.{0,40}"
        r"(abgesagt|gecancelt|storniert|abgelehnt|nicht abgeholt|stehen ?(ge)?lassen|nicht gekommen|nicht angekommen|"
        r"verloren gegangen|falsch (ge)?schrieben|falsch eingetragen)|"
        r"\b(ihr|sie) (habt|haben) (mir|uns)\b.{0,60}(berechnet|abgebucht|geschickt|abgelehnt|gestrichen|falsch)|"
        r"(bucht|buchen) ihr .{0,30}(ab|weiter)|trotzdem (abgebucht|bezahlen|gebucht)|immer noch (abgebucht|nichts gehört|keine antwort)|"
        r"(haven'?t|have not|still not|never) (heard|received|got(ten)?)\b|no (reply|answer|response) (yet|since)|"
        r"(was|got) (cancelled|canceled|rejected)|charged me|hala (cevap|dönüş) (yok|gelmedi)|"
        r"до сих пор (нет|не)|досі (немає|не)|لم (أتلق|يصلني|يردوا)",
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


# Each of these is one sign of frustration with the assistant; two in one message hand over at once.
FRUSTRATION_CUES = (
    r"schon wieder|immer noch|noch immer|zum (zweiten|dritten|x-ten) mal",
    r"bringt (mir |das |doch )?(so )?(nix|nichts|garnix|gar nichts)|hilft (mir )?(so )?(nicht|nix|nichts)|nutzlos|sinnlos",
    r"(verstehen? (sie |du )?mich|verstehst du) (nicht|nich)|nicht meine frage|hab ich (doch )?(gar )?nicht gefragt",
    r"allgemeine[rn]? (text|infos?|blabla)|steht (doch )?(alles )?(schon )?auf der (webseite|website|homepage)|stand da (auch )?schon",
    r"useless|not helpful|doesn'?t help|again the same|işe yaramıyor|бесполезн|марно|не допомага|لا يفيد",
)
_CUES = [re.compile(p, re.IGNORECASE) for p in FRUSTRATION_CUES]
# shouting: repeated marks, or two words in capitals
_SHOUTING = re.compile(r"!{2,}|\?{3,}|\b[A-ZÄÖÜ]{4,}\b.*\b[A-ZÄÖÜ]{4,}\b")


def frustration_cues(text: str) -> int:
    """How many different signs of frustration one message shows."""
    return sum(bool(cue.search(text)) for cue in _CUES) + bool(_SHOUTING.search(text))
