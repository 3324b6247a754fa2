"""Renderers of the assembled report: tagged PDF (WeasyPrint), Word, slides and Excel. Pure Python."""

from __future__ import annotations

from collections.abc import Callable

from styrkedja.reports.assemble import Report
from styrkedja.reports.render.docx import render_docx
from styrkedja.reports.render.html import render_html
from styrkedja.reports.render.pdf import render_pdf
from styrkedja.reports.render.pptx import render_pptx
from styrkedja.reports.render.xlsx import render_xlsx

RENDERERS: dict[str, Callable[[Report], bytes]] = {
    "pdf": render_pdf,
    "docx": render_docx,
    "pptx": render_pptx,
    "xlsx": render_xlsx,
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(RENDERERS)


def render(report: Report, fmt: str) -> bytes:
    return RENDERERS[fmt](report)


__all__ = ["CONTENT_TYPES", "FORMATS", "RENDERERS", "render", "render_html"]
