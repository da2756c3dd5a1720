"""Helpers of bench/web.py: the app under waitress in its own process, and a load generator.

The server runs in a separate (spawned) process so that the client threads never compete with the
server's worker threads for one GIL: on this 2-core machine each side gets about one core, and the
`/healthz` baseline measures what is left of the client and server floor. The load generator keeps
one HTTP/1.1 keep-alive connection per client thread, talks to 127.0.0.1 only, and stops by itself
(time limit and request cap).
"""

from __future__ import annotations

import http.client
import logging
import multiprocessing as mp
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType

HOST = "127.0.0.1"  # loopback only, never any other address
MAX_REQUESTS_PER_CLIENT = 50_000
TIMEOUT_S = 30.0


def _serve(database_url: str, threads: int, pipe: Connection) -> None:
    """Child process: build the app on ``database_url`` and serve it until terminated."""
    from waitress.server import create_server  # noqa: PLC0415 — only the child needs these

    from hadcoord.config import PROJECT_ROOT, load_settings  # noqa: PLC0415
    from hadcoord.web import create_app  # noqa: PLC0415
    from hadcoord.web.auth_secret import generate_secret  # noqa: PLC0415

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth" at 50 clients
    settings = load_settings(PROJECT_ROOT / "config.toml",
                             environ={"HADCOORD_DATABASE_URL": database_url,
                                      "HADCOORD_SECRET_KEY": generate_secret(),
                                      "HADCOORD_SECURITY_MFA_ROLES": "",
                                      "HADCOORD_SECURITY_API_REQUESTS_PER_MINUTE": "100000"})
    server = create_server(create_app(settings=settings), host=HOST, port=0, threads=threads,
                           ident="")
    pipe.send(server.effective_port)  # type: ignore[union-attr]  # one socket: a TcpWSGIServer
    server.run()


class Server:
    """``with Server(url, threads) as port:`` the app served by waitress on 127.0.0.1:port."""

    def __init__(self, database_url: str, threads: int) -> None:
        context = mp.get_context("spawn")  # a clean interpreter: no engine or thread inherited
        self._pipe, child = context.Pipe(duplex=False)
        self._process = context.Process(target=_serve, args=(database_url, threads, child),
                                         daemon=True)

    def __enter__(self) -> int:
        self._process.start()
        try:
            if self._pipe.poll(60):
                port: int = self._pipe.recv()
                return port
        except EOFError:
            pass  # the child died: its traceback is on stderr
        self._process.terminate()
        msg = "le serveur waitress n'a pas démarré (voir les messages ci-dessus)"
        raise RuntimeError(msg)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._process.terminate()
        self._process.join(10)


def get_each(port: int, paths: Sequence[str], cookie: str) -> list[str]:
    """GET every path once, one after the other (first reads, caches); the failures."""
    connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
    failures = []
    for path in paths:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            failures.append(f"{path} : HTTP {response.status}")
    connection.close()
    return failures


@dataclass(frozen=True)
class LoadResult:
    """What the clients measured after the warm-up, and the warm-up's errors (counted
    apart: they are not in the latencies, but never hidden)."""

    latencies_ms: list[float]
    errors: int
    seconds: float
    first_error: str
    warmup_errors: int = 0
    first_warmup_error: str = ""

    def percentile(self, q: int) -> float:
        """The q-th percentile latency in ms (NaN without enough samples)."""
        if len(self.latencies_ms) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[q - 1]

    @property
    def rate(self) -> float:
        """Successful requests per second."""
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0


def run_load(port: int, paths: Sequence[str], cookie: str, clients: int, *, seconds: float,
             warmup: float) -> LoadResult:
    """``clients`` threads GET ``paths`` in turn for ``warmup`` then ``seconds`` seconds."""
    latencies: list[float] = []
    errors: list[str] = []
    warmup_errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)
    # As a browser: compressed responses accepted (issue 19: HTML, JSON, the ARS map).
    headers = {"Cookie": cookie, "Connection": "keep-alive", "Accept-Encoding": "gzip"}
    times: dict[str, float] = {}

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
        mine: list[float] = []
        failed: list[str] = []
        failed_warming: list[str] = []
        barrier.wait()
        measure_from, stop_at = times["measure"], times["stop"]
        for count in range(MAX_REQUESTS_PER_CLIENT):
            began = time.perf_counter()
            if began >= stop_at:
                break
            try:
                connection.request("GET", paths[(index + count * clients) % len(paths)],
                                   headers=headers)
                response = connection.getresponse()
                response.read()
                ok, reason = response.status == 200, f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
                ok, reason = False, repr(error)
            if began < measure_from:
                if not ok:
                    failed_warming.append(reason)
            elif ok:
                mine.append((time.perf_counter() - began) * 1000)
            else:
                failed.append(reason)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.extend(failed)
            warmup_errors.extend(failed_warming)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    start = time.perf_counter()
    times.update(measure=start + warmup, stop=start + warmup + seconds)
    barrier.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - times["measure"]
    return LoadResult(latencies, len(errors), elapsed, errors[0] if errors else "",
                      len(warmup_errors), warmup_errors[0] if warmup_errors else "")


LAUNCH = "import sys; from hadcoord.cli import main; sys.argv[0] = 'hadcoord'; main()"


class ProcessServer:
    """``with ProcessServer(url, workers, threads) as port:`` `hadcoord serve --workers N`.

    The production command in its own process group (gunicorn when ``workers`` > 1), on
    127.0.0.1 and a free port; ended with SIGINT (gunicorn's quick shutdown).
    """

    def __init__(self, database_url: str, workers: int, threads: int) -> None:
        import os  # noqa: PLC0415
        import socket  # noqa: PLC0415

        from hadcoord.web.auth_secret import generate_secret  # noqa: PLC0415

        with socket.socket() as probe:
            probe.bind((HOST, 0))
            self.port: int = probe.getsockname()[1]
        self._args = ["serve", "--host", HOST, "--port", str(self.port),
                      "--workers", str(workers)]
        self._env = {**os.environ, "HADCOORD_DATABASE_URL": database_url,
                     "HADCOORD_SECRET_KEY": generate_secret(), "HADCOORD_SECURITY_MFA_ROLES": "",
                     "HADCOORD_SECURITY_API_REQUESTS_PER_MINUTE": "100000",
                     "HADCOORD_WEB_THREADS": str(threads)}
        self._process: object = None

    def __enter__(self) -> int:
        import subprocess  # noqa: PLC0415
        import sys  # noqa: PLC0415

        process = subprocess.Popen([sys.executable, "-c", LAUNCH, *self._args], env=self._env,
                                   stdout=subprocess.DEVNULL)
        self._process = process
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            try:
                connection = http.client.HTTPConnection(HOST, self.port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return self.port
            except OSError:
                time.sleep(0.5)
        process.kill()
        msg = "hadcoord serve --workers n'a pas démarré (voir les messages ci-dessus)"
        raise RuntimeError(msg)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        import signal  # noqa: PLC0415
        import subprocess  # noqa: PLC0415

        process = self._process
        if isinstance(process, subprocess.Popen):
            process.send_signal(signal.SIGINT)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
