"""Page layout of the documents: what looked wrong when the generated files were opened and looked at."""

from __future__ import annotations

import io

from styrkedja.reports import assemble as a
from styrkedja.reports.render import render, render_html
from tests.reports.test_assemble import data

LONG = "innovationsstödjandeorganisationskulturförändringsarbete"  # no break opportunity for a plain layout


def report_with_matrix() -> a.Report:
    row = a.MatrixRowIn("inno", (LONG,), (LONG,), (LONG, LONG), LONG, ("edu",))
    return a.assemble_report(data(matrix=(row,)))


def test_word_is_a4_and_turns_the_traceability_matrix_to_landscape():
    import docx
    from docx.enum.section import WD_ORIENT

    doc = docx.Document(io.BytesIO(render(report_with_matrix(), "docx")))
    first, matrix, after = doc.sections[0], doc.sections[1], doc.sections[2]
    assert (round(first.page_width.cm, 1), round(first.page_height.cm, 1)) == (21.0, 29.7)  # not US Letter
    assert matrix.orientation == WD_ORIENT.LANDSCAPE and round(matrix.page_width.cm, 1) == 29.7
    assert after.orientation == WD_ORIENT.PORTRAIT and round(after.page_width.cm, 1) == 21.0
    body = doc.element.body
    heading = next(p for p in doc.paragraphs if p.text == "Spårbarhet från utmaningar till RUS-mål")
    # the matrix heading sits in the landscape section: after the first section break, before the second
    breaks = [i for i, el in enumerate(body) if el.find(".//{*}sectPr") is not None]
    assert breaks[0] < list(body).index(heading._p) < breaks[1]


def test_the_pdf_matrix_has_a_fixed_layout_that_may_hyphenate_long_words():
    html = render_html(report_with_matrix())
    assert '<table class="fixed">' in html and html.count('class="fixed"') == 1  # only the matrix
    assert "table.fixed th, table.fixed td { hyphens: auto; overflow-wrap: anywhere; }" in html
