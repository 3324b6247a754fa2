"""The error answers every API operation can give, written into its OpenAPI description.

django-ninja documents only the 200 answer. A client (and schemathesis in the tests) should know the
others too: 401 without a role (or anonymous outside public mode), 404 for an unknown key or nothing
computed yet, 422 for a parameter that is not what the operation expects (`page=0`, `page_size=x`).
The bodies are ninja's own: `{"detail": "..."}`, and for 422 a list of what was wrong.
"""

from __future__ import annotations

from typing import Any

_DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
_PROBLEMS = {
    "type": "object",
    "properties": {"detail": {"type": "array", "items": {"type": "object"}}},
    "required": ["detail"],
}


def _answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


UNAUTHORIZED = _answer("Not signed in with a role (anonymous visitors read only in public mode)", _DETAIL)
NOT_FOUND = _answer("No such object among those the caller may read, or nothing computed yet", _DETAIL)
INVALID = _answer("A parameter is not what the operation expects; each problem names its parameter", _PROBLEMS)

# Operations that answer 404 although their path has no key.
NOT_FOUND_WITHOUT_KEY = {"/influence-index"}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add 401 to every operation, 404 where an object is looked up, 422 where there are parameters."""
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(401, UNAUTHORIZED)
            if "{" in path or any(path.endswith(p) for p in NOT_FOUND_WITHOUT_KEY):
                responses.setdefault(404, NOT_FOUND)
            if operation.get("parameters"):
                responses.setdefault(422, INVALID)
    return schema
