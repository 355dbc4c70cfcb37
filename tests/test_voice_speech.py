"""Answer texts shaped for the ear (channels.voice.speech): exact outputs."""

from __future__ import annotations

from channels.voice.phone_texts import ENGLISH
from channels.voice.speech import FOLLOW_UP, for_the_ear, options_question, remove_links


def test_links_and_email_addresses_are_not_read_out():
    assert remove_links("Mehr unter https://www.hannover.de/perso.") == "Mehr auf der Internetseite Ihrer Stadt."
    assert remove_links("Das Formular (www.burgdorf.de/formular) ausfüllen.") == "Das Formular ausfüllen."
    assert remove_links("Schreiben Sie an buergerbuero@sehnde.de.") == (
        "Schreiben Sie an die E-Mail-Adresse auf der Internetseite Ihrer Stadt."
    )


ANSWER = (
    "Personalausweis beantragen – Kosten: Die Gebühr ist bundesweit einheitlich festgelegt; wer jünger als 24 "
    "Jahre ist, zahlt weniger. Die aktuelle Höhe nennt Ihr Bürgerbüro oder die Behördennummer 115. Wird das Foto "
    "im Bürgerbüro aufgenommen, kommt eine Gebühr dafür hinzu. Wer sich den Ausweis schicken lässt, zahlt mehr.\n"
    "Zuständig für Sehnde: Bürgerbüro Sehnde (https://www.sehnde.de).\n"
    "Quelle: Personalausweisgebührenverordnung – https://www.gesetze-im-internet.de/pauswgebv, Stand 01.03.2024"
)


def test_an_answer_keeps_three_sentences_and_hands_the_turn_back():
    assert for_the_ear([ANSWER]) == (
        "Personalausweis beantragen, Kosten: Die Gebühr ist bundesweit einheitlich festgelegt, wer jünger als "
        "vierundzwanzig Jahre ist, zahlt weniger. Die aktuelle Höhe nennt Ihr Bürgerbüro oder die Behördennummer "
        "eins eins fünf. Wird das Foto im Bürgerbüro aufgenommen, kommt eine Gebühr dafür hinzu. "
        "Möchten Sie noch etwas wissen?"
    )


def test_a_question_of_the_bot_ends_the_answer_instead_of_the_follow_up():
    spoken = for_the_ear(
        [ANSWER, "In welcher Stadt oder Gemeinde der Region Hannover wohnen Sie? Dann nenne ich Ihnen die Stelle."]
    )
    assert spoken.endswith("eins eins fünf. In welcher Stadt oder Gemeinde der Region Hannover wohnen Sie?")
    assert FOLLOW_UP not in spoken and "http" not in spoken and "Quelle" not in spoken


def test_markdown_bullets_and_abbreviations():
    text = "**Unterlagen:**\n- Ausweis, z. B. Reisepass\n- ggf. Meldebescheinigung\n- ca. 2 Fotos"
    assert for_the_ear([text], follow_up="") == (
        "Unterlagen: Ausweis, zum Beispiel Reisepass. gegebenenfalls Meldebescheinigung. circa zwei Fotos."
    )


def test_empty_turn_and_options():
    assert for_the_ear([]) == FOLLOW_UP
    assert options_question(["Reisepass", "Personalausweis", "Kinderreisepass"]) == (
        "Meinen Sie Reisepass, Personalausweis oder Kinderreisepass?"
    )
    assert options_question(["Wohngeld"]) == "Meinen Sie Wohngeld?"
    assert options_question([]) == ""


def test_an_english_answer_is_shaped_for_the_ear_in_english_without_german_pronunciation():
    text = "The fee is €70.00.\nMore at https://www.hannover.de/pass.\nSource: Passport Act"
    assert for_the_ear([text], language="en") == (
        "The fee is 70 euros. More on the website of your town. Is there anything else you would like to know?"
    )
    assert (
        remove_links("Write to info@hannover.de.", ENGLISH)
        == "Write to the e-mail address on the website of your town."
    )
    assert options_question(["Passport", "Identity card (ID)", "Children's passport"], "en") == (
        "Do you mean Passport, Identity card or Children's passport?"
    )
