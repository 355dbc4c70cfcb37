"""What a message is besides its service: a follow-up, a question asked about the service or a case of the
citizen's own, a complaint a service takes, off-topic. Each reading is a pure predicate of the turn, so that
the routing's order stays readable in actions/routing.py."""

from __future__ import annotations

import re

from actions.context import NAMED, corrects, names_whom_it_is_for, points_back, refers_back
from actions.language import language_of
from actions.office_named import names_a_particular_office
from actions.signals import (
    about_the_administration,
    asks_for_everything,
    asks_how_to,
    asks_what_it_takes,
    hypothetical,
    mentions_somebody,
    only_finds_the_answer_unhelpful,
    rejects_the_answer,
    says_it_again,
    sounds_critical,
    thanks,
    without_the_website_remark,
)
from actions.state import Turn
from actions.thresholds import (
    ANSWER_CONFIDENCE,
    CLARIFY_CONFIDENCE,
    FRUSTRATION_CONFIDENCE,
    HOW_TO_CONFIDENCE,
    INTENT_CONFIDENCE,
    LIFE_SITUATION_CONFIDENCE,
    NAMED_SERVICE,
    OVERRULE_CONFIDENCE,
    SITUATION_CANDIDATES,
    SURE_OFF_TOPIC,
    SURE_OFF_TOPIC_WORDS,
    TERSE_WORDS,
    THANKS_WORDS,
    TOPIC_CONFIDENCE,
    TOPIC_ONLY,
    TOPIC_WORDS,
)

LEADING_AND = re.compile(r"^\W*(und|and|also|et|ve|а|і|и|و)\b", re.IGNORECASE)
# a German or English question by its first word: "ab wann sollte man sich da drum kümmern"
QUESTION_FORM = re.compile(
    r"^\W*(aber |also |ok |okay |gut )?(ab |bis |seit |für )?(wann|wie|was|wo|wer|wen|wem|welche\w*|warum|wieso|"
    r"muss|müssen|kann|können|darf|dürfen|brauch\w*|gibt|gilt|ist|sind|geht|what|how|when|where|who|do|does|can|is|are)\b",
    re.IGNORECASE,
)


# a question told as not understanding ("ich verstehe nicht, welche Unterlagen …", "не розумію, скільки коштує …"):
# asked without a question mark. Not knowing what somebody else wants ("ich weiß nicht, was die genau wollen") is
# no such question: a person helps there
INDIRECT_QUESTION = re.compile(
    r"\b(verstehe?|versteh|kapier\w*)( (ich|es|immer|noch|trotzdem|einfach))* nicht\W+"
    r"(welche\w*|was|wie|wo|wann|ob|wohin|wer)\b|"
    r"\b(don'?t|do not|still don'?t) (understand|get)\W+(which|what|how|where|when|whether|if)\b|"
    r"\bне (розумію|зрозуміла|зрозумів|понимаю|понял\w*)\W+(\w+ ){0,2}(які|яка|який|що|як|де|коли|чи|скільки|"
    r"какие|какая|какой|что|как|где|когда|ли|сколько)\b|"
    r"\b(hangi|ne|nasıl|nerede|nereye|ne zaman)\b.{0,60}\b(anlamadım|anlamıyorum)|"
    r"\bje ne comprends (toujours )?pas (quel\w*|ce qu\w*|comment|combien|où|quand|si)\b|"
    r"(لا أفهم|ما فهمت|لم أفهم|مش فاهم).{0,20}(ما|أي|كيف|أين|وين|متى|شو|كم)",
    re.IGNORECASE,
)


def asks(turn: Turn) -> bool:
    """A question: a question mark, the form of a question, or not understanding said in so many words (only the
    first time: "immer noch nicht" says the answers failed before)."""
    untold = bool(INDIRECT_QUESTION.search(turn.text)) and not says_it_again(turn.text)
    return "?" in turn.text or turn.aspect_question or untold


def follows_up_on_an_aspect(turn: Turn) -> bool:
    """ "und wie viele Wochen warten": DIET reads a complaint or a case into a terse follow-up about the duration,
    the costs … of the service discussed. Asked (question mark, question form or a leading "und"), about a part of
    the service in plain words, with nothing of the citizen's own (no "ich", "mein", no status word), it is the
    follow-up. A wish for a person or a signal in words is left to the checks before."""
    asked = (
        turn.aspect_question
        or "?" in turn.text
        or bool(LEADING_AND.search(turn.text) or QUESTION_FORM.search(turn.text))
    )
    about_it = bool(turn.current_service and turn.aspect and turn.aspect_named)
    nobody_s_own = not OWN_OR_STATUS.search(turn.text) or asks_whether_one_can_do_it(turn.text)
    return about_it and asked and turn.handoff_signal is None and nobody_s_own


# "die Anmeldung", "der Antrag": a step of a procedure, said with an article and without an object of its own
# ("die Anmeldung meines Autos" has one). It names no service of its own when the service discussed is done by
# that step: "was kostet die Anmeldung?" after the Osterfeuer asks about its Anmeldung, not a flat's.
_STEP = re.compile(
    r"\b(die|der|den|dem|diese|dieser|diesen|zur|zum|beim)\s+"
    r"(anmeldung|abmeldung|ummeldung|antrag|antrags|beantragung|genehmigung|erlaubnis|registrierung|zulassung)\b"
    r"(?!\s+(meines|meiner|meinen|unseres|unserer|eines|einer|des|der|von|vom|für|fürs)\b)",
    re.IGNORECASE,
)
STEP_CONTENT_WORDS = 5  # "bis wann muss die Anmeldung spätestens rein": more words name more than the step
_STEP_STEMS = {
    "anmeldung": "anmeld", "abmeldung": "abmeld", "ummeldung": "ummeld", "antrag": "antrag|beantrag",
    "antrags": "antrag|beantrag", "beantragung": "antrag|beantrag", "genehmigung": "genehmig",
    "erlaubnis": "erlaubnis", "registrierung": "registr", "zulassung": "zulass",
}  # fmt: skip


def names_only_its_step(turn: Turn) -> bool:
    """The message asks about a part (costs, documents, deadline) of "the Anmeldung" or "the Antrag", and the
    service discussed (its name and search terms) is that very step."""
    step = _STEP.search(turn.text)
    if step is None or not (turn.aspect and turn.aspect_named) or turn.content_words > STEP_CONTENT_WORDS:
        return False
    return bool(re.search(_STEP_STEMS[step.group(2).lower()], turn.current_service_words, re.IGNORECASE))


def asks_whether_one_can_do_it(text: str) -> bool:
    return bool(_MODAL_ABOUT_IT.search(text)) and not _POSSESSIVE_OR_STATUS.search(text)


def asks_once_more(turn: Turn) -> bool:
    """ "das ist keine antwort, ich will einen betrag wissen!": a first sign of frustration that asks for a part of
    the service discussed in plain words. The citizen still wants the fact, so it is answered; the sign is
    counted, and the next one hands over. A wish for a person in it hands over at once, and a part of the service
    only mentioned ("schon wieder nur der Text von der Website") is no question."""
    asks_aspect = bool(turn.current_service and turn.aspect and turn.aspect_named and asks(turn))
    return turn.frustration == 0 and (asks_aspect or criticises_and_asks_on(turn)) and not _wants_a_person(turn)


def criticises_and_asks_on(turn: Turn) -> bool:
    """ "Das steht doch alles auf der Website, hilft mir nicht. Und wenn die alte Urkunde weg ist?": the first
    criticism of an answer, and a new question in the same breath. DIET often reads the citizen's own case
    in it; with no word of a status or a file it is not one: the question is answered and the sign counted."""
    # one sign, or two phrases of "that did not help" ("stand da schon, bringt mir nix"); shouting or an insult
    # besides hands over
    one_criticism = turn.frustration_cues == 1 or (
        turn.frustration_cues == 2 and only_finds_the_answer_unhelpful(turn.text)
    )
    criticises = one_criticism and turn.frustration == 0 and bool(turn.current_service)
    # "das stand doch schon da" is no status; "immer noch kein Geld" is, and "kann da jemand reinschauen" asks a person
    status = STATUS.search(without_the_website_remark(turn.text))
    return criticises and asks(turn) and not status and not mentions_somebody(turn.text) and not _wants_a_person(turn)


def _wants_a_person(turn: Turn) -> bool:
    return turn.asks_for_person or "request_human" in (turn.intent, *turn.runner_up_intents[:1])


def asks_about_the_service_discussed(turn: Turn) -> bool:
    """ "and do we have to pay anything?", "nein, falsch ausgedrückt, es geht um die Pflege", "hab meinen
    verloren" after "which of these?": DIET reads the citizen's own case, but the message asks about a part of the
    service discussed, corrects what was understood or answers a clarifying question, the own-case detector
    disagrees and no word speaks of a status."""
    # the part asked for may be named in words only ("… welche Dokumente ich mitbringen muss", in any language)
    names_a_part = turn.aspect_question or bool(turn.aspect and turn.aspect_named)
    follows_up = bool(turn.current_service) and (names_a_part or corrects(turn.text))
    answers_the_question = bool(turn.clarify_options)
    return (follows_up or answers_the_question) and not turn.own_case and not STATUS.search(turn.text)


def complaint_a_service_takes(turn: Turn) -> bool:
    """ "Beschwerde über den Baulärm nebenan", "hier hat jemand Bauschutt abgeladen, ich will mich beschweren":
    a nuisance or damage caused by others is reported through a Top-100 service, which says where and how;
    a complaint about the administration, or about a report nobody acted on, goes to a person."""
    sure = turn.retrieval_confidence >= ANSWER_CONFIDENCE
    return turn.top_reports_a_problem and sure and not about_the_administration(turn.text)


def asks_rather_than_tells(turn: Turn) -> bool:
    """Reads like a case of one's own, yet asks about the service: how it is done (and the service is
    clear), what if, an aspect in plain words ("Kostet das was?"), announces a question ("ich hätte da
    eine Frage zu …"), or corrects what was understood."""
    named_aspect = bool(turn.aspect and turn.aspect_named)
    # "Ich hätt da ne Frage zu den Steuern" (not "… zum Stand meines Antrags")
    announces_a_question = bool(TOPIC_ONLY.search(turn.text)) and not STATUS.search(turn.text)
    return clear_how_to(turn) or hypothetical(turn.text) or named_aspect or corrects(turn.text) or announces_a_question


def criticises_the_answer(turn: Turn) -> bool:
    """ "das ist keine Antwort, ich will einen Betrag wissen!" right after an answer: DIET is sure it is frustration and
    no word speaks of a status or a file, so the own-case detector's reading alone is the criticism's "ich will",
    not a case. It counts as a sign of frustration instead (a first one answers or apologises, a second hands over)."""
    sure = turn.intent == "frustration" and turn.intent_confidence >= FRUSTRATION_CONFIDENCE
    answered_before = bool(turn.current_service or turn.clarify_options)
    return sure and answered_before and turn.handoff_signal is None and not STATUS.search(turn.text)


def names_a_topic(turn: Turn) -> bool:
    """ "Elterngeld Antrag", "Kitaplatz in Hemmingen": a few words that name a service surely, nobody's own
    matter in them (no "ich", "mein", no status word) and the own-case detector agrees: the service asked for."""
    sure = turn.retrieval_confidence >= TOPIC_CONFIDENCE
    german = language_of(turn.text) == "de"
    # longer German messages too, when they ask about a part of the service in plain words ("carport
    # genehmigungsfrei bis wie viel Kubikmeter?"); a report without pronouns ("Antrag vor 8 Wochen gestellt, kommt der
    # noch?") asks nothing of the kind and stays the citizen's own case
    impersonal = german and bool(turn.aspect and turn.aspect_named)
    # or one in German that names a service by its own search term ("also eher diese Grundsicherung im Alter") about
    # nobody's own file: the message says which service, DIET's case reading is its register (the own words
    # below are German and English: "où en est ma demande" has its own)
    names_it = german and turn.named >= NAMED and turn.retrieval_confidence >= TOPIC_CONFIDENCE
    terse_or_impersonal = turn.content_words <= TOPIC_WORDS or impersonal or names_it
    return sure and terse_or_impersonal and not turn.own_case and not OWN_OR_STATUS.search(turn.text)


_STATUS_WORDS = (
    r"stand|status|bearbeit\w*|noch nicht|immer noch|wo bleibt|wann kommt|abgelehnt|bescheid|fertig|"
    r"seit .{0,30}\b(nicht|kein\w*|nichts)|gestellt|beantragt|eingereicht|abgeschickt|nachsehen|nachschauen|"
    r"lebenszeichen|(nichts|nix) (mehr )?gehört"
)
OWN_OR_STATUS = re.compile(
    rf"\b(ich|mein\w*|wir|unser\w*|mir|mich|uns|i|my|me|our|we|{_STATUS_WORDS})\b", re.IGNORECASE
)
STATUS = re.compile(rf"\b({_STATUS_WORDS}|mein\w* (antrag|akte|fall|vorgang|zahlung))\b", re.IGNORECASE)

# "Darf ich das auch per Post einschicken?", "muss man dafür persönlich hin?": a yes/no question whose subject is
# the citizen (or anyone) and whose object is the service discussed ("das", "es", "dafür") asks how it is done.
# The "ich" in it is no file of the citizen's own; a possessive or a status word still is ("kann ich meinen
# Antrag …", "muss ich das noch mal einreichen, ich hab es schon abgeschickt").
_MODAL_ABOUT_IT = re.compile(
    r"^\W*((und|aber|also|ok|okay|gut|noch was|eine frage)\W+)*"
    r"(kann|könnte|muss|müsste|darf|soll|sollte|geht|klappt|lässt sich)\s+(ich|man|wir|das|es)\s+"
    r"(\w+\s+){0,2}?(das|es|dies|dafür|dazu|damit|den|die|ihn|sie)\b",
    re.IGNORECASE,
)
_POSSESSIVE_OR_STATUS = re.compile(rf"\b(mein\w*|unser\w*|{_STATUS_WORDS})\b", re.IGNORECASE)


def impersonal_question(turn: Turn) -> bool:
    """ "Wer ist die Zulassungsbehörde für Autos aus Barsinghausen?": a question in German or English with nobody's
    own matter in it (no "ich", "mein", no status word) and the own-case detector agrees: DIET's reading of a case
    is noise, whatever the retrieval's confidence (a low one asks back)."""
    plain = language_of(turn.text) in ("de", "en") and bool(QUESTION_FORM.search(turn.text))
    return plain and not turn.own_case and not OWN_OR_STATUS.search(turn.text)


def clear_how_to(turn: Turn) -> bool:
    return asks_how_to(turn.text) and turn.retrieval_confidence >= HOW_TO_CONFIDENCE


def diet_off_topic(turn: Turn) -> bool:
    return turn.intent == "out_of_scope" and turn.intent_confidence >= INTENT_CONFIDENCE


def declined(turn: Turn) -> bool:
    """Off-topic, also in the middle of a conversation, and not asking about what was discussed: declined."""
    by_diet = diet_off_topic(turn)  # the off-topic detector's opinion is turn.off_topic
    if not (by_diet or turn.off_topic or unplaced_and_surely_elsewhere(turn)):
        return False
    if turn.retrieval_confidence >= OVERRULE_CONFIDENCE:
        return False
    if turn.current_service and turn.aspect and turn.aspect_named and turn.aspect_question:
        return False  # "und was muss ich dafür zahlen?" asks about the service discussed, whatever DIET reads
    if follows_up_on_an_aspect(turn):
        return False  # "ab wann sollte man sich da drum kümmern": a question about a part of it, in question form
    if turn.current_service and points_back(turn.text):
        return False  # "wie sieht es damit in Lehrte aus?": "damit" is the service discussed
    if tells_a_life_situation(turn):
        return False  # "Nächsten Monat ist Umzug, woran muss ich denken?": asked back among its services
    if says_whom_it_is_for(turn):
        return False  # "es geht um meinen Sohn, der ist 8": whom the service discussed is for
    if turn.current_service and turn.kommune and (corrects(turn.text) or turn.content_words <= TERSE_WORDS):
        return False  # "sorry, I meant Seelze", "und in Lehrte?": the commune of the service discussed
    if by_diet and a_topic_of_services(turn):
        return False  # "seit gestern ohne Job": a life event the administration has services for
    if by_diet and not turn.off_topic and answers_the_question_asked_back(turn):
        return False  # "Problem mit dem Ausweis?" – "der wurde mir geklaut": read with its topic, a service
    if by_diet and not turn.off_topic and names_service_and_aspect(turn):
        # "Geht die Schadensmeldung auch online?" names both what and which part of it: DIET alone does
        # not decline it; with the off-topic detector agreeing ("das Wetter beim Flohmarkt am Samstag") it does
        return False
    # the detector alone does not overrule a follow-up ("und dafür?"); DIET sure of it does
    return by_diet or not (turn.current_service and asks_about_it(turn))


def unplaced_and_surely_elsewhere(turn: Turn) -> bool:
    """In the middle of a conversation, the off-topic regression is sure and the retrieval finds no service for a
    message of some words: DIET, unsure of a language it knows little of, reads a complaint into "tu as une bonne
    recette de gâteau ?", and the context would make it a follow-up."""
    sure = turn.off_topic_probability >= SURE_OFF_TOPIC and turn.content_words >= SURE_OFF_TOPIC_WORDS
    return bool(turn.current_service) and sure and turn.retrieval_confidence < CLARIFY_CONFIDENCE


def answers_the_question_asked_back(turn: Turn) -> bool:
    """After a clarifying question: the answer is surely one of the offered services, or read together with the
    message asked back it is sure of a service."""
    if not turn.clarify_options:
        return False
    reading, top = turn.topic_reading, turn.top
    if top is not None and top.service in turn.clarify_options and turn.retrieval_confidence >= ANSWER_CONFIDENCE:
        return True
    return reading is not None and reading.confidence >= ANSWER_CONFIDENCE


def says_whom_it_is_for(turn: Turn) -> bool:
    """ "ach so, es geht um meinen Sohn, der ist 16", with a service under discussion and no other one named whole:
    the person changes, the service stays."""
    # a term of the service discussed may be in it ("es geht um meinen Mann, er ist erwerbsgemindert" after the
    # Rentenantrag); a term of another one names that
    named_other = turn.named >= NAMED and not (turn.top and turn.top.service == turn.current_service)
    return bool(turn.current_service) and names_whom_it_is_for(turn.text) and not named_other


def tells_a_life_situation(turn: Turn) -> bool:
    """A first message that tells a situation and asks what it takes, naming no service whole ("Hund tot, keine
    Hundesteuer mehr, was muss ich machen?" asks about that one): asked back among the situation's services.

    Either it asks for everything ("woran müssen wir denken?") and the retrieval places it among the services, or it
    asks in general what to do and the retrieval's first service belongs to the situation the message tells."""
    if turn.current_service or turn.named >= NAMED:
        return False
    if names_a_particular_office(turn.text):
        return False  # "was müssen wir beim Standesamt machen?": what that office does in it, not all it takes
    if asks_for_everything(turn.text) and CLARIFY_CONFIDENCE <= turn.retrieval_confidence < LIFE_SITUATION_CONFIDENCE:
        return among_its_services(turn)
    return asks_what_it_takes(turn.text) and placed_in_its_situation(turn)


def among_its_services(turn: Turn) -> bool:
    """The situation found holds one of the retrieval's first services. "wir haben einen Hund aus dem Tierheim, was
    muss man da alles machen?" asks for everything, yet no situation has the dog's services: the situation the
    detector finds closest (little money) would offer services nobody meant."""
    return any(c.service in turn.situation_services for c in turn.candidates[:SITUATION_CANDIDATES])


def vague_in_a_situation(turn: Turn) -> bool:
    """A first message the vagueness detector finds vague, telling a situation that holds one of the retrieval's first
    services ("wir wollen anbauen"): a plan the Top 100 serve, to ask back about, though DIET reads a matter outside
    them."""
    placed = turn.retrieval_confidence >= CLARIFY_CONFIDENCE and among_its_services(turn)
    return turn.vague and not turn.current_service and not turn.off_topic and placed


def placed_in_its_situation(turn: Turn) -> bool:
    """The retrieval's first service is one of the told situation's (a birth: its notice, Elterngeld …); "mein Betrieb
    zieht um, was muss ich mit dem Gewerbe machen?" tells a move, yet the retrieval places it at the business."""
    return turn.top is not None and turn.top.service in turn.situation_services


def a_topic_of_services(turn: Turn) -> bool:
    """DIET's off-topic reading against two second opinions: the off-topic detector does not share it, and the
    vagueness detector finds a topic several services share, which the retrieval places among them."""
    return turn.vague and not turn.off_topic and turn.retrieval_confidence >= ANSWER_CONFIDENCE


def names_service_and_aspect(turn: Turn) -> bool:
    """A service named in its own words and an aspect in plain words: a question about the Top 100,
    whatever DIET's reading of its register (short messages often look off-topic or frustrated to it)."""
    named_service = turn.named >= NAMED_SERVICE and turn.retrieval_confidence >= ANSWER_CONFIDENCE
    return bool(turn.aspect and turn.aspect_named and named_service)


def asks_about_it(turn: Turn) -> bool:
    return bool(turn.aspect or turn.aspect_question or turn.kommune or refers_back(turn.text))


def unrelated(turn: Turn) -> bool:
    """DIET reads the message as off-topic and nothing in it points at the service discussed."""
    off_topic = turn.intent == "out_of_scope" or turn.off_topic
    return off_topic and not asks_about_it(turn) and turn.content_words >= 2


def only_thanks(turn: Turn) -> bool:
    """ "Merci beaucoup pour votre aide !", "çok teşekkürler, sağ olun": a thank-you with nothing critical in it and no
    wish in words. DIET reads a complaint or frustration into short thanks in other languages; a thank-you is
    neither ("Danke für nichts" is critical and stays a complaint)."""
    return (
        thanks(turn.text)
        and not sounds_critical(turn.text)
        and turn.handoff_signal is None
        and turn.words <= THANKS_WORDS
    )


def rejects_what_was_answered(turn: Turn) -> bool:
    """ "falsch", "nee, das stimmt so nicht" after an answer: the citizen rejects it without saying what was meant."""
    return bool(turn.current_service) and rejects_the_answer(turn.text)
