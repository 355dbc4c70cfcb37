"""The agent console: human agents of the Servicecenter take over handed-off conversations live.

A FastAPI app of its own (not a Rasa channel) with its own tables next to the handoff queue
(`handoff_db_url`): agents, login sessions, cases (claims, outcomes) and the transcripts.
"""
