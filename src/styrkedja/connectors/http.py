"""The one HTTP client every API connector uses: retries, rate limit, disk cache, JSON check.

* Retries with exponential back-off on 429 and 5xx, and on timeouts and
  connection errors; a `Retry-After` header (seconds or an HTTP date) wins.
* A sliding-window rate limiter (SCB allows 30 calls per 10 s per IP; its
  `/config` says so and the SCB client sets the limiter from it).
* An optional disk cache keyed by sha256(method, url, body): a re-run of an
  import reads the stored bytes, so tests and repeated imports make no calls.
* A body that is HTML or not JSON is a FetchError naming the URL, the content
  type and the start of the body (an error page behind a proxy, a maintenance page).
`sleep` and `clock` are injectable so tests never wait.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from styrkedja.connectors.base import FetchError

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "styrkedja-connectors/0.1 (regional strategy follow-up)"


class RateLimiter:
    """At most `calls` calls in any `period` seconds (sliding window)."""

    def __init__(
        self,
        calls: int = 30,
        period: float = 10.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if calls < 1 or period <= 0:
            raise ValueError("a rate limit needs calls >= 1 and period > 0")
        self.calls = calls
        self.period = period
        self._clock = clock
        self._sleep = sleep
        self._stamps: deque[float] = deque()

    def acquire(self) -> float:
        """Wait until a call is allowed, record it, and return the seconds waited."""
        waited = 0.0
        while True:
            now = self._clock()
            while self._stamps and self._stamps[0] <= now - self.period:
                self._stamps.popleft()
            if len(self._stamps) < self.calls:
                self._stamps.append(now)
                return waited
            delay = self._stamps[0] + self.period - now
            self._sleep(delay)
            waited += delay


@dataclass(frozen=True, slots=True)
class Fetched:
    """One response body that is known to be JSON."""

    url: str
    content: bytes
    data: Any
    retrieved_at: dt.datetime
    from_cache: bool = False


def cache_key(method: str, url: str, body: Any = None) -> str:
    payload = "" if body is None else json.dumps(body, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{method.upper()}\n{url}\n{payload}".encode()).hexdigest()


def retry_after(header: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


class HttpClient:
    def __init__(
        self,
        *,
        cache_dir: str | Path | None = None,
        timeout: float = 30.0,
        retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
        cache_ttl: float | None = 12 * 3600,
    ) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir else None
        # Statistics are revised: a cached answer older than the TTL is fetched again (None: never expires).
        self.cache_ttl = cache_ttl
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.limiter = limiter or RateLimiter(sleep=sleep)
        self.requests_made = 0  # network attempts, for tests and logs
        self._client = httpx.Client(
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})},
            follow_redirects=True,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_json(self, url: str, params: Mapping[str, str] | None = None) -> Fetched:
        return self.request("GET", url, params=params)

    def post_json(self, url: str, body: Any, params: Mapping[str, str] | None = None) -> Fetched:
        return self.request("POST", url, params=params, body=body)

    def request(self, method: str, url: str, *, params: Mapping[str, str] | None = None, body: Any = None) -> Fetched:
        full = str(httpx.URL(url, params=dict(params or {})))
        key = cache_key(method, full, body)
        cached = self._cache_read(key, full)
        if cached is not None:
            return cached
        content = self._send(method, full, body)
        data = _json_or_fail(content, full)
        fetched = Fetched(full, content.content, data, dt.datetime.now(dt.UTC))
        self._cache_write(key, fetched.content)
        return fetched

    def _send(self, method: str, url: str, body: Any) -> httpx.Response:
        where = f"{method} {url}"
        last = ""
        for attempt in range(self.retries + 1):
            self.limiter.acquire()
            self.requests_made += 1
            try:
                resp = self._client.request(method, url, json=body)
            except httpx.TimeoutException:
                last = "timed out"
                wait = self._backoff(attempt)
            except httpx.TransportError as exc:
                last = f"connection failed ({type(exc).__name__}: {exc})"
                wait = self._backoff(attempt)
            else:
                if resp.status_code < 400:
                    return resp
                last = f"HTTP {resp.status_code}{_problem(resp)}"
                if resp.status_code not in RETRY_STATUSES:
                    raise FetchError(f"{where}: {last}")
                hinted = retry_after(resp.headers.get("Retry-After"))
                wait = hinted if hinted is not None else self._backoff(attempt)
            if attempt < self.retries:
                self.sleep(min(wait, self.max_backoff * 5))
        raise FetchError(f"{where}: {last} after {self.retries + 1} attempts")

    def _backoff(self, attempt: int) -> float:
        return float(min(self.max_backoff, self.backoff * (2**attempt)))

    def _cache_read(self, key: str, url: str) -> Fetched | None:
        if self.cache_dir is None:
            return None
        path = self.cache_dir / f"{key}.json"
        if not path.exists():
            return None
        stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        if self.cache_ttl is not None and (dt.datetime.now(dt.UTC) - stamp).total_seconds() > self.cache_ttl:
            return None
        raw = path.read_bytes()
        return Fetched(url, raw, json.loads(raw), stamp, from_cache=True)

    def _cache_write(self, key: str, raw: bytes) -> None:
        if self.cache_dir is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.cache_dir / f"{key}.tmp"
        tmp.write_bytes(raw)
        tmp.replace(self.cache_dir / f"{key}.json")  # atomic: a crash never leaves half a file


def _problem(resp: httpx.Response) -> str:
    """The RFC 7807 title/detail or the start of the body, for the error message."""
    try:
        doc = resp.json()
    except ValueError:
        text = resp.text.strip().replace("\n", " ")[:80]
        return f": {text}" if text else ""
    if isinstance(doc, dict):
        parts = [str(doc[k]) for k in ("title", "detail") if doc.get(k)]
        return ": " + "; ".join(parts) if parts else ""
    return ""


def _json_or_fail(resp: httpx.Response, url: str) -> Any:
    ctype = resp.headers.get("content-type", "").split(";")[0].strip() or "no content type"
    head = resp.content[:200].decode("utf-8", "replace").strip()
    if "html" in ctype or head[:1] == "<":
        raise FetchError(f"expected JSON from {url}, got {ctype}: {head[:80]}")
    try:
        return json.loads(resp.content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise FetchError(f"expected JSON from {url}, got {ctype}: {head[:80]}") from None
