"""Rasa custom actions, one module per feature; `dispatch` routes each turn to them."""
