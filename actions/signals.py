"""Messages that need a person whatever the classifier says: the state of one's own case,
complaints, legal advice. Patterns in plain German, kept narrow (a wrong handoff costs a human's time)."""

from __future__ import annotations

import re

# "kann" typed fast ("kan") or past ("konnte"): who or where one may phone
_MAY = "(kann|kan|könnte|konnte|koennte|darf)"

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
        # still nothing since: "bis heute weder Zu- noch Absage", "die buchen trotzdem weiter ab"
        r"\bbis heute (\w+ ){0,3}(keine|kein|keinen|weder|nichts|nix|nie)\b|"
        r"\b(bucht|buchen|zieht|ziehen)\b.{0,30}\b(trotzdem|immer noch|weiterhin|einfach weiter)\b.{0,40}\bab\b|"
        # money or a pickup that did not come: "mein Wohngeld ist noch nicht überwiesen", "die Tonne wurde nicht geleert"
        r"(mein|meine|meinen|unser|unsere)\w* .{0,50}\b(nicht|nie|noch nicht|immer noch nicht) (überwiesen|ausgezahlt|gezahlt|"
        r"eingegangen|gekommen|angekommen|abgeholt|geleert|zugestellt|bearbeitet)|"
        r"\b(wurde|wurden|ist|sind) (heute |gestern |wieder |schon wieder )?(nicht|nie) (abgeholt|geleert|überwiesen|ausgezahlt)|"
        r"kein (geld|wohngeld|kindergeld|elterngeld|bürgergeld) (bekommen|erhalten|gekriegt|überwiesen)|"
        # a matter of one's own that lies still: "liegt seit vier Monaten beim Bauamt", "seit Wochen in Bearbeitung"
        r"\b(liegt|liegen|hängt|hängen)\b .{0,30}\bseit (\w+ ){0,2}(tagen|wochen|monaten)\b|"
        r"seit (\w+ ){0,2}(tagen|wochen|monaten) .{0,30}(in bearbeitung|beim amt|beim bauamt|bei ihnen|bei euch)|"
        r"\b(zahlung|überweisung|geld|rente)\w* (fehlt|fehlen|ist nicht da|kam nicht|kommt nicht)|"
        r"wann geht'?s (da )?(endlich )?weiter|\b(nobody|no one|noone) (came|showed up|turned up)|"
        r"(geld|zahlung|rente|erstattung|unterhalt)\w* .{0,50}\b(nicht|nie|noch nicht|immer noch nicht) (überwiesen|ausgezahlt|gezahlt|"
        r"eingegangen|gekommen|angekommen)|"
        # an objection to one's own decision
        r"(widerspruch|einspruch) .{0,30}\b(meinen|meine|unseren|unsere|diesen|mein)\b .{0,20}(bescheid|ablehnung|entscheidung)|"
        r"(haven'?t|have not|still not|never) (heard|received|got(ten)?)\b|no (reply|answer|response) (yet|since)|"
        r"(was|got) (cancelled|canceled|rejected)|charged me|hala (cevap|dönüş) (yok|gelmedi)|"
        r"до сих пор (нет|не)|досі (немає|не)|لم (أتلق|يصلني|يردوا)|(للحين|لحد الآن|حتى الآن|إلى الآن) (ما|لم)",
    ),
    (
        "request_human",
        r"(mit|zu) (einem|einer|nem|ner) (echten |richtigen )?(menschen|mitarbeiter\w*|sachbearbeiter\w*|person)\b.{0,20}(sprechen|reden|verbinden)|"
        r"(realer|reale|richtige[rn]?|echte[rn]?) (mensch|person|mitarbeiter\w*)|"
        r"(erreiche|spreche|kontaktiere) ich (einen|eine) (mitarbeiter\w*|sachbearbeiter\w*|menschen|person)|"
        r"\b(einen|eine|nen|ne|den|die|jemanden)( echten| zuständigen)? (mitarbeiter\w*|sachbearbeiter\w*|menschen|"
        r"ansprechpartner\w*)\b.{0,25}\b(erreichen|sprechen|anrufen|kontaktieren|ans telefon)|"
        r"\b(talk|speak|speek|tlk)\w* (to|with|2) (someone|somebody|sumone|some1|a (real )?(person|human|agent))|"
        r"real person|human agent|"
        # passed on to a colleague, a person to take it over, anybody alive there
        r"\b(an|zu) (einen|eine|nen|ne|ihren|ihre) (kolleg\w*|mitarbeiter\w*|sachbearbeiter\w*|menschen|person)\b.{0,20}"
        r"\b(weitergeben|weiterleiten|weiterreichen|verbinden|durchstellen)|"
        r"\b(leite|leiten sie|gib|geben sie|reich|reichen sie) mich (bitte )?(an|zu)\b.{0,40}\bweiter\b|"
        r"\b(kann|könnte|kan|soll) (das|es|den fall|die sache) (bitte |mal )?(ein|eine) (echter |echte )?(mensch|mitarbeiter\w*|"
        r"person|sachbearbeiter\w*) (übernehmen|machen|klären|anschauen|ansehen|prüfen)|"
        r"\b(sitzt|ist) da\b.{0,25}\b(person|mensch|wer|jemand)\b.{0,15}\boder (nur )?(ein\w* )?(computer|bot|maschine)|"
        r"\b(wer|jemand) lebendig\w*|"
        # asked for as a right, or somebody there to ask: "ich verlange einen Ansprechpartner", "gibts da wen, den ich
        # direkt fragen kann?", "ist jemand vom Team da?", Turkish "gerçek biri", Arabic "بني آدم"
        r"\b(verlange|fordere|will|möchte|brauche|hätte gern\w*) (\w+ )?(einen|eine|nen|ne) (ansprechpartner\w*|ansprechperson)\b|"
        r"\b(gibt'?s|gibt es|ist|sitzt) (da |hier |bei euch |bei ihnen )?(wen|jemand\w*|einer)\b.{0,25}\b(den|die|der) ich\b.{0,25}"
        r"\b(fragen|sprechen|erreichen|anrufen)\b|\b(ist|sitzt) (da |hier )?(jemand|wer) (vom|aus dem) (team|servicecenter|amt|rathaus)\b|"
        r"gerçek (biri|bir insan|birisi|kişi)|بني آدم|إنسان حقيقي|انسان حقيقي|"
        # to be connected or called back, in any words: "stellen Sie mich durch", "put me through", "перезвоните"
        # somebody to phone: "wen kann ich da mal anrufen", "wo kann man beim Rathaus anrufen"
        # (typed fast: "kan", "konnte"; or in a clause: "wo ich da anrufen kann")
        rf"\b(wo|wen|bei wem) ({_MAY}|soll) (ich|man|wir)\b.{{0,40}}\b(anrufen|telefonieren)\b|"
        rf"\b{_MAY} (ich|man|wir) (irgendwo|irgendwen|jemanden|wen)\b.{{0,40}}\b(anrufen|telefonieren)\b|"
        r"\b(wo|wen|bei wem) (ich|man|wir)\b.{0,30}\b(anrufen|telefonieren) (kann|könnte)\b|"
        r"\b(verbinden sie mich|stellen sie mich .{0,30}durch|durchstellen|weiterleiten an (einen|eine|jemand)|"
        r"ruf\w* (sie |du )?mich .{0,30}(zurück|an)\b|zurückrufen|\brückruf(?!aktion)|durchwahl|"
        # somebody to get in touch: "dass sich jemand vom Bürgerbüro bei mir meldet", "kann mich wer kontaktieren"
        r"\b(jemand|wer|ein\w* (mitarbeiter\w*|sachbearbeiter\w*))\b.{0,40}\b(bei mir|bei uns) (meldet|melden)\b|"
        r"\b(mich|uns) (mal |bitte )?(jemand|wer)\b.{0,30}\b(kontaktieren|anrufen)\b|melden sie sich (bitte )?bei (mir|uns)|"
        r"(someone|somebody)\b.{0,30}\b(contact|call|phone) (me|us)\b|get in touch with (me|us)|"
        r"(gib|geben sie) mir (bitte )?(einen|eine|nen|ne) (echten |richtigen )?(menschen|mitarbeiter\w*|sachbearbeiter\w*|"
        r"person|ansprechpartner\w*)|gib mir jemand|(mit|zu) (jemand\w*|jmd) (reden|sprechen),? (der|die)|"
        r"(brauch\w*|will|möchte|suche|need|want)( \w+)? (jemand\w*|someone|somebody),? (der|die|who) "
        r"(\w+ ){0,4}(erklärt|erklären|hilft|helfen|explain|help)|"
        r"put me through|transfer me|connect me|(call|ring) me( back)?\b|call ?back|get me (a|an|someone|somebody)|"
        r"(geri )?ara(yın|yin|r mısınız|rmisiniz)|bağla(yın|yin)|görüşmek istiyorum|"
        r"перезвон|соедин(ите|и) меня|передзвон|з'?єдна(йте|й) мене|اتصلوا بي|اتصل بي|حولني)",
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


# A short message that names a person to talk to is a request for one ("Mensch bitte", "agent",
# "kein Bot!"); asked as a question about the assistant ("Bist du ein Mensch?") it is not.
_PERSON = re.compile(
    r"\b(mensch(en)?|(sach)?bearbeiter(in|innen|n)?|mitarbeiter(in|innen|n)?|person|berater(in)?|agent(in|en)?|operator|human|someone real|"
    r"representative|conseiller|humain|insan|temsilci|yetkili|görevli|memur|человек\w*|оператор\w*|сотрудник\w*|людин\w*|"
    r"співробітник\w*|إنسان|موظف|شخص)(?!\w)|\b(kein\w*|nicht mit (dem|einem)|no|not a|without) (bot|roboter|maschine)\b",
    re.IGNORECASE,
)
_ABOUT_THE_ASSISTANT = re.compile(
    r"^\W*(bist du|sind sie|bist du ein|is this|are you|ist das hier|wer ist|who is|sen .{0,10}mı|ты|ви|هل أنت)\b",
    re.IGNORECASE,
)
TERSE_WORDS = 4
_ASKS_WHICH = re.compile(r"^\W*(welche\w*|which)\b", re.IGNORECASE)  # "Welche Person unterschreibt?"


# "ich brauche einen Menschen", "bana bir görevli lazım", "мне нужен оператор": a person wished for, in
# a message of any length (a need right before the person, or Turkish "lazım" right after it)
_NEED = r"(brauch\w*|will|möchte|hätte gerne?|need|want|нуж\w+|потріб\w+|хочу|أريد|أحتاج)"
_WISHED_FOR = re.compile(
    rf"\b{_NEED}[,;:]?(\s+\S+){{0,3}}?\s+({_PERSON.pattern})(?!,\s+(die|der|das|who|that|который|которая)\b|\s+(die|der|who|that)\b)|"
    rf"({_PERSON.pattern})\s+(\S+\s+)?(lazım|istiyorum|gerek)\b",
    re.IGNORECASE,
)


def terse_request_for_a_person(text: str) -> bool:
    if _ABOUT_THE_ASSISTANT.search(text) or _ASKS_WHICH.search(text):
        return False
    return (len(text.split()) <= TERSE_WORDS and bool(_PERSON.search(text))) or bool(_WISHED_FOR.search(text))


# Something went wrong with the citizen's own matter, whoever the subject is ("die Müllabfuhr hat die
# Tonne stehen lassen", "mein Termin wurde gecancelt", "ihr habt mir zu viel berechnet"), or money back is
# asked for; not when it is asked as a case that might happen ("was passiert, wenn …").
_WENT_WRONG = re.compile(
    r"\b(wurde|wurden|ist|sind|hat|haben|habt|hatte|hatten)\b.{0,70}\b(abgesagt|gecancelt|storniert|stehen ?(ge)?lassen|"
    r"nicht (abgeholt|geleert|bearbeitet|zugestellt)|falsch (ge)?schrieben|falsch eingetragen|falsch (be)?rechnet|"
    r"zu viel (berechnet|abgebucht)|doppelt (abgebucht|berechnet)|verloren gegangen|verschlampt|vergessen)\b|"
    r"\b(mein|unser)\w* geld zurück|(geld|gebühr|betrag)\w* (zurück(haben|bekommen|erstattet)?|erstattet haben)\b|"
    r"\b(was|has been|were) (cancelled|canceled|lost|misspelled)\b|refund",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(was passiert|was (kann|soll|muss|mache) (ich|man)|was tun|falls|wenn|kann man|what happens|what if|if)\b",
    re.IGNORECASE,
)


# "Wie beantrage ich …", "how do I …", "як продовжити …": asks how a service is done, even with "mein" in it.
_HOW_TO = re.compile(
    r"\bwie (kann|kan|muss|soll|bekomm\w*|krieg\w*|beantrag\w*|verlänger\w*|meld\w*|erneuer\w*|komme|komm)\b|\bwas muss ich tun\b|"
    # for someone else: "wie kommt mein Mann an einen Schwerbehindertenausweis?", "wie beantragt man …"
    r"\bwie (kommt|kommen|bekommt|bekommen|kriegt|kriegen|beantragt|beantragen|erhält|erhalten) "
    r"(man|er|sie|mein\w*|unser\w*|wir|das kind)\b|"
    r"\bхочу (оформити|отримати|зареєструвати|оформить|получить|зарегистрировать)\b|"
    r"\bhow (do|can|should) i\b|\bnasıl\b|\bяк (мені )?(продовжити|отримати|подати|оформити|зареєструвати)\b|"
    r"\bкак (мне )?(продлить|получить|подать|оформить|зарегистрировать)\b|\bكيف (يمكنني|أقدم|أجدد|أحصل)",
    re.IGNORECASE,
)


def asks_how_to(text: str) -> bool:
    return bool(_HOW_TO.search(text))


# the complaint is about the administration itself, or about a report it left unanswered: a person's matter
_ADMINISTRATION = re.compile(
    r"\b(amt|ämter|behörde\w*|mitarbeiter\w*|sachbearbeiter\w*|bürgerbüro|bescheid|antrag|bearbeitung\w*|"
    r"verwaltung|euch|eure\w*|schon \w+ (gemeldet|angerufen|geschrieben)|(mehrfach|mehrmals|wiederholt) gemeldet|"
    r"nichts (passiert|getan)|(keiner|niemand) (kümmert|reagiert|meldet)|keine (antwort|reaktion))\b",
    re.IGNORECASE,
)


def about_the_administration(text: str) -> bool:
    return bool(_ADMINISTRATION.search(text))


def hypothetical(text: str) -> bool:
    """Asked as a case that might happen ("was passiert, wenn …", "falls …")."""
    return bool(_HYPOTHETICAL.search(text))


# "ich hab die PIN vergessen", "wir haben vergessen, uns umzumelden": what the citizen forgot is a service to ask
# about (a new PIN, a late registration), not a matter the office got wrong
_FORGOT_IT_MYSELF = re.compile(
    r"\b(ich|wir)\s+(hab|habe|haben|hatte|hatten)\b(?:\s+\S+){0,10}?\s+vergessen\b|"
    r"\b(hab|habe|haben|hatte|hatten)\s+(ich|wir)\b(?:\s+\S+){0,10}?\s+vergessen\b",
    re.IGNORECASE,
)


def went_wrong(text: str) -> bool:
    match = _WENT_WRONG.search(text)
    if match is None or _HYPOTHETICAL.search(text):
        return False
    if match.group(2) and match.group(2).lower() == "vergessen" and _FORGOT_IT_MYSELF.search(text):
        return bool(_WENT_WRONG.search(_FORGOT_IT_MYSELF.sub(" ", text)))  # anything else gone wrong still counts
    return True


# "Was kommt da alles auf uns zu?", "Woran muss ich denken?", "Was müssen wir organisieren?", "muss ich da irgendwas
# bei Behörden ändern?": a life situation told, and everything it takes asked for, not one service
_ASKS_FOR_EVERYTHING = re.compile(
    r"\bwas (kommt|käme) (\w+ ){0,5}auf (uns|mich) zu\b|"
    r"\bwo(ran| dran) (muss|müssen|sollte\w*|soll\w*) (ich|wir|man) (\w+ ){0,2}denken\b|"
    r"\bwo fang\w* (ich|wir|man) (\w+ )?an\b|\bwas (ist|wäre) (\w+ ){0,2}zu tun\b|\bwas (jetzt|nun) zu tun ist\b|"
    r"\bwas (muss|müssen|sollte\w*|soll\w*) (ich|wir|man) (\w+ ){0,3}(alles|so) (\w+ )?(machen|erledigen|tun|beachten|"
    r"beantragen|regeln|organisieren|abwickeln|ändern|melden)\b|"
    r"\bwas (muss|müssen|sollte\w*) (ich|wir|man) (jetzt |nun |da |dann )?(bei (den |der |dem )?(ämtern|amt|behörden?|"
    r"stadt|gemeinde) )?(machen|erledigen|organisieren|regeln|abwickeln|beachten|tun)\W*$|"
    r"\b(irgendwas|irgendetwas|etwas) (\w+ )?(bei|beim) (den |der |dem )?(ämtern|amt|behörden?|stadt|gemeinde)\b|"
    r"\bwhat (do|should) (i|we) (need to )?(do|take care of|think of) now\b|"
    r"\bwhat (else )?(does|will) (that|this) mean for us\b",
    re.IGNORECASE,
)


def asks_for_everything(text: str) -> bool:
    return bool(_ASKS_FOR_EVERYTHING.search(text))


# Broader: any general question for what to do or which help there is ("was muss ich jetzt machen?", "welche Hilfen
# gibt es?", "what should I sort out?", "ne yapmalıyım?"). Alone it says little (it also ends many a service
# question); with a life situation the retrieval places among that situation's services it asks for all of them.
_ASKS_WHAT_IT_TAKES = re.compile(
    r"\bwas (muss|müssen|musst|sollte\w*|soll|kann|können|darf|dürfen) (ich|wir|man|sie|er|du) (\w+ ){0,5}?"
    r"(machen|erledigen|tun|beachten|beantragen|regeln|organisieren|abwickeln|ändern|melden|bedenken|wissen)\b|"
    r"\bwas (jetzt|nun)\W*$|\bund (jetzt|nun)\W*$|\bworan\b|\bwo fang\w*|"
    r"\bwelche (hilfen?|unterstützung\w*|leistungen|anträge|möglichkeiten|genehmigungen|ämter|behörden|papiere|"
    r"formalitäten|schritte)\b|\bwas (steht|stünde) (mir|uns|ihr|ihm) (\w+ ){0,2}zu\b|"
    r"\bgibt(s| es) (da |dann )?(\w+ )?(was|etwas|hilfe|unterstützung)\b|"
    r"\bwas brauch\w* (man|ich|wir) (da|dann|alles)\b|\b(muss|müssen) (ich|wir|man) (da |dann )?(irgendwo|irgendwas|was|etwas)\b|"
    r"\b(keine ahnung|weiß (ich )?nicht|wissen nicht) (\w+ ){0,3}(was|wie|weiter)\b|"
    r"\bwas (kann|können) (ich|wir|man) (\w+ ){0,2}(tun|machen|bekommen|beantragen)\b|\bwas tun\b|"
    r"\bgibt(s| es) (\w+ ){0,2}(hilfen?|zuschüsse?|unterstützung|förderung|leistungen)\b|"
    r"\b(wo|wie) (krieg|bekomm)\w* (ich|wir|man) (\w+ )?(hilfe|unterstützung)\b|"
    r"\ban wen (kann|können|muss|müssen|soll|sollen) (ich|wir|man) (uns |mich )?wenden\b|"
    r"\bworauf (muss|müssen|sollte\w*) (ich|wir|man)\b|\bwie läuft das (\w+ )?ab\b|"
    r"\bwhat are (my|our) options\b|\b(any|what) (support|help|benefits)\b|"
    r"какую (помощь|поддержку)|яку (підтримку|допомогу)|"
    r"(что|чего) (нужно|надо) (сделать|оформить)|що (треба|потрібно) (зробити|оформити)|"
    r"هل (توجد|يوجد|هناك) مساعد|"
    r"\bwhat (do|should|must|shall|can) (i|we) (\w+ ){0,3}(do|sort out|arrange|organi[sz]e|take care of|think of|"
    r"apply for)\b|\bwhat (help|support)\b|\bwhere (do|should) (i|we) start\b|\bwhat now\b|"
    r"\bne (yapmam|yapmamız|yapmalı|yapmak)\w*|\bne gibi (işlem|yardım)\w*|\bneler yap\w*|\bhangi (yardım|işlem)\w*|"
    r"что (мне|нам) (нужно|надо|следует) (сделать|оформить)|с чего начать|какая (есть )?помощь|"
    r"що (мені|нам) (треба|потрібно|слід) (зробити|оформити)|з чого почати|яка (є )?допомога|"
    r"ماذا (يجب|علي|علينا)|ما الذي يجب|ما (هي )?المساعدات",
    re.IGNORECASE,
)


def asks_what_it_takes(text: str) -> bool:
    return bool(_ASKS_WHAT_IT_TAKES.search(text))


def handoff_signal(text: str) -> str | None:
    if went_wrong(text):
        return "case_status"
    matched = [name for name, pattern in _COMPILED if pattern.search(text)]
    if not {"complaint", "legal"} & set(matched) and terse_request_for_a_person(text):
        return "request_human"  # before "not helped": a person asked for is handed over at once
    return matched[0] if matched else None


# "Das stand da schon", "steht doch auf der Website": the answer only repeated what the citizen has read
_WEBSITE_REMARK = (
    r"allgemeine[rn]? (text|infos?|blabla)|steht (doch )?(alles )?(schon )?auf der (webseite|website|homepage)|"
    r"stand da (auch |doch |ja )*schon"
)
# The answer repeated ("schon wieder derselbe Text")
_REPETITION = (
    r"schon wieder|immer noch|noch immer|zum (zweiten|dritten|x-ten) mal|wieder (der|die|das)(selbe|gleiche)|"
    r"(derselbe|dieselbe|dasselbe|der gleiche|die gleiche|das gleiche) (text|antwort|satz|kram|mist)|same (answer|text|thing)|"
    r"знову те саме|опять то же|yine aynı|نفس الرد"
)
# Insults and "you don't get it", said to the assistant ("ihr kapiert es nicht", "blöde Maschine")
_INSULT = (
    r"kapier\w* (\w+ ){0,2}(nicht|nix|nichts)|\b(blöd|dumm|doof)\w* (maschine|bot|ding|teil|computer|programm)|"
    r"stupid (bot|machine)|aptal (bot|makine)|тупой бот|тупий бот"
)
# Each of these is one sign of frustration with the assistant; two in one message hand over at once.
FRUSTRATION_CUES = (
    _REPETITION,
    r"bringt (mir |das |doch )?(so )?(nix|nichts|garnix|gar nichts)|hilft (mir )?(so )?(nicht|nix|nichts)|nutzlos|sinnlos|"
    r"passt (immer noch |noch immer |wieder |einfach )?nicht|komm\w* (ich |wir )?(so |damit |hier )?(echt |einfach |gar )?nicht weiter|"
    r"не допомагаєте|не помогаете|yardımcı olmuyor",
    r"(verstehen? (sie |du )?mich|verstehst du) (nicht|nich)|nicht meine frage|hab ich (doch )?(gar )?nicht gefragt|"
    r"(ist|is|war) (doch |ja |gar )?keine antwort",
    _WEBSITE_REMARK,
    r"useless|not helpful|doesn'?t help|again the same|işe yaramıyor|бесполезн|марно|не допомага|لا يفيد",
    _INSULT,
)
# Annoyance ("nervt", "Schnauze voll", "ich check nix mehr"): a sign after an answer; in a first message it is
# about the matter ("der Baulärm nervt")
_ANNOYED = re.compile(
    r"\bnerv(t|ig|en)\b|genervt|(schnauze|nase) (echt |so |gestrichen )?voll|\b(check|blick)\w* (\w+ ){0,2}(nix|nichts|null) mehr",
    re.IGNORECASE,
)


def annoyed(text: str) -> bool:
    return bool(_ANNOYED.search(text))


_CUES = [re.compile(p, re.IGNORECASE) for p in FRUSTRATION_CUES]
_REPETITION_PATTERN = re.compile(_REPETITION, re.IGNORECASE)
_MORE_THAN_UNHELPFUL = [_REPETITION_PATTERN, re.compile(_INSULT, re.IGNORECASE)]
_WEBSITE_REMARK_PATTERN = re.compile(_WEBSITE_REMARK, re.IGNORECASE)
# shouting: repeated marks, or two words in capitals
_SHOUTING = re.compile(r"!{2,}|\?{3,}|\b[A-ZÄÖÜ]{4,}\b.*\b[A-ZÄÖÜ]{4,}\b")


_THANKS = re.compile(
    r"\b(danke|dankeschön|(vielen|besten|tausend|herzlichen|lieben|schönen) dank|dank (dir|euch|ihnen)|merci|thanks|"
    r"thank you|remercie\w*|teşekkür\w*|sağ ?ol|спасибо|благодар\w*|дякую|شكرا|مشكور)\b",
    re.IGNORECASE,
)


def says_it_again(text: str) -> bool:
    """ "immer noch nicht", "schon wieder", "знову те саме": the answer failed before, not for the first time."""
    return bool(_REPETITION_PATTERN.search(text))


def thanks(text: str) -> bool:
    return bool(_THANKS.search(text))


def without_the_website_remark(text: str) -> str:
    """The message without "das stand da schon", "steht doch auf der Website": there "stand" is a verb, no status."""
    return _WEBSITE_REMARK_PATTERN.sub(" ", text)


# "falsch", "stimmt so nicht", "wrong": the answer just given is rejected, nothing said about what was meant
_REJECTS_THE_ANSWER = re.compile(
    r"^\W*((nein|nee|ne|no|hayır|нет|ні|لا)\W+)?((das|this|that|es|it)\s*)?((ist|is|war|stimmt|'s)\s)?(so |leider |doch |auch |"
    r"immer noch |still )?(falsch|nicht richtig|stimmt (so |leider |doch )?nicht|quatsch|unsinn|wrong|not right|incorrect|"
    r"yanlış|неправильно|неверно|не так|خطأ|غلط)\W*$",
    re.IGNORECASE,
)


def rejects_the_answer(text: str) -> bool:
    return bool(_REJECTS_THE_ANSWER.search(text))


def frustration_cues(text: str) -> int:
    """How many different signs of frustration one message shows."""
    return sum(bool(cue.search(text)) for cue in _CUES) + bool(_SHOUTING.search(text))


def only_finds_the_answer_unhelpful(text: str) -> bool:
    """ "das stand da schon, bringt mir nix": the signs say the answer did not help, in more than one phrase; no
    repetition ("schon wieder derselbe Text"), shouting, insult or annoyance is in them. Said together with a new
    question, that is one criticism."""
    return not any(pattern.search(text) for pattern in (*_MORE_THAN_UNHELPFUL, _SHOUTING, _ANNOYED))


# Words of criticism or denial: frustration has them, a plain request for a service has none ("Frage zum Auto").
_CRITICAL = re.compile(
    r"\b(falsch\w*|nicht|nichts|kein\w*|nie|mist|kaputt|quatsch|schrott|witz|unsinn|blödsinn|nervt|sinnlos|"
    r"wrong|not|never|broken|useless|pas|jamais|yanlış|değil|hiç|не|ні|нет|неправильно|لا|مش|ما|خطأ|غلط)\b",
    re.IGNORECASE,
)


def sounds_critical(text: str) -> bool:
    return bool(_CRITICAL.search(text))


# Somebody to talk to, and talking, in the supported languages, spelt loosely ("jemnad", "zurück rufen"). The
# patterns above decide a request for a person; these words only keep a message that nothing else understood
# from being refused: with a person or a call in it, the citizen most likely asks for one.
_SOMEBODY = re.compile(
    r"\b(mensch\w*|person\w*|mitarbeiter\w*|sachbearbeiter\w*|leute\w*|jemand\w*|jemnad\w*|jmd|irgendwer|"
    r"kolleg\w*|berater\w*|agent\w*|human\w*|someone|somebody|anyone|anybody|staff|quelqu'?un|humain\w*|conseill\w*|"
    r"insan\w*|biri\w*|birisi|kimse|görevli\w*|yetkili\w*|temsilci\w*|человек\w*|кто-?(то|нибудь)|кого-?(то|нибудь)|"
    r"жив\w*|оператор\w*|сотрудник\w*|когось|кимось|хтось|люд\w*|співробітник\w*|شخص|أحد|احد|موظف\w*|إنسان|انسان)\b",
    re.IGNORECASE,
)
_TALKING = re.compile(
    r"\b(reden|sprechen|telefonier\w*|anrufen|zurück ?ruf\w*|rückruf\w*|ruf\w* .{0,20}(an|zurück)|verbind\w*|"
    r"talk|speak|call|phone|parler|appel\w*|konuş\w*|ara(yın|yabilir|sın)\w*|поговор\w*|позвон\w*|звон\w*|"
    r"зателефон\w*|подзвон\w*|передзвон\w*|перезвон\w*|أتكلم|اتكلم|التحدث|أتحدث|اتصل\w*)\b|"
    r"\b(kein\w*|nicht|no|not|pas|değil|не|ні|ليس|مش)\W+(\w+\W+)?(bot\w*|robot\w*|бот\w*|робот\w*|روبوت)",
    re.IGNORECASE,
)


def mentions_somebody(text: str) -> bool:
    return bool(_SOMEBODY.search(text))


def mentions_talking(text: str) -> bool:
    return bool(_TALKING.search(text))
