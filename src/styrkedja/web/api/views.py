"""A readable, accessible description of the API, built from its OpenAPI document (no CDN scripts)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .api import api


def docs(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema()
    endpoints: list[dict[str, Any]] = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
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
