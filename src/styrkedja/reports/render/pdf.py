"""The report as a tagged PDF (PDF/UA-1 with WeasyPrint): structure tags, the document language, the
title, bookmarks from the headings, alt text on every chart, page numbers and a table of contents."""

from __future__ import annotations

from styrkedja.reports.assemble import Report
from styrkedja.reports.render.html import render_html


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: Pango is loaded only when a PDF is made

    pdf: bytes = HTML(string=render_html(report)).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return pdf
