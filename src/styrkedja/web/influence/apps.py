from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "styrkedja.web.influence"
    label = "influence"
    verbose_name = _("Influence factors")

    def ready(self) -> None:
        # The yearly report's influence-index section comes from here; the report imports nothing.
        from ..dashboards.reportdata import register_section
        from .report import index_sections

        register_section(index_sections)
