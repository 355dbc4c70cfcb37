"""`python -m channels.console`: the console with the settings from the environment."""

from bot.settings import get_settings
from channels.console.serve import serve

if __name__ == "__main__":
    serve(get_settings())
