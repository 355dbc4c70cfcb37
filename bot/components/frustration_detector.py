"""Frustration with the assistant's answers is noticed, whatever words it comes in.

"Boah, das bringt echt nix", "Die Adresse, die Sie nennen, stimmt seit Jahren nicht": DIET reads many
such messages as a service question, a denial or small talk. This second opinion (`second_opinion.py`)
compares the sentence embedding with the self-written signs of frustration of `nlu_data/handoff/` and
all other examples. The routing counts what it finds as one sign of frustration.
"""

from __future__ import annotations

from typing import Any, Dict

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.components.second_opinion import SecondOpinion

FRUSTRATED = "frustrated"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FrustrationDetector(SecondOpinion):
    INTENTS = ("frustration",)
    OUTPUT = FRUSTRATED

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # a clearer margin than the off-topic opinion: a follow-up read as frustration gets an apology
        # instead of its answer (chosen on tests/data/handoff and the dialogue turns of our own sets)
        return {**SecondOpinion.get_default_config(), "min_probability": 0.6, "min_margin": 0.01}
