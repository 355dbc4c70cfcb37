"""`python -m channels.console`: the console with the settings from the environment."""

from channels.console.serve import serve
from settings import get_settings

if __name__ == "__main__":
    serve(get_settings())
