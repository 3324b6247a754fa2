from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "styrkedja.web.rounds"
    label = "rounds"
    verbose_name = _("Follow-up rounds")

    def ready(self) -> None:
        # The yearly report's "decided actions" and "knowledge needs" come from here; the report imports nothing.
        from ..dashboards.reportdata import register_section
        from .report import decided_sections

        register_section(decided_sections)
