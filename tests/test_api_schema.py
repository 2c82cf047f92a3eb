"""schemathesis against the served OpenAPI document: no 5xx, no response that breaks the schema."""

from __future__ import annotations

import time

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.test_api import bearer, world  # noqa: F401  (fixture)

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# Bounded so the whole run stays well under a minute on both databases.
EXAMPLES = settings(max_examples=12, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))


def test_every_operation_keeps_its_schema_and_never_fails_with_5xx(app, db, world):  # noqa: F811
    headers = bearer(db, world["officer"])
    programme = world["programme"]
    # Real ids, so generated requests reach the records instead of stopping at 404.
    ids = {"programme_id": programme.id, "field_id": world["field"].id, "agreement_id": world["agreement"].id,
           "entry_id": programme.entries[0].id, "party_id": world["kotim"].id, "agency_id": programme.agency_id}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    started, operations = time.perf_counter(), 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @EXAMPLES
        @given(case=operation.as_strategy())
        def run(case):
            if case.path_parameters:
                case.path_parameters = {k: ids.get(k, v) for k, v in case.path_parameters.items()}
            case.call_and_validate(headers=headers, checks=CHECKS)
            db.session.rollback()

        run()
    print(f"schemathesis: {operations} operations in {time.perf_counter() - started:.1f} s")
    assert operations >= 12
