"""The `servicecenter` command: command line, process runner, predictions and benchmarks.

It sits on top of everything else (channels, the Rasa assistant in `bot/`, actions, knowledge) and nothing
imports it; the import-linter contracts in pyproject.toml keep it so.
"""
