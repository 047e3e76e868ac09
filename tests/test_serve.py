"""The production command, ``bin/serve``, and the Dockerfile that runs it."""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

from django.conf import settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_bin_serve_migrates_collects_and_serves_the_health_check(tmp_path):
    """Run the production command on a fresh SQLite file and a free port, then stop it."""
    port = free_port()
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "CACHE_"))
    }
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-production-secret-of-fifty-characters-or-more-7Qx",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
    )
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [settings.BASE_DIR / "bin" / "serve"],
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        answer = wait_for_health(f"http://127.0.0.1:{port}/healthz", server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.seek(0)
        output = log.read()
        log.close()

    assert answer == (200, b'{"status": "ok"}'), output
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert f"Listening at: http://127.0.0.1:{port}" in output
    assert 'method=GET path="/healthz" query="" status=200' in output


def wait_for_health(url: str, server: subprocess.Popen) -> tuple[int, bytes] | None:
    """Fetch ``url`` until it answers, the server exits, or two minutes have passed."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our server
                return response.status, response.read()
        except OSError:
            time.sleep(0.25)
    return None


def test_the_dockerfile_installs_as_bin_serve_does_and_runs_it():
    """The image is bin/serve's steps and no others, so the two cannot drift apart."""
    dockerfile = (settings.BASE_DIR / "Dockerfile").read_text()
    serve = (settings.BASE_DIR / "bin" / "serve").read_text()

    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    assert 'source "$(dirname "$0")/_venv.sh" requirements.txt' in serve
    assert 'RUN bash -c "source bin/_venv.sh requirements.txt"' in dockerfile
    assert dockerfile.rstrip().endswith('CMD ["bin/serve"]')
