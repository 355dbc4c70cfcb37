"""The citizen's own case goes to a person, whatever words it comes in.

"Der Kita-Beitrag wird trotz Ermäßigung voll abgebucht" or "Sperrmüll liegt seit Dienstag noch da"
name a service, and DIET reads them as service questions. This second opinion (`second_opinion.py`)
compares the sentence embedding with the self-written own cases and complaints of `nlu_data/handoff/`
and `nlu_data/safety/` and with all other examples, general look-alikes included ("was passiert, wenn
die Tonne nicht geleert wurde?"). The routing hands over what it finds, unless the message asks how a
service is done and the service is clear.
"""

from __future__ import annotations

from typing import Any, Dict

from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from bot.components.second_opinion import SecondOpinion

OWN_CASE = "own_case"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class OwnCaseDetector(SecondOpinion):
    INTENTS = ("case_status", "complaint")
    OUTPUT = OWN_CASE

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # a wrong handoff costs an agent's time: surer than the off-topic opinion (chosen on our own sets,
        # tests/data/handoff and tests/data/holdout: own cases against general questions and near misses)
        return {**SecondOpinion.get_default_config(), "min_probability": 0.7}
