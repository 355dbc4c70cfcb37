"""The NLU components' own logic, without a trained model."""

import numpy as np
import pytest

from bot.components.aspect_extractor import ASPECT_PATTERNS, compile_patterns, detect_aspect
from bot.components.commune_extractor import CommuneMatcher
from bot.components.emergency_detector import EmergencyDetector, EmergencyModel, pattern_number
from bot.components.input_guard import clean_text

ASPECTS = compile_patterns(ASPECT_PATTERNS)


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("Was kostet das?", "kosten"),
        ("Wie viel darf ich verdienen, um das zu bekommen?", "voraussetzungen"),
        ("bis wann muss ich das erledigen", "frist"),
        ("Wie lange dauert die Bearbeitung?", "dauer"),
        ("geht das auch online", "online"),
        ("Welche Papiere muss ich mitbringen?", "unterlagen"),
        ("Wo muss ich dafür hin?", "zustaendigkeit"),
        ("Hat das Bürgerbüro samstags offen?", "oeffnungszeiten"),
        ("Kann ich als Student das beantragen?", "voraussetzungen"),
        ("Ich brauche einen neuen Personalausweis.", None),
        ("Ich möchte meinen Hund zur Steuer anmelden.", None),  # "Steuer" is not "teuer"
        ("Kann ich die Hundesteuer auch online bezahlen?", "online"),
        ("Wie hoch ist die Steuer für einen zweiten Hund?", "kosten"),
        ("Ab wann gilt der Austritt?", "frist"),
        ("Wie lange ist die Reservierung gültig?", "frist"),
        ("Ist ein Gartenhaus genehmigungspflichtig?", "voraussetzungen"),
        ("Wo muss ich den Antrag abgeben?", "zustaendigkeit"),
        ("Wem melde ich eine kaputte Laterne?", "zustaendigkeit"),
        ("wann kommt der bescheid", "dauer"),
        ("Do I have to register my dog?", "voraussetzungen"),
        ("Ist das auch für Kinder möglich?", "voraussetzungen"),
    ],
)
def test_aspect_detection(text, aspect):
    assert detect_aspect(text, ASPECTS) == aspect


@pytest.fixture(scope="module")
def communes(kb):
    return CommuneMatcher({n: c.spellings for n, c in kb.communes.items()}, 86)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ich bin aus sehnde", "Sehnde"),
        ("wohne in Neustadt a. Rbge.", "Neustadt am Rübenberge"),
        ("in der Wedemark", "Wedemark"),
        ("Garbesen", "Garbsen"),
        ("Ich lebe in Langenhgen", "Langenhagen"),
        ("bei der Region Hannover", None),
        ("Was kostet ein Reisepass?", None),
        ("Wir werden bald heiraten", None),
    ],
)
def test_commune_matching(communes, text, name):
    assert communes.find(text) == name


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Hilfe, in der Küche brennt es!", "112"),
        ("mein vater kriegt keine luft mehr", "112"),
        ("Mein Mann schlägt mich gerade", "110"),
        ("Jemand bedroht mich mit einem Messer vor der Tür", "110"),
        ("schwerer unfall an der kreuzung zwei verletzte", "112"),
        ("there is a fire in my flat", "112"),
        ("Wir wollen ein Osterfeuer anmelden", None),
        ("Ich möchte als Sportschütze eine Pistole kaufen, was brauche ich?", None),
        ("Bekomme ich einen Notfalltermin im Bürgerbüro?", None),
        ("Mein Auto wurde nach einem Unfall abgeschleppt", None),
    ],
)
def test_emergency_patterns(text, number):
    assert pattern_number(text) == number


def test_input_guard_cleans_markup_and_bounds_length():
    assert clean_text("<script>alert(1)</script>Hallo <b>Welt</b>", 1000) == ("Hallo Welt", "markup")
    assert clean_text("", 1000) == ("", "empty")
    assert clean_text("\x00\x01", 1000)[1] == "no_words"
    text, problem = clean_text("Hundesteuer " * 1000, 1000)
    assert len(text) == 1000 and problem == "too_long"


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Mein Aktenzeichen lautet 4711, gibt es schon was Neues?", "case_status"),
        ("Ich warte schon seit sechs Wochen auf meinen Bescheid", "case_status"),
        ("Ich möchte mich über das Bürgerbüro beschweren", "complaint"),
        ("Soll ich die Stadt verklagen?", "legal"),
        ("Can I speak to a real person?", "request_human"),
        ("Wie kann ich denn einen zuständigen Sachbearbeiter erreichen?", "request_human"),
        ("kann ich ne mitarbeiterin sprechen", "request_human"),
        ("Muss ich den Antrag persönlich abgeben oder kann ich ihn schicken?", None),
        ("Das hilft mir nicht, das passt immer noch nicht", "not_helped"),
        ("Wir haben eine Beschwerde über die Müllabfuhr", "complaint"),
        ("Die Stadt hat mir ein Schreiben geschickt, gestern bekommen, ich soll 80 Euro nachzahlen", "case_status"),
        ("ich hab nen bescheid bekommen wegen einer nachzahlung von der grundsteuer", "case_status"),
        ("Unser Nachbar beschwert sich über die Hecke, wie hoch darf sie sein?", None),
        ("Ich will mich über die Sachbearbeiterin im Bürgerbüro von meinem Wohnort beschweren", "complaint"),
        ("wir beschweren uns über den Lärm", "complaint"),
        ("Wie lange dauert ein Reisepass?", None),
        ("Welche Unterlagen brauche ich für den Wohngeldantrag?", None),
    ],
)
def test_handoff_signals(text, signal):
    from actions.signals import handoff_signal

    assert handoff_signal(text) == signal


def test_requests_for_a_real_person_in_other_words():
    from actions.signals import handoff_signal

    assert handoff_signal("ist ein echter Mensch da?") == "request_human"
    assert handoff_signal("Wie erreiche ich einen Mitarbeiter im Rathaus?") == "request_human"


@pytest.mark.parametrize(
    "text",
    [
        "mein sohn hat eben die tabletten aus opas schrank gegessen",
        "Die Kleine hat Putzmittel aus der Flasche getrunken!",
        "mein nachbar liegt im flur und reagiert nicht",
        "Draußen ist eine Schlägerei, hilf mir",  # 110
    ],
)
def test_emergencies_with_words_in_between(text):
    assert pattern_number(text) in ("112", "110")


class FixedModel(EmergencyModel):
    def __init__(self, probability: float) -> None:
        super().__init__(np.zeros(2), 0.0)
        self._p = probability

    def probability(self, vector):
        return self._p


def detector(probability: float) -> EmergencyDetector:
    config = EmergencyDetector.get_default_config()
    return EmergencyDetector(config, None, None, FixedModel(probability))  # type: ignore[arg-type]


def test_a_pattern_raises_the_alarm_unless_the_classifier_finds_the_message_clearly_harmless():
    vector = np.zeros(2)
    assert detector(0.1).decide("mein Mann schlägt mich gerade", vector) == ("110", 0.1)
    assert detector(0.001).decide("Hilfe, Hilfe, ich brauche einen Termin", vector) == (None, 0.001)


def test_the_classifier_alone_raises_the_alarm_for_wordings_no_pattern_knows():
    number, _ = detector(0.9).decide("da läuft einer unten im keller rum, wir haben uns eingeschlossen", np.zeros(2))
    assert number == "112"
    assert detector(0.3).decide("wie beantrage ich wohngeld", np.zeros(2))[0] is None


def test_the_detector_configuration_is_checked():
    config = {**EmergencyDetector.get_default_config(), "pattern_veto_probability": 0.9, "alarm_probability": 0.5}
    with pytest.raises(ValueError, match="pattern_veto_probability"):
        EmergencyDetector.validate_config(config)


def test_a_sure_greeting_needs_a_surer_classifier_and_diets_emergency_intent_needs_a_little_agreement():
    vector = np.zeros(2)
    assert detector(0.7).decide("Grüß Gott", vector, "greet", 0.98)[0] is None
    assert detector(0.7).decide("Grüß Gott", vector, "greet", 0.5)[0] == "112"
    assert detector(0.2).decide("er würgt sie", vector, "emergency", 0.8)[0] == "112"
    assert detector(0.05).decide("er würgt sie", vector, "emergency", 0.8)[0] is None
