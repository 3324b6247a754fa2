"""Downloads never carry a live formula (OWASP CSV injection): text from imported files and from
names users type comes out as text in XLSX and neutralised in CSV, numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from openpyxl import load_workbook

from styrkedja.connectors import cells
from styrkedja.strategyfile import read_strategy_file
from styrkedja.web.chain.chainfile import load_document
from styrkedja.web.core.roles import READER, ensure_roles
from styrkedja.web.indicators.models import Indicator

MINIMAL = Path(__file__).parent.parent.parent / "fixtures" / "strategy" / "minimal.yaml"
# The classic payloads: each would run or call out when a spreadsheet opens the file.
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://x.invalid","k")',
    "\t=1+1",
]


@pytest.fixture
def reader(db):
    ensure_roles()
    load_document(read_strategy_file(MINIMAL))
    user = User.objects.create_user("lasare", password="pw-for-tests")
    user.groups.add(Group.objects.get_or_create(name=READER)[0])
    return user


def test_is_risky_leaves_numbers_and_symbols_alone():
    for inert in ("-", "..", "-5", "+1.5", "-0,3", "1e-3", "Växjö", ""):
        assert not cells.is_risky(inert), inert
    for payload in PAYLOADS:
        assert cells.is_risky(payload), payload
    assert cells.csv_safe("=1+1") == "'=1+1"
    assert cells.csv_safe(-5.0) == -5.0


def test_imported_flags_and_typed_names_download_as_text(client, reader, tmp_path):
    Indicator.objects.filter(key="pop").update(name=PAYLOADS[0], unit=PAYLOADS[3])
    lines = ["indicator,area_code,area_name,period,value,unit,source,flag"]
    for i, payload in enumerate(PAYLOADS):
        quoted = '"' + payload.replace('"', '""') + '"'
        lines.append(f"pop,07,Kronobergs län,{2010 + i},{200000 + i},personer,test,{quoted}")
    path = tmp_path / "formulas.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("import_data", str(path), "--indicator", "pop", stdout=io.StringIO())
    client.force_login(reader)

    book = load_workbook(io.BytesIO(client.get("/indikatorer/pop/data.xlsx").content))
    texts = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    for payload in PAYLOADS:
        assert payload.strip() in texts, payload  # kept exactly (the importer trims cells), as text
    values = [c.value for c in book["data"]["F"][1:]]
    assert values == [200000 + i for i in range(len(PAYLOADS))]  # numbers stay numbers

    rows = list(csv.reader(io.StringIO(client.get("/indikatorer/pop/data.csv").content.decode())))
    for row in rows[1:]:
        for value in row:
            assert not cells.is_risky(value), value
    assert [float(r[5]) for r in rows[1:]] == [200000 + i for i in range(len(PAYLOADS))]
    symbols = [r[7] for r in rows[1:]]
    assert symbols == ["'" + p.strip() for p in PAYLOADS]
