"""The OpenAPI schema documents every refusal an operation can answer (clients and
schemathesis rely on it)."""

import pytest

pytestmark = pytest.mark.django_db


def operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_each_operation_documents_the_refusals_it_can_answer(client):
    """400 for anything (control characters, a body that is not an object), 401 with a
    token, 422 with parameters or a body, each as a JSON {"detail"}."""
    missing = []
    for name, operation in operations(client):
        expected = {"400"}
        if operation.get("security"):
            expected.add("401")
        if operation.get("parameters") or "requestBody" in operation:
            expected.add("422")
        missing += [f"{name} {s}" for s in sorted(expected - set(operation["responses"]))]
        for status in expected & set(operation["responses"]):
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (name, status)
    assert missing == []
