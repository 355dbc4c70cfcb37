"""rasa-webchat 1.0.1 from the npm registry on a website of another origin gets an answer (README: "rasa-webchat
works too"). The page's origin is allowed in the test settings (SC_WEBCHAT_ORIGINS), as a commune's website is by
default. The package is fetched at test setup into var/cache/, never by the product.
"""

from __future__ import annotations

import http.server
import subprocess
import tarfile
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect, sync_playwright

from settings import PROJECT_ROOT
from tests.conftest import foreign_page_origin

pytestmark = pytest.mark.e2e
VERSION = "1.0.1"
CACHE = PROJECT_ROOT / "var" / "cache" / f"rasa-webchat-{VERSION}"
WAIT = 30_000  # ms
PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Gemeinde Beispiel (andere Origin)</title></head>
<body><h1>Gemeinde Beispiel</h1>
<script src="/rasa-webchat.js"></script>
<script>
  WebChat.default({socketUrl: "RASA_URL", socketPath: "/socket.io/", embedded: true, initPayload: "/greet",
                   customData: {commune: "Burgdorf"}, params: {storage: "session"}, title: "Servicecenter"}, null);
</script>
</body></html>
"""


@pytest.fixture(scope="module")
def rasa_webchat() -> Path:
    """lib/index.js of rasa-webchat from the npm registry (npm pack), cached under var/cache/."""
    script = CACHE / "package" / "lib" / "index.js"
    if script.exists():
        return script
    CACHE.mkdir(parents=True, exist_ok=True)
    try:
        packed = subprocess.run(
            ["npm", "pack", f"rasa-webchat@{VERSION}"], cwd=CACHE, capture_output=True, text=True, timeout=180
        )
    except OSError as err:
        pytest.skip(f"npm is not installed ({err}): install Node.js with npm (Debian: apt install npm)")
    except subprocess.TimeoutExpired:
        pytest.skip(f"npm registry not reachable: npm pack rasa-webchat@{VERSION} took over 180 s")
    if packed.returncode != 0:
        pytest.skip(f"npm registry not reachable: npm pack rasa-webchat@{VERSION}: {packed.stderr.strip()[-300:]}")
    with tarfile.open(CACHE / f"rasa-webchat-{VERSION}.tgz") as tar:
        tar.extract("package/lib/index.js", CACHE)
    return script


@pytest.fixture
def commune_site(rasa_webchat: Path, assistant) -> Iterator[str]:
    """A page with rasa-webchat on another origin than the Rasa server (another host name and port)."""
    page = PAGE.replace("RASA_URL", assistant.servers.rasa_url).encode("utf-8")
    script = rasa_webchat.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = (script, "text/javascript") if self.path == "/rasa-webchat.js" else (page, "text/html")
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    origin = foreign_page_origin()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", urlparse(origin).port or 80), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield origin + "/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_rasa_webchat_on_another_origin_gets_an_answer(commune_site):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(commune_site)
            field = page.locator(".rw-new-message")
            expect(field).to_be_visible(timeout=WAIT)
            field.fill("Was kostet ein Personalausweis?")
            field.press("Enter")
            # its initPayload is answered first (a greeting that names the Personalausweis as an example)
            answer = page.locator(".rw-response", has_text="Zuständig für Burgdorf").first  # its customData's commune
            expect(answer).to_contain_text("Personalausweis", timeout=WAIT)
        finally:
            browser.close()
