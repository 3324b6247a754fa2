"""Offline HTTP for connector tests: httpx.MockTransport serving recorded bodies."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from styrkedja.connectors.http import HttpClient, RateLimiter

Handler = Callable[[httpx.Request], httpx.Response]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client(handler: Handler, *, clock: FakeClock | None = None, **kw: object) -> HttpClient:
    clock = clock or FakeClock()
    limiter = RateLimiter(1000, 1.0, clock=clock, sleep=clock.sleep)
    return HttpClient(transport=httpx.MockTransport(handler), sleep=clock.sleep, limiter=limiter, **kw)  # type: ignore[arg-type]


def json_response(body: bytes | str, status: int = 200, **headers: str) -> httpx.Response:
    content = body.encode() if isinstance(body, str) else body
    return httpx.Response(status, content=content, headers={"content-type": "application/json", **headers})
