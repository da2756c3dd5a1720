"""The load generator of bench/web.py (issue 16): errors during the warm-up are counted and
reported, never swallowed (a server failing only at first used to look clean)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hadcoord.config import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "bench"))
from _load import HOST, run_load


class Failing(BaseHTTPRequestHandler):
    """Answers 503 to everything."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def failing_server() -> Iterator[int]:
    server = ThreadingHTTPServer((HOST, 0), Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_errors_during_the_warm_up_are_counted(failing_server: int) -> None:
    result = run_load(failing_server, ["/"], "", 2, seconds=0.2, warmup=0.2)
    assert result.warmup_errors > 0
    assert result.first_warmup_error == "HTTP 503"
    assert result.errors > 0
    assert result.latencies_ms == []
