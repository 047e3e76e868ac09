"""Property-based run of the API against its own schema, with the reference record loaded.

Schemathesis generates requests for every read operation from the OpenAPI schema and sends
them to the WSGI application in-process; no answer may be a 5xx or contradict the schema.
The number of examples per operation is bounded so that the run stays within CI's budget.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def in_process(reference_record):
    """Serve the requests in the test's own transaction, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = WSGIHandler()
# Explicit examples and random generation, bounded; the exhaustive coverage phase would take
# longer than CI can give.
schema.config.phases.update(phases=["examples", "fuzzing"])
reads = schema.include(method="GET")
statistics = schema.include(method="GET", path_regex="^/api/v1/stats/")


# Derandomized: CI must give the same verdict on the same commit; a failure found is
# replayed exactly by running the test again.
BOUNDED = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@reads.parametrize()
@BOUNDED
def test_no_public_read_answers_5xx_or_contradicts_the_schema(case, in_process):
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def superuser_token(superuser):
    return AuthToken.objects.create(user=superuser)[1]


@statistics.parametrize()
@BOUNDED
def test_no_signed_in_statistics_answer_5xx_or_contradicts_the_schema(
    case, in_process, superuser_token
):
    case.call_and_validate(headers={"Authorization": f"Token {superuser_token}"}, checks=CHECKS)
