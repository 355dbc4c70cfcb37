"""The Rasa voice channel (channels.voice.rasa_channel): exact TwiML for each phone-dialogue step.

Unit tests drive `VoiceInput.turn` with a stand-in for Rasa; the last tests post to the real
Rasa server (session fixture `assistant`), where the channel is registered from credentials.yml.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any, Dict, List

import pytest
import requests
from rasa.shared.exceptions import InvalidConfigException

from actions.handoff_store import HandoffStore
from channels.voice.phone_texts import ENGLISH, OTHER_LANGUAGE
from channels.voice.rasa_channel import (
    GOODBYE,
    GREETING,
    REPROMPT,
    TRANSFER_FAILED,
    VoiceInput,
    yes_or_no,
)

AGENT = "sip:agent@127.0.0.1:5090"
HEAD = '<?xml version="1.0" encoding="UTF-8"?><Response>'
GATHER = (
    '<Gather action="/webhooks/voice/webhook" actionOnEmptyResult="true" input="speech dtmf" language="de-DE" '
    'numDigits="1" speechModel="phone_call" speechTimeout="2" timeout="6">'
)


def say(text: str, language: str = "de-DE") -> str:
    voice = "Polly.Amy" if language == "en-GB" else "Polly.Vicki"
    return f'<Say language="{language}" voice="{voice}">{text}</Say>'


def gathered(text: str, language: str = "de-DE") -> str:
    return f"{HEAD}{GATHER.replace('de-DE', language)}{say(text, language)}</Gather></Response>"


# the greeting is German, then one English sentence in the English voice: callers may speak English
GREETED = f"{HEAD}{GATHER}{say(GREETING)}{say('You can also speak English.', 'en-GB')}</Gather></Response>"


class FakeRasa:
    """Records what reaches Rasa and answers with fixed bot messages."""

    def __init__(self, replies: List[Dict[str, Any]] | None = None) -> None:
        self.received: List[tuple] = []
        self.replies = replies if replies is not None else [{"text": "Antwort."}]

    async def __call__(self, message: Any) -> None:
        self.received.append((message.text, message.sender_id, message.input_channel, message.metadata))
        for reply in self.replies:
            if "custom" in reply:
                await message.output_channel.send_custom_json(message.sender_id, reply["custom"])
            elif "buttons" in reply:
                await message.output_channel.send_text_with_buttons(message.sender_id, reply["text"], reply["buttons"])
            else:
                await message.output_channel.send_text_message(message.sender_id, reply["text"])


def channel() -> VoiceInput:
    return VoiceInput(agent_number=AGENT, confidence_threshold=0.45, silence_timeout=6, max_silences=2)


def turn(ch: VoiceInput, rasa: FakeRasa, **form: str) -> str:
    return asyncio.run(ch.turn({"CallSid": "CA1", "From": "+4951112345", "CallStatus": "in-progress", **form}, rasa))


def test_greeting_says_it_is_automatic_and_how_to_reach_a_person():
    rasa = FakeRasa()
    assert turn(channel(), rasa, CallStatus="ringing") == GREETED
    assert "automatische" in GREETING and "Null" in GREETING
    assert rasa.received == []


def test_speech_goes_to_rasa_per_call_and_the_answer_is_shaped_for_the_ear():
    rasa = FakeRasa([{"text": "Die Gebühr beträgt 37,00 €. Mehr unter https://www.hannover.de."}])
    twiml = turn(channel(), rasa, SpeechResult="Was kostet der Ausweis?", Confidence="0.91")
    assert twiml == gathered(
        "Die Gebühr beträgt siebenunddreißig Euro. Mehr auf der Internetseite Ihrer Stadt. "
        "Möchten Sie noch etwas wissen?"
    )
    text, sender, channel_name, metadata = rasa.received[0]
    assert (text, sender, channel_name) == ("Was kostet der Ausweis?", "CA1", "voice")
    assert metadata == {"call_status": "in-progress", "confidence": 0.91}


def test_silence_reprompts_once_then_says_goodbye_and_hangs_up():
    ch, rasa = channel(), FakeRasa()
    assert turn(ch, rasa, SpeechResult="") == gathered(REPROMPT)
    assert turn(ch, rasa) == f"{HEAD}{say(GOODBYE)}<Hangup /></Response>"
    assert rasa.received == [] and len(ch.states) == 0


def test_speech_resets_the_silence_count():
    ch, rasa = channel(), FakeRasa()
    turn(ch, rasa, SpeechResult="")
    turn(ch, rasa, SpeechResult="Hallo", Confidence="0.9")
    assert turn(ch, rasa, SpeechResult="") == gathered(REPROMPT)


def test_dtmf_zero_asks_rasa_for_a_person_and_transfers():
    rasa = FakeRasa(
        [
            {"text": "Gern verbinde ich Sie mit einer Mitarbeiterin. Bitte bleiben Sie in diesem Fenster."},
            {"custom": {"handoff": {"id": 7, "reason": "request_human"}}},
        ]
    )
    twiml = turn(channel(), rasa, Digits="0")
    assert rasa.received[0][0] == "/request_human" and rasa.received[0][3]["dtmf"] == "0"
    spoken = "Gern verbinde ich Sie mit einer Mitarbeiterin. Ich verbinde Sie jetzt. Bitte bleiben Sie in der Leitung."
    failed = (
        "Leider ist gerade niemand erreichbar. Sie erreichen uns auch über die Behördennummer eins eins fünf. "
        "Auf Wiederhören."
    )
    assert twiml == f'{HEAD}{say(spoken)}<Dial timeout="30"><Sip>{AGENT}</Sip></Dial>{say(failed)}<Hangup /></Response>'


def test_a_phone_number_as_agent_target_is_dialled_as_number():
    ch = VoiceInput(agent_number="tel:+495111234567")
    assert '<Dial timeout="30"><Number>+495111234567</Number></Dial>' in ch.transfer("Moment.")


def test_other_keys_explain_the_zero():
    rasa = FakeRasa()
    assert turn(channel(), rasa, Digits="5") == gathered(
        "Bitte sprechen Sie Ihre Frage. Für einen Menschen drücken Sie die Null."
    )
    assert rasa.received == []


def test_emergency_tells_to_hang_up_and_dial_at_once():
    rasa = FakeRasa([{"text": "Rufen Sie sofort 112 an!"}, {"custom": {"emergency": "112"}}])
    assert turn(channel(), rasa, SpeechResult="Es brennt", Confidence="0.9") == (
        f"{HEAD}{say('Legen Sie auf und wählen Sie eins eins zwei.')}<Hangup /></Response>"
    )
    rasa = FakeRasa([{"text": "Rufen Sie die Polizei."}, {"custom": {"emergency": "110"}}])
    assert turn(channel(), rasa, SpeechResult="Einbruch", Confidence="0.9") == (
        f"{HEAD}{say('Legen Sie auf und wählen Sie eins eins null.')}<Hangup /></Response>"
    )


def test_low_confidence_is_confirmed_before_it_reaches_rasa():
    ch, rasa = channel(), FakeRasa()
    assert turn(ch, rasa, SpeechResult="Ich brauche einen Reisepass.", Confidence="0.2") == gathered(
        "Habe ich richtig verstanden: Ich brauche einen Reisepass?"
    )
    assert rasa.received == []
    turn(ch, rasa, SpeechResult="Ja, genau.", Confidence="0.3")
    assert rasa.received[0][0] == "Ich brauche einen Reisepass." and rasa.received[0][3]["confirmed"] is True


def test_a_denied_confirmation_asks_again_and_a_new_question_is_taken_as_such():
    ch, rasa = channel(), FakeRasa()
    turn(ch, rasa, SpeechResult="Reise pass", Confidence="0.2")
    assert turn(ch, rasa, SpeechResult="Nein.", Confidence="0.9") == gathered(
        "Bitte sagen Sie es noch einmal, gern mit anderen Worten."
    )
    turn(ch, rasa, SpeechResult="Reise pass", Confidence="0.2")
    turn(ch, rasa, SpeechResult="Wie melde ich Sperrmüll an?", Confidence="0.8")
    assert [r[0] for r in rasa.received] == ["Wie melde ich Sperrmüll an?"]


def test_a_clarifying_question_offers_its_options_by_voice():
    rasa = FakeRasa(
        [
            {
                "text": "Geht es um eine dieser Leistungen?",
                "buttons": [{"title": "Reisepass", "payload": "/x"}, {"title": "Personalausweis", "payload": "/y"}],
            }
        ]
    )
    assert turn(channel(), rasa, SpeechResult="Ausweis", Confidence="0.9") == gathered(
        "Geht es um eine dieser Leistungen? Meinen Sie Reisepass oder Personalausweis?"
    )


def test_a_paused_conversation_keeps_transferring():
    assert f"<Sip>{AGENT}</Sip>" in turn(channel(), FakeRasa([]), SpeechResult="Hallo?", Confidence="0.9")


def test_end_of_call_frees_the_state():
    ch, rasa = channel(), FakeRasa()
    turn(ch, rasa, SpeechResult="")
    assert len(ch.states) == 1
    assert turn(ch, rasa, CallStatus="completed") == f"{HEAD[:-10]}<Response />"
    assert len(ch.states) == 0


def test_yes_or_no():
    assert [yes_or_no(t) for t in ("Ja", "ja genau", "Nein", "nein, falsch", "Wohngeld", "ja nein")] == [
        True,
        True,
        False,
        False,
        None,
        None,
    ]


@pytest.mark.parametrize(
    "config",
    [
        {"agent_number": "agent"},
        {"agent_number": AGENT, "language": "deutsch"},
        {"agent_number": AGENT, "confidence_threshold": 1.5},
        {"agent_number": AGENT, "silence_timeout": 0},
        {"agent_number": AGENT, "assistant_voice": "Robot"},
        {"agent_number": AGENT, "speech_timeout": "soon"},
    ],
)
def test_invalid_configuration_is_refused(config):
    with pytest.raises(InvalidConfigException):
        VoiceInput(**config)


def test_from_credentials_takes_defaults_from_the_settings():
    ch = VoiceInput.from_credentials({"assistant_voice": "Polly.Marlene"})
    assert isinstance(ch, VoiceInput)
    assert (ch.assistant_voice, ch.language, ch.max_silences) == ("Polly.Marlene", "de-DE", 2)
    assert ch.agent_number.startswith("sip:")


# --- the call's language ------------------------------------------------------------------------

ENGLISH_ANNOUNCED = {"custom": {"language": {"code": "en", "html_lang": "en", "direction": "ltr", "name": "English"}}}


def test_the_call_follows_the_bot_into_english_with_its_own_texts_in_english():
    ch = channel()
    rasa = FakeRasa(
        [ENGLISH_ANNOUNCED, {"text": "A passport costs €70.00, e.g. for adults. More at https://www.hannover.de."}]
    )
    twiml = turn(ch, rasa, SpeechResult="How much does a passport cost?", Confidence="0.9", SpeechLanguage="en")
    assert twiml == gathered(
        "A passport costs 70 euros, for example for adults. More on the website of your town. "
        "Is there anything else you would like to know?",
        "en-GB",
    )
    assert ch.states.get("CA1").language == "en"
    assert turn(ch, rasa, Digits="7") == gathered("Please speak your question. For a person, press zero.", "en-GB")
    assert turn(ch, rasa, SpeechResult="") == gathered(
        "I did not hear anything. Please ask your question, or press zero for a person.", "en-GB"
    )
    assert turn(ch, rasa, SpeechResult="") == (
        f"{HEAD}{say('I cannot hear anything, I am afraid. Please feel free to call again. Goodbye.', 'en-GB')}"
        "<Hangup /></Response>"
    )


def test_an_english_call_is_transferred_and_warned_of_an_emergency_in_english():
    ch = channel()
    turn(
        ch, FakeRasa([ENGLISH_ANNOUNCED, {"text": "Hello."}]), SpeechResult="Hello, I have a question", Confidence="0.9"
    )
    handoff = FakeRasa([{"text": "I will connect you with a member of staff."}, {"custom": {"handoff": {"id": 3}}}])
    assert ENGLISH.transfer == "I am connecting you now. Please stay on the line."
    assert turn(ch, handoff, Digits="0") == (
        f"{HEAD}{say('I will connect you with a member of staff. ' + ENGLISH.transfer, 'en-GB')}"
        f'<Dial timeout="30"><Sip>{AGENT}</Sip></Dial>'
        f"{say(ENGLISH.transfer_failed, 'en-GB')}<Hangup /></Response>"
    )
    emergency = FakeRasa([{"text": "Call 112 now!"}, {"custom": {"emergency": "112"}}])
    assert turn(ch, emergency, SpeechResult="There is a fire", Confidence="0.9") == (
        f"{HEAD}{say('Hang up and dial one one two.', 'en-GB')}<Hangup /></Response>"
    )


def test_leichte_sprache_is_spoken_as_german_and_german_again_switches_back():
    ch = channel()
    turn(ch, FakeRasa([ENGLISH_ANNOUNCED, {"text": "Hello."}]), SpeechResult="Hello there", Confidence="0.9")
    easy = {"custom": {"language": {"code": "ls", "html_lang": "de", "direction": "ltr", "name": "Leichte Sprache"}}}
    assert turn(ch, FakeRasa([easy, {"text": "Der Pass kostet 70 €."}]), SpeechResult="Leichte Sprache") == (
        gathered("Der Pass kostet siebzig Euro. Möchten Sie noch etwas wissen?")
    )
    assert ch.states.get("CA1").language == "de"


def test_a_low_confidence_english_utterance_is_confirmed_in_english():
    ch, rasa = channel(), FakeRasa()
    assert turn(ch, rasa, SpeechResult="I need a passport.", Confidence="0.2", SpeechLanguage="en") == gathered(
        "Did I understand you correctly: I need a passport?", "en-GB"
    )
    turn(ch, rasa, SpeechResult="Yes, exactly.", Confidence="0.3", SpeechLanguage="en")
    assert rasa.received[0][0] == "I need a passport." and rasa.received[0][3]["confirmed"] is True


def test_a_caller_in_another_language_is_handed_to_a_person_in_german_and_english():
    ch, rasa = channel(), FakeRasa([{"text": "Gern."}, {"custom": {"handoff": {"id": 9, "reason": "request_human"}}}])
    twiml = turn(ch, rasa, SpeechResult="Combien coûte un passeport ?", Confidence="0.8", SpeechLanguage="fr")
    assert OTHER_LANGUAGE == (
        "Ich verbinde Sie mit einer Mitarbeiterin oder einem Mitarbeiter. I will connect you to an agent."
    )
    assert twiml == (
        f"{HEAD}{say('Ich verbinde Sie mit einer Mitarbeiterin oder einem Mitarbeiter.')}"
        f"{say('I will connect you to an agent.', 'en-GB')}"
        f'<Dial timeout="30"><Sip>{AGENT}</Sip></Dial>'
        f"{say(TRANSFER_FAILED)}{say(ENGLISH.transfer_failed, 'en-GB')}<Hangup /></Response>"
    )
    # As "0" does: /request_human (reason request_human); first the conversation is set to French for the agents.
    assert [(r[0], r[3]) for r in rasa.received] == [
        ('/set_language{"language":"fr"}', {"call_status": "in-progress", "speech_language": "fr"}),
        ("/request_human", {"call_status": "in-progress", "speech_language": "fr"}),
    ]
    assert len(ch.states) == 0


def test_a_language_the_assistant_does_not_know_goes_to_a_person_without_a_switch():
    rasa = FakeRasa([])
    twiml = turn(channel(), rasa, SpeechResult="Quanto costa un passaporto?", Confidence="0.8", SpeechLanguage="it")
    assert "<Sip>" in twiml and "I will connect you to an agent." in twiml
    assert [r[0] for r in rasa.received] == ["/request_human"]


def test_when_the_bot_answers_in_a_language_the_phone_does_not_speak_a_person_takes_over():
    french = {"custom": {"language": {"code": "fr", "html_lang": "fr", "direction": "ltr", "name": "Français"}}}
    rasa = FakeRasa([french, {"text": "Bonjour."}])
    twiml = turn(channel(), rasa, SpeechResult="In French please", Confidence="0.9", SpeechLanguage="en")
    assert twiml.startswith(f"{HEAD}{say('Ich verbinde Sie mit einer Mitarbeiterin oder einem Mitarbeiter.')}")
    assert [r[0] for r in rasa.received] == ["In French please", "/request_human"]


# --- against the running assistant ------------------------------------------------------------


@pytest.fixture(scope="module")
def webhook(assistant) -> str:
    return f"{assistant.servers.rasa_url}/webhooks/voice/webhook"


def post(url: str, **form: str) -> str:
    reply = requests.post(url, data=form, timeout=60)
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/xml")
    return reply.content.decode("utf-8")


@pytest.mark.slow
def test_live_call_question_and_dtmf_handoff(webhook, assistant):
    sid = f"CA{uuid.uuid4().hex}"
    assert post(webhook, CallSid=sid, From="+4951100000", CallStatus="ringing") == GREETED
    answer = post(
        webhook,
        CallSid=sid,
        From="+4951100000",
        CallStatus="in-progress",
        SpeechResult="Ich brauche einen neuen Personalausweis, was kostet das?",
        Confidence="0.9",
    )
    assert answer.startswith(HEAD + GATHER) and "Gebühr" in answer and "http" not in answer
    transfer = post(webhook, CallSid=sid, From="+4951100000", CallStatus="in-progress", Digits="0")
    assert "<Dial" in transfer and "</Sip></Dial>" in transfer
    record = next(r for r in HandoffStore(assistant.settings.handoff_db_url).waiting() if r.conversation_id == sid)
    assert (record.reason, record.channel, record.service) == ("request_human", "voice", "personalausweis-beantragen")
    assert record.transcript[0]["text"] == "Ich brauche einen neuen Personalausweis, was kostet das?"


@pytest.mark.slow
def test_live_emergency_ends_the_call(webhook):
    sid = f"CA{uuid.uuid4().hex}"
    post(webhook, CallSid=sid, CallStatus="ringing")
    twiml = post(webhook, CallSid=sid, CallStatus="in-progress", SpeechResult="Hilfe, es brennt!", Confidence="0.9")
    assert twiml == f"{HEAD}{say('Legen Sie auf und wählen Sie eins eins zwei.')}<Hangup /></Response>"


@pytest.mark.slow
def test_live_english_question_is_answered_in_english_and_a_french_caller_is_handed_over(webhook, assistant):
    sid = f"CA{uuid.uuid4().hex}"
    post(webhook, CallSid=sid, CallStatus="ringing")
    answer = post(
        webhook,
        CallSid=sid,
        CallStatus="in-progress",
        SpeechResult="How much does a passport cost?",
        Confidence="0.9",
        SpeechLanguage="en",
    )
    assert answer.startswith(HEAD + GATHER.replace("de-DE", "en-GB")) and "euros" in answer, answer
    # The bot's own question (the commune, in English) or the English follow-up ends it; no German phone text.
    assert answer.endswith("?</Say></Gather></Response>") and "Möchten" not in answer and "Gemeinde" not in answer
    french = f"CA{uuid.uuid4().hex}"
    post(webhook, CallSid=french, CallStatus="ringing")
    twiml = post(
        webhook,
        CallSid=french,
        CallStatus="in-progress",
        SpeechResult="Combien coûte un passeport ?",
        Confidence="0.8",
        SpeechLanguage="fr",
    )
    assert "I will connect you to an agent.</Say><Dial" in twiml, answer
    record = next(r for r in HandoffStore(assistant.settings.handoff_db_url).waiting() if r.conversation_id == french)
    assert (record.reason, record.channel, record.language) == ("request_human", "voice", "fr")
