"""Issue 7: schemathesis over the OpenAPI schema against the real app and corpus store: no 5xx.

Each operation's generated cases are driven through hypothesis directly (schemathesis's pytest
plugin does not load with this pytest version).
"""

from __future__ import annotations

import dataclasses

import schemathesis
from hypothesis import HealthCheck, given, settings

from api.app import create_app
from graph.store import GraphStore
from innokg.config import Settings


def test_no_server_errors_on_any_operation(
    corpus_store: GraphStore, corpus_settings: Settings
) -> None:
    # a token is configured so the writing endpoints are live (and refuse unauthenticated calls)
    app = create_app(
        dataclasses.replace(corpus_settings, api_token="fuzz-token"), store=corpus_store
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        op = result.ok()
        operations += 1

        @given(case=op.as_strategy())
        @settings(
            max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def check(case) -> None:  # noqa: ANN001
            response = case.call()
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.path} {case.path_parameters} "
                    f"{case.query}: {response.status_code} {response.text[:200]}"
                )

        check()
    assert operations >= 12
    assert not failures, "\n".join(failures[:10])
