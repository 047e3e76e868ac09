"""Measure the portal at national scale: python bench/run.py (see README, "The benchmark").

Builds the national dataset in PostgreSQL (or reuses it), serves the portal under gunicorn
with production settings, and prints the median and p95 of each path of the table, each
beside its baselines measured interleaved in the same rounds: a bare Django view returning a
body of the same size through the same server, and, for statistics and lists, the raw SQL of
the same aggregation. Then 20 clients for 30 s on the home page and on the summary. Last,
the admin's export of every event as the background job runs it, in a process of its own:
its time beside PostgreSQL's COPY of the same table, and its peak memory beside that of a
process that only starts Django.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"


@dataclass
class Path_:
    label: str
    url: str
    sql: str | None = None  # the raw SQL of the same aggregation, if there is one
    admin: bool = False


@dataclass
class Timings:
    path: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)
    status: int = 0
    size: int = 0


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (nearest rank), e.g. 0.95 for p95."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))
    return ordered[rank]


def table(rows: list[tuple[Path_, Timings]]) -> str:
    """Lay out the timings in milliseconds as a Markdown table."""
    lines = [
        "| path | status | bytes | median ms | p95 ms | bare median | × bare | SQL median "
        "| × SQL |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for path, timing in rows:
        median = statistics.median(timing.path) * 1000
        bare = statistics.median(timing.bare) * 1000 if timing.bare else None
        sql = statistics.median(timing.sql) * 1000 if timing.sql else None
        lines.append(
            f"| {path.label} `{path.url}` | {timing.status} | {timing.size:,} "
            f"| {median:,.1f} | {percentile(timing.path, 0.95) * 1000:,.1f} "
            f"| {'' if bare is None else f'{bare:,.1f}'} "
            f"| {'' if not bare else f'{median / bare:,.1f}×'} "
            f"| {'' if sql is None else f'{sql:,.1f}'} "
            f"| {'' if not sql else f'{median / sql:,.1f}×'} |"
        )
    return "\n".join(lines)


def load_table(results: dict[str, dict]) -> str:
    lines = [
        "| concurrent clients on | requests/s | median ms | p95 ms | errors |",
        "|---|---|---|---|---|",
    ]
    for url, result in results.items():
        lines.append(
            f"| `{url}` | {result['rate']:,.1f} | {result['median'] * 1000:,.1f} "
            f"| {result['p95'] * 1000:,.1f} | {result['errors']} |"
        )
    return "\n".join(lines)


class Client:
    """One keep-alive connection to the server, sending the bench's cookie."""

    def __init__(self, port: int, cookie: str = "") -> None:
        self.port = port
        self.cookie = cookie
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def get(self, url: str, admin: bool = False) -> tuple[int, int, float]:
        headers = {"Host": "127.0.0.1", "Accept-Language": "zh-hans"}
        if admin and self.cookie:
            headers["Cookie"] = self.cookie
        started = time.perf_counter()
        try:
            self.connection.request("GET", url, headers=headers)
            response = self.connection.getresponse()
            body = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            raise
        return response.status, len(body), time.perf_counter() - started


def database_url(name: str) -> str:
    return os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}")


def manage(*arguments: str, env: dict) -> None:
    subprocess.run([str(PYTHON), "manage.py", *arguments], cwd=ROOT, env=env, check=True)


def prepare_database(args, env: dict) -> None:
    """Create the database and the dataset unless they are there already."""
    import psycopg2

    url = urllib.parse.urlparse(env["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = psycopg2.connect(env["DATABASE_URL"].replace(url.path, "/postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    manage("migrate", "--no-input", "-v0", env=env)
    with psycopg2.connect(env["DATABASE_URL"]) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM auth_user WHERE username LIKE 'sample-%%'")
        generated = cursor.fetchone()[0]
    if not generated:
        print(f"Generating {args.pairings} pairings × {args.years} years, seed {args.seed} …")
        manage(
            "generate_data",
            f"--pairings={args.pairings}",
            f"--years={args.years}",
            f"--seed={args.seed}",
            env=env,
        )


def shell(env: dict, code: str) -> str:
    """Run ``code`` in ``manage.py shell`` and return the last line it prints."""
    output = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-v0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return output.strip().splitlines()[-1]


def admin_cookie(env: dict) -> str:
    """Sign a bench superuser in, as a session row, and return the cookie that carries it."""
    code = (
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY,"
        " HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from django.conf import settings\n"
        "User = get_user_model()\n"
        "user, _ = User.objects.get_or_create(username='bench-admin',"
        " defaults={'is_staff': True, 'is_superuser': True})\n"
        "user.set_unusable_password(); user.save()\n"
        "session = SessionStore()\n"
        "session[SESSION_KEY] = str(user.pk)\n"
        "session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "session.create()\n"
        "print(settings.SESSION_COOKIE_NAME + '=' + session.session_key)\n"
    )
    return shell(env, code)


def facts(env: dict) -> dict:
    """The pairing, the year and the sizes the paths name."""
    import psycopg2

    with psycopg2.connect(env["DATABASE_URL"]) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id FROM cooperation_pairing p JOIN auth_user u ON u.id = p.created_by_id"
            " WHERE u.username LIKE 'sample-%%' ORDER BY p.id LIMIT 1"
        )
        pairing = cursor.fetchone()[0]
        cursor.execute("SELECT max(year) FROM cooperation_outcome WHERE status = 'published'")
        year = cursor.fetchone()[0]
    return {"pairing": pairing, "year": year}


EVENTS_IN_YEAR = (
    "start_date <= %(end)s AND (end_date >= %(start)s OR (end_date IS NULL"
    " AND start_date >= %(start)s))"
)
LASTING = "({date} <= %(end)s OR {date} IS NULL)"


def summary_sql(pairing: bool, year: bool) -> str:
    """One statement computing what the summary shows: each record set by its group, and
    the outcomes and targets per indicator, of published records."""
    where = "status = 'published'" + (" AND pairing_id = %(pairing)s" if pairing else "")

    def period(condition: str) -> str:
        return f" AND {condition}" if year else ""

    ends_after_start = " AND (end_date >= %(start)s OR end_date IS NULL)"
    parts = [
        "SELECT 'events', kind, count(*), sum(participants) FROM programs_event"
        f" WHERE {where}{period(EVENTS_IN_YEAR)} GROUP BY ROLLUP (kind)",
        "SELECT 'bases', kind, count(*), NULL FROM programs_base"
        f" WHERE {where}{period(LASTING.format(date='established_on'))} GROUP BY ROLLUP (kind)",
        "SELECT 'agreements', kind, count(*), NULL FROM cooperation_agreement"
        f" WHERE {where}{period(LASTING.format(date='signed_on'))} GROUP BY ROLLUP (kind)",
        "SELECT 'engagements', role, count(*), NULL FROM talent_expertengagement"
        f" WHERE {where}{period(LASTING.format(date='start_date') + ends_after_start)}"
        " GROUP BY ROLLUP (role)",
        "SELECT 'secondments', is_long_term::text, count(*),"
        " sum(COALESCE(end_date, CURRENT_DATE) - start_date + 1) FROM talent_secondment"
        f" WHERE {where}{period('start_date <= %(end)s' + ends_after_start)}"
        " GROUP BY ROLLUP (is_long_term)",
        "SELECT 'mentor_pairings', NULL, count(*), NULL FROM talent_mentorpairing"
        f" WHERE {where}{period(LASTING.format(date='start_date'))}",
        "SELECT 'outcomes', indicator_id::text, count(*), sum(value) FROM cooperation_outcome"
        f" WHERE {where}{period('year = %(year)s')} GROUP BY indicator_id",
        "SELECT 'targets', indicator_id::text, count(*), sum(value) FROM cooperation_target"
        f" WHERE {where}{period('year = %(year)s')} GROUP BY indicator_id",
    ]
    return " UNION ALL ".join(parts)


def paths(facts: dict) -> list[Path_]:
    pairing, year = facts["pairing"], facts["year"]
    list_sql = (
        "SELECT * FROM programs_event WHERE status = 'published'"
        " ORDER BY start_date DESC, title, id LIMIT 100 OFFSET {offset}"
    )
    return [
        Path_("event list, page 1", "/api/v1/events/?page_size=100", list_sql.format(offset=0)),
        Path_(
            "event list, page 500",
            "/api/v1/events/?page_size=100&page=500",
            list_sql.format(offset=49900),
        ),
        Path_(
            "outcome list, page 400",
            "/api/v1/outcomes/?page_size=100&page=400",
            "SELECT o.* FROM cooperation_outcome o JOIN cooperation_indicator i"
            " ON i.id = o.indicator_id WHERE o.status = 'published'"
            " ORDER BY o.year DESC, i.code, o.id LIMIT 100 OFFSET 39900",
        ),
        Path_(
            "people list, page 500",
            "/api/v1/people/?page_size=100&page=500",
            "SELECT * FROM talent_person WHERE is_public ORDER BY name, id LIMIT 100 OFFSET 49900",
        ),
        Path_("home", "/"),
        Path_("a pairing's page", f"/pairings/{pairing}/"),
        Path_(
            "one pairing's summary",
            f"/api/v1/stats/summary/?pairing_id={pairing}&year={year}",
            summary_sql(pairing=True, year=True),
        ),
        Path_("summary, no pairing", "/api/v1/stats/summary/", summary_sql(False, False)),
        Path_(
            "events grouped by pairing",
            "/api/v1/stats/events/?group_by=pairing",
            "SELECT pairing_id, count(*), sum(participants) FROM programs_event"
            " WHERE status = 'published' GROUP BY pairing_id",
        ),
        Path_(
            "outcomes grouped by pairing",
            "/api/v1/stats/outcomes/?group_by=pairing",
            "SELECT pairing_id, indicator_id, count(*), sum(value) FROM cooperation_outcome"
            " WHERE status = 'published' GROUP BY pairing_id, indicator_id",
        ),
        Path_("admin event list", "/admin/programs/event/", admin=True),
        Path_("admin people list", "/admin/talent/person/", admin=True),
        Path_(
            "admin event search 培训",
            "/admin/programs/event/?q=" + urllib.parse.quote("培训"),
            admin=True,
        ),
        Path_("OpenAPI schema", "/api/schema/"),
    ]


def serve(args, env: dict) -> subprocess.Popen:
    """Start gunicorn as bin/serve does, with the bench's URLs, and wait until it answers."""
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cooperation.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{args.port}",
            "--timeout",
            "900",
            "--error-logfile",
            "-",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(ROOT / "var" / "bench-gunicorn.log", "w"),  # noqa: SIM115
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:  # it stopped: the port is taken, or it failed
            raise SystemExit("gunicorn stopped; see var/bench-gunicorn.log")
        try:
            status, _size, _seconds = Client(args.port).get("/healthz")
            if status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 s; see var/bench-gunicorn.log")


def measure(args, env: dict, chosen: list[Path_], cookie: str) -> list[tuple[Path_, Timings]]:
    """Time each path, its bare view of the same size and its raw SQL, round after round."""
    import psycopg2

    client = Client(args.port, cookie)
    database = psycopg2.connect(env["DATABASE_URL"])
    database.autocommit = True
    params = {
        "pairing": facts_cache["pairing"],
        "year": facts_cache["year"],
        "start": f"{facts_cache['year']}-01-01",
        "end": f"{facts_cache['year']}-12-31",
    }
    timings = {path.url: Timings() for path in chosen}
    for path in chosen:  # warm up, and learn each body's size
        timing = timings[path.url]
        timing.status, timing.size, _seconds = client.get(path.url, path.admin)
        client.get(f"/bench/bare/{timing.size}/")
    for round_number in range(args.rounds):
        for path in chosen:
            timing = timings[path.url]
            status, size, seconds = client.get(path.url, path.admin)
            timing.path.append(seconds)
            timing.status, timing.size = status, size
            timing.bare.append(client.get(f"/bench/bare/{size}/")[2])
            if path.sql:
                started = time.perf_counter()
                with database.cursor() as cursor:
                    cursor.execute(path.sql, params)
                    cursor.fetchall()
                timing.sql.append(time.perf_counter() - started)
        print(f"  round {round_number + 1} of {args.rounds}", file=sys.stderr)
    database.close()
    return [(path, timings[path.url]) for path in chosen]


def load(args, url: str) -> dict:
    """``args.clients`` clients requesting ``url`` back to back for ``args.duration`` s."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + args.duration

    def work():
        client = Client(args.port)
        while time.monotonic() < stop:
            try:
                status, _size, seconds = client.get(url)
            except (http.client.HTTPException, OSError):
                with lock:
                    errors[0] += 1
                continue
            with lock:
                latencies.append(seconds)
                if status != 200:
                    errors[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=work) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "rate": len(latencies) / elapsed,
        "median": statistics.median(latencies) if latencies else 0.0,
        "p95": percentile(latencies, 0.95) if latencies else 0.0,
        "errors": errors[0],
    }


EXPORT_FORMATS = ("xlsx", "csv")

# Run by ``manage.py shell`` in the child; prints one JSON line.
EXPORT_CODE = """
import json, resource, time
from django.contrib.auth import get_user_model
from cooperation.core.jobs import job_run
from cooperation.core.models import Job, JobKind
job = Job.objects.create(
    owner=get_user_model().objects.get(username="bench-admin"),
    kind=JobKind.EXPORT,
    model="programs.event",
    file_name="bench-events.{format}",
    parameters={{"language": "zh-hans", "format": "{format}", "query": {{}}}},
)
started = time.perf_counter()
job_run(job.pk)
seconds = time.perf_counter() - started
job.refresh_from_db()
size = job.file.size if job.file else 0
failure = job.report.get("failure", "")
job.file.delete(save=False)
job.delete()
print(json.dumps({{
    "status": job.status, "failure": failure, "rows": job.done, "bytes": size,
    "seconds": seconds, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}}))
"""

BARE_PROCESS_CODE = """
import json, resource
import cooperation.core.jobs
print(json.dumps({"peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def copy_seconds(database_url: str) -> float:
    """How long PostgreSQL takes to write every event as CSV to a client that discards it."""
    import psycopg2

    class Discard:
        def write(self, data) -> int:
            return len(data)

    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.copy_expert("COPY programs_event TO STDOUT WITH (FORMAT csv, HEADER)", Discard())
        return time.perf_counter() - started


def measure_exports(env: dict, rounds: int) -> list[dict]:
    """Export every event ``rounds`` times in each format; return each format's medians."""
    bare_mb = json.loads(shell(env, BARE_PROCESS_CODE))["peak_kb"] / 1024
    results = []
    for file_format in EXPORT_FORMATS:
        runs, copies = [], []
        for _round in range(rounds):
            run = json.loads(shell(env, EXPORT_CODE.format(format=file_format)))
            if run["status"] != "succeeded":
                raise SystemExit(f"the {file_format} export failed: {run['failure']}")
            runs.append(run)
            copies.append(copy_seconds(env["DATABASE_URL"]))
        results.append(
            {
                "format": file_format,
                "rows": runs[-1]["rows"],
                "bytes": runs[-1]["bytes"],
                "seconds": statistics.median(run["seconds"] for run in runs),
                "peak_mb": max(run["peak_kb"] for run in runs) / 1024,
                "copy_seconds": statistics.median(copies),
                "bare_mb": bare_mb,
            }
        )
    return results


def exports_table(results: list[dict]) -> str:
    lines = [
        "| export of every event (background job) | rows | bytes | median s | COPY median s "
        "| × COPY | peak MB | bare process MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result['format']} | {result['rows']:,} | {result['bytes']:,} "
            f"| {result['seconds']:,.1f} | {result['copy_seconds']:,.1f} "
            f"| {result['seconds'] / result['copy_seconds']:,.1f}× "
            f"| {result['peak_mb']:,.0f} | {result['bare_mb']:,.0f} |"
        )
    return "\n".join(lines)


facts_cache: dict = {}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="national", help="PostgreSQL database name")
    parser.add_argument("--pairings", type=int, default=600)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--only", help="measure only the paths whose label contains this")
    parser.add_argument(
        "--export-rounds", type=int, default=1, help="exports of every event per format (0: none)"
    )
    args = parser.parse_args(argv)
    if not args.port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]

    env = {
        **os.environ,
        "DATABASE_URL": database_url(args.database),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_API_ANON_RATE": "",  # no throttle: the bench is one client asking a lot
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_STATIC_ROOT": str(ROOT / "var" / "bench-static"),
    }
    (ROOT / "var").mkdir(exist_ok=True)
    prepare_database(args, env)
    manage("collectstatic", "--no-input", "-v0", env=env)
    facts_cache.update(facts(env))
    cookie = admin_cookie(env)
    chosen = [path for path in paths(facts_cache) if not args.only or args.only in path.label]
    server = serve(args, env)
    try:
        results = measure(args, env, chosen, cookie)
        summary_url = next(path.url for path in paths(facts_cache) if "one pairing" in path.label)
        loads = {url: load(args, url) for url in ("/", summary_url)} if args.clients else {}
    finally:
        server.terminate()
        server.wait(timeout=30)
    exports = measure_exports(env, args.export_rounds) if args.export_rounds else []
    print()
    print(
        f"{time.strftime('%Y-%m-%d %H:%M %Z')}, {platform.node()}: {os.cpu_count()} CPUs, "
        f"{platform.python_implementation()} {platform.python_version()}, gunicorn "
        f"{args.workers} workers, PostgreSQL database {args.database!r}, "
        f"{args.rounds} rounds"
    )
    if results:
        print()
        print(table(results))
    if loads:
        print()
        print(load_table(loads))
    if exports:
        print()
        print(exports_table(exports))


if __name__ == "__main__":
    main()
