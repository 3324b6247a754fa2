"""The shared HTTP client: retries, Retry-After, rate limiter, cache, JSON check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest

from styrkedja.connectors.base import FetchError
from styrkedja.connectors.http import RateLimiter, retry_after

from .helpers import FakeClock, client, json_response


def test_rate_limiter_sliding_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(3, 10.0, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        assert limiter.acquire() == 0.0
    clock.now = 4.0
    assert limiter.acquire() == pytest.approx(6.0)  # the first call leaves the window at t=10
    assert clock.now == pytest.approx(10.0)
    clock.now = 10.5
    assert limiter.acquire() == 0.0  # all three t=0 calls have left: the window holds t=10, 10.5
    assert limiter.acquire() == 0.0  # t=10, 10.5, 10.5
    assert limiter.acquire() == pytest.approx(9.5)  # full until the t=10 call leaves at t=20


def test_thirty_calls_in_ten_seconds_then_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    waits = [limiter.acquire() for _ in range(31)]
    assert waits[:30] == [0.0] * 30 and waits[30] == pytest.approx(10.0)


def test_retry_after_seconds_and_date() -> None:
    now = dt.datetime(2026, 3, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after("7") == 7.0
    assert retry_after("Sun, 01 Mar 2026 12:00:30 GMT", now) == 30.0
    assert retry_after("soon") is None and retry_after(None) is None


def test_429_then_success_honours_retry_after() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return json_response('{"title": "Too many requests"}', 429, **{"Retry-After": "3"})
        return json_response('{"ok": true}')

    clock = FakeClock()
    http = client(handler, clock=clock)
    assert http.get_json("https://api.example/x").data == {"ok": True}
    assert len(calls) == 2 and clock.sleeps == [3.0]


def test_500_every_time_is_fetch_error_after_backoff() -> None:
    clock = FakeClock()
    http = client(lambda r: json_response('{"title": "boom"}', 500), clock=clock, retries=3, backoff=0.5)
    with pytest.raises(FetchError, match=r"GET https://api.example/y: HTTP 500: boom after 4 attempts"):
        http.get_json("https://api.example/y")
    assert clock.sleeps == [0.5, 1.0, 2.0]  # exponential back-off, none after the last attempt


def test_400_is_not_retried_and_names_problem() -> None:
    body = '{"type": "x", "title": "Missing selection for mandantory variable", "status": 400}'
    http = client(lambda r: json_response(body, 400))
    with pytest.raises(FetchError, match="HTTP 400: Missing selection"):
        http.post_json("https://api.example/data", {"selection": []})
    assert http.requests_made == 1


def test_timeout_is_fetch_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    http = client(handler, retries=2)
    with pytest.raises(FetchError, match=r"GET https://api.example/z: timed out after 3 attempts"):
        http.get_json("https://api.example/z")


def test_html_body_is_fetch_error() -> None:
    html = "<!DOCTYPE html><html><body>Maintenance</body></html>"
    http = client(lambda r: httpx.Response(200, content=html.encode(), headers={"content-type": "text/html"}))
    with pytest.raises(FetchError) as err:
        http.get_json("https://api.example/t")
    assert str(err.value) == f"expected JSON from https://api.example/t, got text/html: {html}"


def test_cache_hit_makes_no_request(tmp_path: Path) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return json_response('{"n": 1}')

    http = client(handler, cache_dir=tmp_path)
    first = http.post_json("https://api.example/data", {"a": [1]})
    second = http.post_json("https://api.example/data", {"a": [1]})
    assert len(calls) == 1 and not first.from_cache and second.from_cache
    assert second.content == first.content
    http.post_json("https://api.example/data", {"a": [2]})  # another body is another key
    assert len(calls) == 2
    assert len(list(tmp_path.glob("*.json"))) == 2


def test_cache_entry_older_than_the_ttl_is_fetched_again(tmp_path) -> None:
    import os

    import httpx

    from styrkedja.connectors.http import HttpClient

    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url)
        return httpx.Response(200, json={"n": len(calls)})

    client = HttpClient(
        cache_dir=tmp_path, transport=httpx.MockTransport(handler), cache_ttl=3600, sleep=lambda s: None
    )
    client.get_json("https://example.test/a")
    client.get_json("https://example.test/a")
    assert len(calls) == 1  # fresh entry served from the cache
    for entry in tmp_path.glob("*.json"):
        old = entry.stat().st_mtime - 7200
        os.utime(entry, (old, old))
    client.get_json("https://example.test/a")
    assert len(calls) == 2  # stale entry fetched again
