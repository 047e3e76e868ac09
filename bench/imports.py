"""Measure imports of long sheets: python bench/imports.py (see README, "The benchmark").

Builds a sheet of events and one of outcomes (xlsx, 5,000 rows each by default) for one
pairing in a PostgreSQL database of its own, then, round after round, times the admin's
preview (a dry run with every row's before-and-after), a dry run as ``import_records
--dry-run`` makes it, and the confirmed import as the background job saves it (one
transaction), each in two parts: reading the file, then importing its rows. Beside them,
in the same rounds, the baseline: a bare ``bulk_create`` of the same rows with their
history rows (simple_history's ``bulk_create_with_history``), the related records already
known. It prints the medians, the rows per second and the ratio to the baseline. Every
round's rows are deleted again after it, so each round imports into the same tables.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import secrets
import statistics
import sys
import time
import urllib.parse
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_USER = "bench-importer"
EAST, WEST = "基准东区", "基准西区"
PROGRAMS = 8
ORGANIZATIONS = 40
INDICATORS = 25
FIRST_YEAR = 2001


def setup_django(database: str) -> None:
    """Point the portal at ``database``, creating and migrating it if need be."""
    import psycopg2

    url = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{database}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cooperation.settings")
    # Production settings: no query log kept, as a worker runs.
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    server = psycopg2.connect(url.replace(parsed.path, "/postgres"))
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    server.close()
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def prepare_names():
    """Create the pairing, its official and the records the sheets name, unless there."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cooperation.core.models import (
        Indicator,
        Official,
        Organization,
        OrganizationKind,
        Pairing,
        Program,
        ProgramCategory,
        Region,
        RegionLevel,
        Unit,
    )
    from cooperation.core.roles import OFFICIALS_GROUP

    east, _ = Region.objects.get_or_create(name=EAST, defaults={"level": RegionLevel.DISTRICT})
    west, _ = Region.objects.get_or_create(name=WEST, defaults={"level": RegionLevel.DISTRICT})
    pairing, _ = Pairing.objects.get_or_create(
        eastern_region=east, western_region=west, defaults={"since_year": 2021}
    )
    user, _ = get_user_model().objects.get_or_create(username=BENCH_USER)
    Official.objects.get_or_create(user=user, defaults={"region": west})
    user.groups.add(Group.objects.get(name=OFFICIALS_GROUP))
    for number in range(PROGRAMS):
        Program.objects.get_or_create(
            pairing=pairing,
            name=f"基准举措{number}",
            defaults={"category": ProgramCategory.TALENT},
        )
    for number in range(ORGANIZATIONS):
        Organization.objects.get_or_create(
            name=f"基准单位{number}",
            region=west,
            defaults={"kind": OrganizationKind.SCHOOL},
        )
    for number in range(INDICATORS):
        Indicator.objects.get_or_create(
            code=f"bench-{number}",
            defaults={"name": f"基准指标{number}", "unit": Unit.PERSON_TIMES},
        )
    # Read afresh: the permissions cached on the account above would favour the first round.
    return get_user_model().objects.get(pk=user.pk), pairing


def event_rows(pairing, count: int) -> list[dict]:
    """Rows of events as an official writes them: names, labels, Excel dates."""
    from programs.models import EventKind

    kinds = [EventKind.LECTURE, EventKind.TRAINING_CLASS, EventKind.SITE_VISIT]
    rows = []
    for number in range(count):
        start = datetime.datetime(2021, 1, 1) + datetime.timedelta(days=number % 1500)
        rows.append(
            {
                "pairing": str(pairing),
                "program": f"基准举措{number % PROGRAMS}",
                "kind": str(kinds[number % len(kinds)].label),
                "title": f"基准活动{number}",
                "start_date": start,
                "end_date": start + datetime.timedelta(days=number % 3),
                "region": WEST,
                "venue": f"基准单位{number % ORGANIZATIONS}",
                "host_organization": f"基准单位{(number + 7) % ORGANIZATIONS}",
                "participants": number % 300,
                "audience": "全区教师",
            }
        )
    return rows


def outcome_rows(pairing, count: int) -> list[dict]:
    """Rows of outcomes: one per indicator, year and program, as the constraints allow."""
    from cooperation.core.models import Qualifier

    rows = []
    for number in range(count):
        indicator, rest = number % INDICATORS, number // INDICATORS
        year, program = FIRST_YEAR + rest % 25, rest // 25
        rows.append(
            {
                "pairing": str(pairing),
                "indicator": f"bench-{indicator}",
                "year": year,
                "value": Decimal(100 + number) / 4,
                "qualifier": str(list(Qualifier)[number % len(Qualifier)].label),
                "program": f"基准举措{program}" if program < PROGRAMS else "",
                "source": "年度报告",
            }
        )
    return rows


def workbook(resource_class, rows: list[dict]) -> bytes:
    """Write the rows as an Excel workbook under the headers the portal's export writes."""
    import openpyxl

    columns = resource_class().fields
    names = list(rows[0])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([columns[name].column_name for name in names])
    for row in rows:
        sheet.append([row[name] for name in names])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def baseline_records(model, pairing, user, count: int) -> list:
    """The sheet's rows as model instances, every related record already known."""
    from cooperation.core.models import Indicator, Organization, Program, Qualifier

    programs = list(Program.objects.filter(pairing=pairing).order_by("name"))
    by_name = {program.name: program for program in programs}
    records = []
    if model._meta.model_name == "event":
        organizations = {
            org.name: org for org in Organization.objects.filter(name__startswith="基准")
        }
        region = pairing.western_region
        for number in range(count):
            start = datetime.date(2021, 1, 1) + datetime.timedelta(days=number % 1500)
            records.append(
                model(
                    pairing=pairing,
                    program=by_name[f"基准举措{number % PROGRAMS}"],
                    kind=["lecture", "training_class", "site_visit"][number % 3],
                    title=f"基准活动{number}",
                    start_date=start,
                    end_date=start + datetime.timedelta(days=number % 3),
                    region=region,
                    venue=organizations[f"基准单位{number % ORGANIZATIONS}"],
                    host_organization=organizations[f"基准单位{(number + 7) % ORGANIZATIONS}"],
                    participants=number % 300,
                    audience="全区教师",
                    created_by=user,
                    updated_by=user,
                )
            )
        return records
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    for number in range(count):
        indicator, rest = number % INDICATORS, number // INDICATORS
        year, program = FIRST_YEAR + rest % 25, rest // 25
        records.append(
            model(
                pairing=pairing,
                indicator=indicators[f"bench-{indicator}"],
                year=year,
                value=Decimal(100 + number) / 4,
                qualifier=[Qualifier.EXACT, Qualifier.MORE_THAN, Qualifier.ABOUT][number % 3],
                program=by_name[f"基准举措{program}"] if program < PROGRAMS else None,
                source="年度报告",
                created_by=user,
                updated_by=user,
            )
        )
    return records


def clear(model, pairing) -> None:
    """Delete what a round wrote, history rows too, without a signal a row (raw SQL)."""
    from django.db import connection

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in (model.history.model._meta.db_table, model._meta.db_table):
            cursor.execute(f"DELETE FROM {quote(table)} WHERE pairing_id = %s", [pairing.pk])


def import_file(resource_class, user, data: bytes, step: str) -> tuple[float, float]:
    """Import ``data`` as ``step`` of ``STEPS`` does it, and return the seconds of its parts.

    The seconds reading the file took, and then importing its rows.
    """
    from cooperation.core.sheets import XLSXSheet

    started = time.perf_counter()
    dataset = XLSXSheet().create_dataset(data)
    read = time.perf_counter()
    resource = resource_class(user=user)
    dry_run = step != "confirm"
    if step != "preview":
        resource.without_preview()
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        collect_failed_rows=dry_run,
    )
    done = time.perf_counter()
    if result.has_errors() or result.has_validation_errors():
        errors = [*result.base_errors, *result.cell_errors[:5]]
        raise SystemExit(f"The import refused the sheet: {errors}")
    return read - started, done - read


def measure(model, resource_class, rows, user, pairing, count: int, rounds: int) -> dict:
    """Time preview, confirmation and the bare bulk write, interleaved, ``rounds`` times."""
    from django.db import transaction
    from simple_history.utils import bulk_create_with_history

    data = workbook(resource_class, rows)
    clear(model, pairing)
    times: dict[str, list[float]] = {"bulk": []}
    for step in STEPS:
        times[step], times[f"{step} read"] = [], []

    import_file(resource_class, user, data, "preview")  # warm up: translations, choices
    for number in range(rounds):
        for step in STEPS:
            read, imported = import_file(resource_class, user, data, step)
            times[f"{step} read"].append(read)
            times[step].append(imported)
        if model._default_manager.filter(pairing=pairing).count() != count:
            raise SystemExit("The confirmed import did not save every row.")
        clear(model, pairing)
        records = baseline_records(model, pairing, user, count)
        started = time.perf_counter()
        with transaction.atomic():
            bulk_create_with_history(records, model, default_user=user)
        times["bulk"].append(time.perf_counter() - started)
        clear(model, pairing)
        print(f"  {model._meta.model_name}: round {number + 1} of {rounds}", file=sys.stderr)
    return {name: statistics.median(values) for name, values in times.items()}


# The admin's preview, with every row's before-and-after for its table (the admin previews
# up to DJANGO_JOBS_ROWS_IN_REQUEST rows; a longer sheet goes to a background job); a dry
# run as ``import_records --dry-run`` checks a sheet, without that table; the confirmation,
# as the background job saves a sheet.
STEPS = ("preview", "dry run", "confirm")


def table(results: dict[str, dict], count: int) -> str:
    """Lay out the medians: reading the file, importing its rows, both, and the baseline."""
    lines = [
        f"| sheet of {count:,} rows | read s | import s | rows/s | with the read: s "
        "| rows/s | bulk_create s | import × bulk_create |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, medians in results.items():
        bulk = medians["bulk"]
        for step in STEPS:
            read, imported = medians[f"{step} read"], medians[step]
            lines.append(
                f"| {kind} {step} | {read:.3f} | {imported:.3f} | {count / imported:,.0f} "
                f"| {read + imported:.3f} | {count / (read + imported):,.0f} | {bulk:.3f} "
                f"| {imported / bulk:.2f}× |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="bench_import", help="PostgreSQL database name")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=["event", "outcome"], help="measure one sheet only")
    args = parser.parse_args(argv)
    setup_django(args.database)

    from django.utils import translation

    from cooperation.core.models import Outcome
    from cooperation.core.resources import OutcomeResource
    from programs.models import Event
    from programs.resources import EventResource

    user, pairing = prepare_names()
    sheets = {
        "event": (Event, EventResource, event_rows(pairing, args.rows)),
        "outcome": (Outcome, OutcomeResource, outcome_rows(pairing, args.rows)),
    }
    results = {}
    with translation.override("zh-hans"):
        for kind, (model, resource_class, rows) in sheets.items():
            if args.only in (None, kind):
                results[kind] = measure(
                    model, resource_class, rows, user, pairing, args.rows, args.rounds
                )
    load = os.getloadavg()[0]
    print(f"{args.rounds} rounds, load average {load:.1f} at the end")
    print(table(results, args.rows))


if __name__ == "__main__":
    main()
