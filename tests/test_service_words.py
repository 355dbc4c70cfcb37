"""Words of one service's texts that another's lack: the sign of a move between siblings."""

from knowledge.passages import Passage
from knowledge.service_words import ServiceWords, words_of

PASSAGES = [
    Passage("fahrzeug-zulassen", "name", "Fahrzeug zulassen"),
    Passage("fahrzeug-zulassen", "summary", "Ein Fahrzeug wird mit Kennzeichen bei der Zulassungsstelle zugelassen."),
    Passage("wunschkennzeichen", "name", "Wunschkennzeichen reservieren"),
    Passage("wunschkennzeichen", "summary", "Buchstaben und Zahlen des Kennzeichens selbst aussuchen und reservieren."),
    Passage("wunschkennzeichen", "example", "geht das auch per post"),  # example questions do not count
]


def test_a_word_of_the_other_service_that_the_current_one_lacks_is_counted():
    words = ServiceWords.of(PASSAGES)
    asked = "kann ich mir die Buchstaben selbst aussuchen?"
    assert words.new_words(asked, "fahrzeug-zulassen", "wunschkennzeichen") == 3
    # shared words ("Kennzeichen") and words of neither count nothing, nor do example questions' words
    assert words.new_words("und das Kennzeichen?", "fahrzeug-zulassen", "wunschkennzeichen") == 0
    assert words.new_words("geht das auch per Post?", "fahrzeug-zulassen", "wunschkennzeichen") == 0
    assert words.new_words("irgendwas", "fahrzeug-zulassen", "unbekannt") == 0


def test_spellings_and_inflections_meet():
    words = ServiceWords.of(PASSAGES)
    assert words.new_words("die BUCHSTABEN aussuchen", "fahrzeug-zulassen", "wunschkennzeichen") == 2
    # "Kennzeichens" meets the Zulassung's "Kennzeichen": shared, so no sign of a move
    assert words.new_words("wegen des Kennzeichens", "fahrzeug-zulassen", "wunschkennzeichen") == 0
    assert words_of("Führerschein FUEHRERSCHEIN") == {"fuehrerschein"}
    assert words_of("aber dafür bitte") == set()  # function words
