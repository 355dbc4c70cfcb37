"""The security headers of every page we serve: the agent console and the Rasa server's widget and demo page.

One place, so both servers say the same; each page only chooses its Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Dict

# Pages of our own (console, demo page): only our own scripts, styles and connections, never in a frame.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
# A script, style sheet or JSON that commune websites load from us: it runs in their page, under their policy;
# this one only keeps the file itself from being opened as a document that does anything.
RESOURCE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def security_headers(csp: str = STRICT_CSP, cross_origin: bool = False) -> Dict[str, str]:
    """The headers for one response; `cross_origin`: embedded by other websites (the widget), so readable by them."""
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Resource-Policy": "cross-origin" if cross_origin else "same-origin",
    }
    if cross_origin:
        headers["Access-Control-Allow-Origin"] = "*"
    return headers


def with_inline_styles(csp: str, page: str) -> str:
    """`csp` allowing exactly the page's own <style> blocks (by hash), nothing else inline."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(style.encode('utf-8')).digest()).decode('ascii')}'"
        for style in _STYLE.findall(page)
    )
    return csp.replace("style-src 'self'", f"style-src 'self' {hashes}") if hashes else csp
