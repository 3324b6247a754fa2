"""A readable, accessible description of the API, built from its OpenAPI document (no CDN scripts)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .api import api
from .docs_text import describe


def docs(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema()
    endpoints: list[dict[str, Any]] = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            summary, description = describe(path, op.get("summary", ""), op.get("description", ""))
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": summary,
                    "description": description,
                    "params": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": p.get("schema", {}).get("type", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                }
            )
    return render(request, "dashboards/api_docs.html", {"endpoints": endpoints, "info": schema.get("info", {})})
