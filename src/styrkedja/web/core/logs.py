"""Log lines as JSON objects on stderr, with the request's context and nothing secret.

Django logs a failed request (`django.request`) with the request attached. Only its method, path and
the user's id are written, never the query string, body, cookies or headers: those carry passwords,
session ids and CSRF tokens. The traceback is Python's plain one (code and line numbers, no values of
local variables).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

# Attributes every LogRecord has; anything else was passed in `extra` and is written as it is.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request"}


def request_context(request: Any) -> dict[str, Any]:
    """Method, path and user id of a request: enough to find the failure, nothing a log reader could misuse."""
    context: dict[str, Any] = {"method": getattr(request, "method", None), "path": getattr(request, "path", None)}
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        context["user_id"] = user.pk
    return context


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None:
            line.update(request_context(request))
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in line:
                line[key] = value if isinstance(value, str | int | float | bool | type(None)) else repr(value)
        if record.exc_info and record.levelno >= logging.ERROR:  # a refusal (403, 404) is no bug to trace
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
