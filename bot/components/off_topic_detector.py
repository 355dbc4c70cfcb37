"""Off-topic messages are declined, not answered as a service or a follow-up.

DIET, trained mostly on service questions, is often sure that "Wer gewinnt heute, 96 oder St. Pauli?"
asks for a service. This second opinion (`second_opinion.py`) compares the sentence embedding with the
self-written everyday questions of `nlu_data/off_topic/` and the other off-topic examples. The routing
declines what it finds, unless the message names a service surely or asks about the one discussed.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.components.second_opinion import SecondOpinion

OFF_TOPIC = "off_topic"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class OffTopicDetector(SecondOpinion):
    INTENTS = ("out_of_scope",)
    OUTPUT = OFF_TOPIC
