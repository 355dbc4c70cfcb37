"""Redaction before the editors' queue stores a text: every planted item goes, the ordinary words stay."""

from __future__ import annotations

import pytest

from actions.redaction import redact

# (text, planted personal data that must vanish, ordinary words that must stay)
SAMPLES = [
    ("Ich heiße Anna Schulze und brauche einen neuen Personalausweis.", ["Anna", "Schulze"], ["Personalausweis"]),
    ("Mein Name ist Jürgen Özdemir, wie melde ich mich um?", ["Jürgen", "Özdemir"], ["melde", "um?"]),
    ("mein Name lautet Krzysztof Nowak – was kostet der Reisepass?", ["Krzysztof", "Nowak"], ["Reisepass"]),
    ("Guten Tag, hier schreibt Frau Meyer wegen der Hundesteuer.", ["Meyer"], ["Hundesteuer", "Guten Tag"]),
    ("Herr Dr. Bäcker fragt nach dem Wohngeld.", ["Bäcker"], ["Wohngeld", "fragt"]),
    ("Ich bin Herrn Schmidt-Lüdersen begegnet, er sagte, der Antrag dauert lange.", ["Schmidt-Lüdersen"], ["Antrag"]),
    ("Meine Frau braucht einen Termin im Bürgerbüro.", [], ["Meine Frau braucht", "Bürgerbüro"]),
    ("Rufen Sie mich an: 0511 1234567", ["0511 1234567", "1234567"], ["Rufen Sie mich an"]),
    ("Meine Nummer ist +49 176 12345678, bitte Rückruf.", ["12345678", "+49 176"], ["Rückruf"]),
    ("Tel.: (05136) 89 75 40 – ich warte auf den Bescheid.", ["89 75 40", "05136"], ["Bescheid"]),
    ("Handy 0176/9876543 erreichbar ab 16 Uhr.", ["9876543"], ["16 Uhr", "erreichbar"]),
    ("Telefon 0049 5131 7070 70 bei Fragen", ["5131 7070"], ["Fragen"]),
    ("Schreiben Sie an anna.schulze@example.de bitte.", ["anna.schulze@example.de", "example.de"], ["Schreiben"]),
    ("meine Mail: j.oezdemir+amt@posteo.net", ["oezdemir", "posteo"], ["meine Mail"]),
    ("Überweisung von DE89 3704 0044 0532 0130 00 ist raus.", ["DE89", "3704 0044", "0130 00"], ["Überweisung"]),
    ("IBAN DE02120300000000202051 – wann kommt das Kindergeld?", ["DE02120300000000202051"], ["Kindergeld"]),
    ("Ich wohne in der Lindenstraße 12 in Burgdorf.", ["Lindenstraße 12"], ["Burgdorf", "wohne"]),
    ("Adresse: Hildesheimer Str. 20a, 30169 Hannover", ["Hildesheimer Str. 20a", "30169"], ["Adresse"]),
    ("Wir ziehen in die Lange Straße 5 um, was muss ich tun?", ["Lange Straße 5"], ["ziehen", "was muss ich tun"]),
    ("Am Markt 3 ist mein Laden, brauche ich eine Gewerbeanmeldung?", ["Am Markt 3"], ["Gewerbeanmeldung"]),
    ("Neue Wohnung An der Kirche 7, Ummeldung bitte", ["An der Kirche 7"], ["Ummeldung"]),
    ("Mein Aktenzeichen ist 123/45-AB, wie ist der Stand?", ["123/45-AB"], ["Stand", "Aktenzeichen"]),
    ("Az. 4711-2024-WG zum Wohngeld", ["4711-2024-WG"], ["Wohngeld"]),
    ("Kundennummer: K 55512 – meine Mülltonne fehlt", ["55512"], ["Mülltonne"]),
    ("Kassenzeichen 9 102 334 455 für die Grundsteuer", ["334 455", "9 102"], ["Grundsteuer"]),
    ("Steuer-ID 12 345 678 901 wo finde ich die?", ["345 678 901"], ["finde"]),
    ("Vorgangsnummer VG-2026-00815 seit Wochen offen", ["VG-2026-00815", "00815"], ["seit Wochen offen"]),
    ("Ich bin am 12.03.1985 geboren und brauche eine Geburtsurkunde.", ["12.03.1985"], ["Geburtsurkunde"]),
    ("geb. 1.1.1990, Führerschein verloren", ["1.1.1990"], ["Führerschein verloren"]),
    ("Geburtsdatum: 03. Mai 1972 – Rente?", ["Mai 1972", "03."], ["Rente"]),
    ("Mein Sohn ist am 2015-07-04 geboren, Kinderpass?", ["2015-07-04"], ["Kinderpass"]),
    (
        "Ich heiße Lea Brandt, wohne Kirchweg 4, 31303 Burgdorf, Tel 05136 12345, lea@web.de",
        ["Lea", "Brandt", "Kirchweg 4", "31303", "12345", "lea@web.de"],
        ["wohne"],
    ),
    ("Frau Prof. Albers-Kühn hat mir gesagt, ich soll hier fragen", ["Albers-Kühn"], ["gesagt", "fragen"]),
    ("Herr Yılmaz möchte sein Auto zulassen", ["Yılmaz"], ["Auto zulassen"]),
    ("Mein Name ist Ahmad Al-Sayed, ich brauche einen Aufenthaltstitel", ["Ahmad", "Al-Sayed"], ["Aufenthaltstitel"]),
    ("Geschäftszeichen 32.1-0815/26 Baugenehmigung", ["0815/26", "32.1"], ["Baugenehmigung"]),
    ("Bitte an Frau Ewa Kowalczyk weiterleiten, Vorgang unklar", ["Ewa", "Kowalczyk"], ["weiterleiten"]),
    ("Ich brauche ein Führungszeugnis für 13 Euro, oder?", [], ["Führungszeugnis", "13 Euro"]),
    ("Was kostet die Hundesteuer 2026 in Laatzen?", [], ["Hundesteuer 2026", "Laatzen"]),
    ("Wie lange dauert ein Reisepass? 6 Wochen?", [], ["Reisepass", "6 Wochen"]),
    # English
    ("My name is John Smith and I lost my passport.", ["John", "Smith"], ["lost my passport"]),
    ("Call me on +44 7700 900123 please", ["7700 900123"], ["Call me"]),
    ("I live at 221 Baker Street, how do I register?", ["221 Baker Street"], ["register"]),
    ("Mrs. Patel, born 14/02/1990, needs a residence permit", ["Patel", "14/02/1990"], ["residence permit"]),
    ("My file number is AZ-778-19, any news?", ["AZ-778-19"], ["any news"]),
    ("Email me: j.smith@gmail.com", ["j.smith@gmail.com"], ["Email me"]),
    # French
    ("Je m'appelle Marie Dupont, je cherche la carte d'identité.", ["Marie", "Dupont"], ["carte d'identité"]),
    ("J'habite au 12 rue de la Paix et je déménage", ["12 rue de la Paix"], ["déménage"]),
    ("Née le 5 mars 1988, Madame Lefèvre demande un passeport", ["5 mars 1988", "Lefèvre"], ["passeport"]),
    ("numéro de dossier 2026/4411 pour l'allocation logement", ["2026/4411"], ["allocation logement"]),
    # Turkish
    ("Benim adım Mehmet Kaya, nüfus cüzdanı istiyorum.", ["Mehmet", "Kaya"], ["istiyorum"]),
    ("Telefonum 0157 23456789, beni arayın", ["23456789"], ["arayın"]),
    ("Adresim Atatürk Caddesi No. 15, oturma izni", ["Atatürk Caddesi No. 15"], ["oturma izni"]),
    # Ukrainian and Russian
    ("Мене звати Олена Коваленко, потрібен паспорт.", ["Олена", "Коваленко"], ["паспорт"]),
    ("Меня зовут Иван Петров, номер дела 55-13/2026.", ["Иван", "Петров", "55-13/2026"], ["номер дела"]),
    ("Мой телефон +380 67 123 45 67", ["123 45 67", "+380"], ["телефон"]),
    ("Я живу: вулиця Шевченка, 12", ["Шевченка, 12"], ["живу"]),
    # Arabic
    ("اسمي محمد العلي وأحتاج إلى جواز سفر", ["محمد"], ["جواز سفر"]),
    ("رقمي 01521 7654321", ["7654321"], ["رقمي"]),
    ("بريدي ahmad.k@mail.de", ["ahmad.k@mail.de"], ["بريدي"]),
    ("Ummeldung in Laatzen, mein Name ist Tim, Telefon 0511-98765", ["Tim", "98765"], ["Ummeldung in Laatzen"]),
]


def test_there_are_at_least_fifty_samples():
    assert len(SAMPLES) >= 50
    assert sum(len(planted) for _, planted, _ in SAMPLES) >= 80


@pytest.mark.parametrize("text,planted,ordinary", SAMPLES, ids=[s[0][:30] for s in SAMPLES])
def test_every_planted_item_is_redacted_and_ordinary_words_stay(text, planted, ordinary):
    out = redact(text)
    for item in planted:
        assert item not in out, f"{item!r} stayed in {out!r}"
    for word in ordinary:
        assert word in out, f"{word!r} was lost in {out!r}"


def test_placeholders_name_what_was_there():
    assert redact("Mein Name ist Anna Schulze, Tel. 0511 1234567") == "Mein Name ist [Name], Tel. [Telefon]"
    assert redact("Aktenzeichen 123/45-AB, Lindenstraße 12") == "Aktenzeichen [Aktenzeichen], [Adresse]"
    assert redact("an a.b@c.de, geboren 01.02.1990") == "an [E-Mail], geboren [Datum]"
    assert redact("Frau Meyer, IBAN DE89 3704 0044 0532 0130 00") == "Frau [Name], IBAN [IBAN]"
    assert redact("Was kostet ein Personalausweis?") == "Was kostet ein Personalausweis?"
