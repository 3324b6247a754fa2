"""The broken-input corpus: every bad input fails with a message naming the file or request and the place."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from styrkedja.connectors.base import ConnectorError, FetchError, ParseError
from styrkedja.connectors.sources import read_file

from .conftest import BROKEN
from .helpers import FakeClock, client, json_response

# file name -> fragments the message must contain (besides the file name)
FILES: dict[str, tuple[str, ...]] = {
    "jsonstat_corrupt.json": ("invalid JSON at line 3, column 1",),
    "jsonstat_size_mismatch.json": ("'size test'", "is 2 cells", "has 3 entries"),
    "jsonstat_unknown_region.json": ("dimension 'Region'", "unknown area code '99'"),
    "jsonstat_status_length.json": ("'status' has 2 entries", "3 cells"),
    "jsonstat_bad_period.json": ("dimension 'Tid'", "'last year'"),
    "empty.json": ("empty",),
    "html_error_page.json": ("expected JSON", "HTML", "503 Service Unavailable"),
    "csv_empty.csv": ("empty",),
    "csv_text_in_number.csv": ("row 3", "column 'value'", "'about 205000'"),
    "csv_duplicate_differing.csv": ("row 4", "period '2022'", "different values", "201000.0", "201500.0"),
    "csv_unknown_area.csv": ("row 2", "column 'area'", "'99'"),
    "csv_missing_column.csv": ("row 1", "missing required column(s) period"),
    "csv_wrong_delimiter.csv": ("row 1", "did not split", "delimiter"),
    "csv_truncated.csv": ("row", "malformed CSV", "cut off"),
    "csv_bad_period.csv": ("row 3", "column 'period'", "'24'"),
    "csv_ambiguous_number.csv": ("row 2", "column 'value'", "ambiguous"),
    "csv_status_with_value.csv": ("row 2", "column 'status'", "has a value"),
    "px_missing_data.px": ("no DATA",),
    "px_wrong_cell_count.px": ("DATA (line 9)", "expected 4 cells", "found 3"),
    "px_bad_token.px": ("DATA", "cell 2", "'abc'"),
    "px_codes_values_mismatch.px": ("variable 'region'", "2 CODES but 1 VALUES"),
    "xlsx_wrong_sheet.xlsx": ("no sheet named 'Data'", "Blad1"),
    "xlsx_text_in_number.xlsx": ("Data!E3", "expected a number", "'cirka 205 000'"),
    "xlsx_bad_breakdown_status.xlsx": ("Data!I2", "status", "'maybe'"),
    "kolada_group.json": ("values[1]", "'G114418'", "municipality group"),
    "kolada_bad_gender.json": ("values[0].values[0]", "gender", "'X'"),
    "kolada_text_value.json": ("values[0].values[0]", "value", "'97 000'"),
}


def test_every_corpus_file_is_listed() -> None:
    on_disk = {p.name for p in BROKEN.iterdir() if p.name != "README.txt"}
    assert on_disk == set(FILES)


@pytest.mark.parametrize("name", sorted(FILES))
def test_broken_file(name: str) -> None:
    with pytest.raises(ParseError) as err:
        read_file(BROKEN / name)
    message = str(err.value)
    assert name in message, message
    for fragment in FILES[name]:
        assert fragment in message, message


URL = "https://statistikdatabasen.scb.se/api/v2/tables/TAB638/data"


def _always(status: int) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: json_response('{"title": "server error"}', status)


def _timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectTimeout("no answer", request=request)


def _html(request: httpx.Request) -> httpx.Response:
    body = (BROKEN / "html_error_page.json").read_bytes()
    return httpx.Response(200, content=body, headers={"content-type": "text/html; charset=utf-8"})


@pytest.mark.parametrize(
    ("handler", "fragments"),
    [
        (_always(500), ("POST " + URL, "HTTP 500", "server error", "after 4 attempts")),
        (_always(503), ("POST " + URL, "HTTP 503", "after 4 attempts")),
        (_timeout, ("POST " + URL, "timed out", "after 4 attempts")),
        (_html, ("expected JSON from " + URL + "?outputFormat=json-stat2", "got text/html", "<!DOCTYPE html>")),
    ],
    ids=["http-500", "http-503", "timeout", "html-body"],
)
def test_broken_request(handler: Callable[[httpx.Request], httpx.Response], fragments: tuple[str, ...]) -> None:
    http = client(handler, retries=3)
    with pytest.raises(FetchError) as err:
        http.post_json(URL, {"selection": []}, {"outputFormat": "json-stat2"})
    for fragment in fragments:
        assert fragment in str(err.value), str(err.value)


def test_429_then_success_reads_retry_after() -> None:
    answers = iter(
        [
            json_response("{}", 429, **{"Retry-After": "12"}),
            json_response("{}", 429, **{"Retry-After": "2"}),
            json_response('{"value": [1]}'),
        ]
    )
    clock = FakeClock()
    http = client(lambda r: next(answers), clock=clock)
    assert http.post_json(URL, {}).data == {"value": [1]}
    assert clock.sleeps == [12.0, 2.0]


def test_errors_share_a_base_class() -> None:
    assert issubclass(ParseError, ConnectorError) and issubclass(FetchError, ConnectorError)
