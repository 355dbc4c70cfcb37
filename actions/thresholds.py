"""The thresholds of the routing, each with where it was fitted; one place, so that the readings, the
clarifying questions and the decision use the same numbers."""

from __future__ import annotations

import re

ANSWER_CONFIDENCE = 0.4  # answer directly from here on: about one in two right or better (calibration bins)
CLARIFY_CONFIDENCE = 0.15  # below: not understood
# in other languages the retrieval's scores run lower (our own multilingual conversations: median
# confidence of a right first answer 0.78–0.90 against 0.99 in German), so a low one there does not
# mean "outside the Top 100": the citizen is asked back rather than handed over
FOREIGN_CLARIFY_CONFIDENCE = 0.05
# … and a lower confidence suffices to answer when the top service leads by more than a vague message's margin.
# On the first messages of our own sets in other languages (vagueness, conversations, general questions): right
# first answers 246 -> 255 of 299, wrong answers 9 -> 9 of 28, vague messages answered 21 -> 25 of 37.
FOREIGN_ANSWER_CONFIDENCE = 0.2
# A short message that scores several services alike is vague ("Frage zum Führerschein"): ask back.
# The retriever's calibrated confidence stays high for such messages (the whole family of services
# fits), so the margin between the first two decides. Chosen on nlu_data/ambiguous.yml against
# short clear requests ("Hundesteuer abmelden", "Kind für die Kita anmelden"), whose margins are mostly above 0.015:
# asking back when the citizen was clear costs more than answering the likeliest of two.
VAGUE_CONTENT_WORDS = 4
VAGUE_CONFIDENCE = 0.95
# a life situation asked about as a whole is asked back below this; a retrieval this sure of one service answers it
LIFE_SITUATION_CONFIDENCE = 0.98
SITUATION_WORDS = 5  # content words (after an opening that announces a topic) that can tell a life situation
MAX_OPTIONS = 4  # services a clarifying question offers at most
SITUATION_CANDIDATES = 4  # a situation's services the retrieval ranks among its first ones are offered first
VAGUE_MARGIN = 0.015
# A single word that names no service whole ("Gewerbe" is part of "Gewerbe anmelden", "Gewerbe
# abmelden" …) names a family: ask back, however sure the retrieval is of the family. Fitted on half of
# tests/data/vagueness/short_messages.jsonl; on the other half vague messages asked back 52 → 75 of 110,
# clear ones asked back 7 → 8 of 130.
# `servicecenter bench sets --dir tests/data/vagueness` runs the whole set.
# The vagueness detector (bot/components/vagueness_detector.py) is overruled by a service's search term named
# this fully.
VAGUE_NAMED = 0.9
FAMILY_WORDS = 1
FAMILY_WORD_NAMED = 0.9
FAMILY_WORD_MARGIN = 0.06
# "Frage zur …", "es geht um …", "Thema …": the citizen names a topic, not yet what they need.
TOPIC_ONLY_MARGIN = 0.04
TOPIC_ONLY = re.compile(
    r"^\W*((ja|hallo|hi|guten tag|moin|also|äh|ähm)\W+)*"
    r"((ich )?(hab|habe|hätte|hätt) (da |mal |noch )*(eine |ne |n |noch |kurze |kleine )*frage(n)?|"
    r"(eine |ne |kurze |kleine )*frage(n)?|"
    r"es geht um|thema|wegen|betrifft|betreff)\b",
    re.IGNORECASE,
)
# A question the retrieval cannot place (asked back or not understood) that names something no service text,
# search term or example question knows ("Drohne", "Wespennest") is about a matter outside the Top 100: a
# person can help, offering unrelated services cannot. A vague question inside them ("Ich brauche eine
# Bescheinigung") uses known words only. German only: the other languages' vocabulary is the services' names
# and summaries, too small to tell. Fitted on the even rows of tests/data/uncovered/ (outside 25 of 32 such
# turns handed over, inside 2 of 5, vague 0 of 87), checked on the odd rows (24 of 27, 1 of 4, vague 1 of 78).
OUTSIDE_UNKNOWN_WORDS = 1
OUTSIDE_CONTENT_WORDS = 3
OVERRULE_CONFIDENCE = 0.75  # DIET's small talk / off-topic wins below this retrieval confidence
CLARIFY_SCORE_GAP = 0.05  # candidates this close to the top one are offered
INTENT_CONFIDENCE = 0.7
# the off-topic regression this sure, of a message of some words the retrieval cannot place (below
# CLARIFY_CONFIDENCE), is off-topic though the neighbour margin disagrees ("tu as une recette de crêpes ?")
SURE_OFF_TOPIC = 0.99
SURE_OFF_TOPIC_WORDS = 3
FRUSTRATION_CONFIDENCE = 0.6
TOPIC_WORDS = 3  # a message of this many content words that names a service surely names a topic …
TOPIC_CONFIDENCE = 0.9  # … not one's own case, unless it says so
HOW_TO_CONFIDENCE = 0.7  # a how-to question DIET reads as one's own case is answered when the service is this clear
THANKS_WORDS = 8  # a thank-you in a sentence ("Merci beaucoup pour votre aide !"), not a letter
TERSE_WORDS = 3  # "und öffnungszeiten?", "kosten wie viel": a follow-up in few words
NAMED_SERVICE = 0.5  # term coverage from which a message names a service in its own words ("Schadensmeldung")
FRUSTRATION_LIMIT = 2  # signs of frustration that hand the conversation over
MAX_FAILED = 2
PURPOSE_GAP = 0.02  # a service this close behind the Bürgerbüro's own, named by its words, is why one goes there
