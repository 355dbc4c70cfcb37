"""Voice IVR: callers reach the assistant by phone (SIP gateway, Whisper STT, Pico TTS, Rasa voice channel).

Nothing is loaded at import time; see gateway.py for the call flow and rasa_channel.py for the dialogue.
"""
