"""Resource bombs: small files that declare or unpack to enormous content are refused with a message
naming the file and the limit, before the work, in bounded memory (measured in a subprocess)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from styrkedja.connectors import xlsx
from styrkedja.connectors.base import ParseError
from styrkedja.connectors.sources import read_file

PEAK_RSS_MB = 300  # the bound for any refused bomb


def px_declaring_billions(path: Path) -> Path:
    """A 30 KB PX file whose three variables of 2,000 values declare 8e9 cells; DATA holds three."""
    values = ",".join(f'"v{i}"' for i in range(2000))
    text = (
        'CHARSET="ANSI";\nMATRIX="BOMB";\nSTUB="a","b";\nHEADING="c";\n'
        f'VALUES("a")={values};\nVALUES("b")={values};\nVALUES("c")={values};\nDATA=\n1 2 3;\n'
    )
    path.write_text(text, encoding="utf-8")
    return path


def peak_rss_mb(code: str) -> tuple[float, str]:
    """Run `code` in a fresh interpreter; its own peak resident memory in MB and its output.

    Read from VmHWM, which belongs to the new process image: getrusage's ru_maxrss survives exec on
    Linux and would report the (large) pytest process that forked the child."""
    code += "\nprint([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    peak = [line for line in proc.stdout.splitlines() if line.startswith("VmHWM")]
    assert peak, out
    return int(peak[-1].split()[1]) / 1024, out


def test_px_declaring_billions_of_cells_is_refused_before_allocating(tmp_path):
    path = px_declaring_billions(tmp_path / "bomb.px")
    with pytest.raises(ParseError) as err:
        read_file(path)
    assert "bomb.px" in str(err.value) and "expected 8000000000 cells" in str(err.value)
    mb, out = peak_rss_mb(
        "from styrkedja.connectors.sources import read_file\n"
        f"try:\n    read_file({str(path)!r})\nexcept Exception as e:\n    print(type(e).__name__)"
    )
    assert "ParseError" in out
    assert mb < PEAK_RSS_MB, mb


def test_deeply_nested_json_is_a_parse_error_not_a_recursion_error(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    with pytest.raises(ParseError) as err:
        read_file(path)
    assert "deep.json" in str(err.value) and "nested too deeply" in str(err.value)


def test_workbook_unpacking_past_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 1_000_000)  # 6 MB of XML in a few KB
    assert path.stat().st_size < 100_000
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 5_000_000)
    with pytest.raises(ParseError) as err:
        read_file(path)
    message = str(err.value)
    assert "bomb.xlsx" in message and "unpacks to 6 MB" in message and "limit of 5 MB" in message


def test_a_strategy_file_of_aliases_or_deep_brackets_is_refused_in_bounded_memory(tmp_path):
    bomb = Path(__file__).parent.parent / "fixtures" / "strategy-broken" / "yaml_alias_bomb.yaml"
    deep = tmp_path / "deep.yaml"
    deep.write_text("format: styrkedja/1\nx: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    for path, expected in ((bomb, "aliases (*a) are not allowed"), (deep, "nested deeper than 64 levels")):
        mb, out = peak_rss_mb(
            "from styrkedja.strategyfile import read_strategy_file, StrategyFileError\n"
            f"try:\n    read_strategy_file({str(path)!r})\n"
            "except StrategyFileError as e:\n    print(e.problems[0].message)"
        )
        assert expected in out, out
        assert mb < PEAK_RSS_MB, (path.name, mb)
