"""The Rasa assistant: settings, command line, NLU components and model configuration."""
