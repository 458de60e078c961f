"""The JSON API against its OpenAPI description, on the real server: schemathesis generates
requests from ``/api/openapi.json`` and every answer must be described there (status, media
type, body shape) and never a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.findable_server import library_data, serving

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import positive_data_acceptance  # noqa: E402


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    root: Path = tmp_path_factory.mktemp("openapi")
    data, _library = library_data(root)
    with serving(data, root / "server.log") as server:
        schema = schemathesis.openapi.from_url(f"{server.url}/api/openapi.json")
        schema.config.update(base_url=server.url)
        yield schema
        assert "Traceback" not in server.tail(400)


@pytest.mark.slow
def test_every_api_answer_is_described_and_none_is_a_500(api_schema: object) -> None:
    # Each operation gets its own hypothesis run (schemathesis' pytest plugin is not used:
    # its lazy fixture does not work with this pytest). 40 examples each keeps it to seconds.
    operations = [result.ok() for result in api_schema.get_all_operations()]  # type: ignore[attr-defined]
    assert len(operations) == 4
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=40,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: object) -> None:
            # A query can be well-formed for the schema and still unusable (an operator
            # alone, a prefix matching too many words): the 400 it gets is described, so
            # schemathesis' "valid data must be accepted" check does not apply.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])  # type: ignore[attr-defined]

        check()


def test_the_description_names_every_api_endpoint(api_schema: object) -> None:
    from archive.web import create_app

    described = set(api_schema.raw_schema["paths"])  # type: ignore[attr-defined]
    rules = {
        rule.rule.replace("<int(max=9223372036854775807):doc_id>", "{doc_id}").replace(
            "<slug>", "{slug}"
        )
        for rule in create_app().url_map.iter_rules()
        if rule.rule.startswith("/api/") and rule.rule != "/api/openapi.json"
    }
    assert described == rules
