"""The Top-100 knowledge base: records, responsibility, search. Knows nothing of Rasa."""
