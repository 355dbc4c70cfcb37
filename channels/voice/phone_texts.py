"""What the phone channel says by itself, one table per language it answers calls in.

The assistant's answers come translated from Rasa; these are the channel's own fixed phone texts
(reprompt, goodbye, confirmation, transfer …) and the words it puts around an answer (follow-up
question, "on your town's website", "Do you mean A or B?"). German is the default and the language
every call starts in. A call is answered only in a language with a table here: Pico must have a voice
for it and the texts must exist; a caller speaking anything else is handed to a person (OTHER_LANGUAGE).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Mapping


@dataclass(frozen=True)
class PhoneTexts:
    tag: str  # BCP-47 for TwiML's <Say language> and <Gather language>
    twilio_voice: str  # <Say voice> on a hosted Twilio number (our gateway speaks with Pico in `tag`'s language)
    greeting: str
    reprompt: str
    goodbye: str
    confirm: str  # {text}: what was understood
    repeat: str
    other_digit: str
    transfer: str
    transfer_failed: str
    emergency: str  # {spoken}: the number, digit by digit
    error: str
    spoken_numbers: Mapping[str, str]
    follow_up: str
    website: str
    email_address: str
    options_one: str  # {0}
    options_many: str  # {0}: all but the last, {1}: the last
    options_or: str
    connect_other_language: str  # for a caller whose language the phone does not speak
    rate_limited: str  # a turn over the abuse limits (channels/limits.py): not processed, the caller may go on
    feedback_question: str  # once, at the end of a call with an answer (channels.voice.feedback)
    feedback_thanks: str  # after a "ja" or "nein": the call ends
    farewell: str  # the end of a call without a feedback answer
    invitation: str = ""  # said after the German greeting, in this language: callers may speak it


GERMAN = PhoneTexts(
    tag="de-DE",
    twilio_voice="Polly.Vicki",
    greeting=(
        "Guten Tag, hier ist der automatische Sprachassistent des Servicecenters der Region Hannover. "
        "Fragen Sie mich zum Beispiel nach Personalausweis, Ummeldung oder Sperrmüll. "
        "Wenn Sie mit einem Menschen sprechen möchten, drücken Sie jederzeit die Null."
    ),
    reprompt="Ich habe nichts gehört. Bitte stellen Sie Ihre Frage, oder drücken Sie die Null für einen Menschen.",
    goodbye="Ich höre leider nichts. Rufen Sie gern noch einmal an. Auf Wiederhören.",
    confirm="Habe ich richtig verstanden: {text}?",
    repeat="Bitte sagen Sie es noch einmal, gern mit anderen Worten.",
    other_digit="Bitte sprechen Sie Ihre Frage. Für einen Menschen drücken Sie die Null.",
    transfer="Ich verbinde Sie jetzt. Bitte bleiben Sie in der Leitung.",
    transfer_failed=(
        "Leider ist gerade niemand erreichbar. Sie erreichen uns auch über die Behördennummer eins eins fünf. "
        "Auf Wiederhören."
    ),
    emergency="Legen Sie auf und wählen Sie {spoken}.",
    error="Entschuldigung, das hat nicht geklappt. Bitte rufen Sie die Behördennummer eins eins fünf an.",
    spoken_numbers={"112": "eins eins zwei", "110": "eins eins null"},
    follow_up="Möchten Sie noch etwas wissen?",
    website="auf der Internetseite Ihrer Stadt",
    email_address="die E-Mail-Adresse",
    options_one="Meinen Sie {0}?",
    options_many="Meinen Sie {0} oder {1}?",
    options_or=", ",
    connect_other_language="Ich verbinde Sie mit einer Mitarbeiterin oder einem Mitarbeiter.",
    rate_limited="Einen Moment bitte, das war gerade zu viel auf einmal. Bitte sagen Sie Ihr Anliegen noch einmal.",
    feedback_question=(
        "War die Auskunft hilfreich? Sagen Sie Ja oder Nein. Oder drücken Sie die Eins für Ja, die Zwei für Nein."
    ),
    feedback_thanks="Danke für Ihre Rückmeldung. Auf Wiederhören.",
    farewell="Danke für Ihren Anruf. Auf Wiederhören.",
)

ENGLISH = PhoneTexts(
    tag="en-GB",
    twilio_voice="Polly.Amy",
    invitation="You can also speak English.",
    greeting=(
        "Hello, this is the automatic voice assistant of the service centre of the Hanover Region. "
        "Ask me, for example, about identity cards, registering an address or bulky waste. "
        "If you would like to speak to a person, press zero at any time."
    ),
    reprompt="I did not hear anything. Please ask your question, or press zero for a person.",
    goodbye="I cannot hear anything, I am afraid. Please feel free to call again. Goodbye.",
    confirm="Did I understand you correctly: {text}?",
    repeat="Please say it again, perhaps in other words.",
    other_digit="Please speak your question. For a person, press zero.",
    transfer="I am connecting you now. Please stay on the line.",
    transfer_failed=(
        "Unfortunately nobody is available right now. You can also reach us on the public service number "
        "one one five. Goodbye."
    ),
    emergency="Hang up and dial {spoken}.",
    error="Sorry, something went wrong. Please call the public service number one one five.",
    spoken_numbers={"112": "one one two", "110": "one one zero"},
    follow_up="Is there anything else you would like to know?",
    website="on the website of your town",
    email_address="the e-mail address",
    options_one="Do you mean {0}?",
    options_many="Do you mean {0} or {1}?",
    options_or=", ",
    connect_other_language="I will connect you to an agent.",
    rate_limited="One moment please, that was a lot at once. Please tell me your request again in a moment.",
    feedback_question="Was the information helpful? Say yes or no. Or press one for yes, two for no.",
    feedback_thanks="Thank you for your feedback. Goodbye.",
    farewell="Thank you for calling. Goodbye.",
)

# The languages calls are answered in, by the assistant's language code; German first (the default).
PHONE_TEXTS: Dict[str, PhoneTexts] = {"de": GERMAN, "en": ENGLISH}
DEFAULT_LANGUAGE = "de"
# For a caller in a language we do not answer on the phone: said in every phone language, each in its own voice.
OTHER_LANGUAGE = " ".join(texts.connect_other_language for texts in PHONE_TEXTS.values())


def texts_for(language: str | None) -> PhoneTexts:
    """The table of a phone language ("en", or a tag such as "en-GB"); German for anything else."""
    code = (language or DEFAULT_LANGUAGE).split("-")[0].lower()
    return PHONE_TEXTS.get(code, GERMAN)


def phone_language(code: str | None, html_lang: str | None = None) -> str | None:
    """The phone language for the assistant's language (Leichte Sprache is spoken as German), None if we have none."""
    for candidate in (code, html_lang):
        if candidate and candidate.split("-")[0].lower() in PHONE_TEXTS:
            return candidate.split("-")[0].lower()
    return None
