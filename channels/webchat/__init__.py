"""Web chat for municipal websites: Rasa's socket.io channel, its protocol unchanged, plus the agent route.

Citizens' browsers speak Rasa's socket.io protocol (session_request / session_confirm / user_uttered /
bot_uttered, `customData` as metadata), so rasa-webchat and other Rasa widgets work against this channel
too. Our own widget (static/widget.js) is served from here. The agent console pushes an agent's message
into the citizen's room through `POST /webhooks/webchat/agent`, authenticated with the Rasa API token.
"""

from channels.webchat.channel import WebchatInput, WebchatOutput

__all__ = ["WebchatInput", "WebchatOutput"]
