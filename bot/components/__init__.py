"""Custom Rasa NLU components, one per file, registered with DefaultV1Recipe."""
