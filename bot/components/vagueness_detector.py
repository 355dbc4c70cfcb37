"""A message that names a topic several services share, not which one the citizen needs, is asked back.

"es geht um mein Gewerbe", "wir bekommen ein Baby, was nun?": the retriever is sure of the family
and its calibrated confidence stays high, so neither it nor the margin tells such a message from a
clear one. This second opinion (`second_opinion.py`) compares the sentence embedding with the
self-written vague messages of `nlu_data/vague/` (examples with the metadata `vague: true`) and with
all other examples, the clear near misses of the same file among them. The routing asks back what it
finds, unless the message names a service or a part of one in its own words.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT
from rasa.shared.nlu.training_data.message import Message

from bot.components.second_opinion import SecondOpinion

VAGUE = "vague"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class VaguenessDetector(SecondOpinion):
    OUTPUT = VAGUE

    def in_family(self, example: Message) -> bool:
        metadata = example.get(METADATA) or {}
        return bool((metadata.get(METADATA_INTENT) or {}).get(VAGUE))
