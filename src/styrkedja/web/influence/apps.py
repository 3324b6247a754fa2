from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "styrkedja.web.influence"
    label = "influence"
    verbose_name = _("Influence factors")

    def ready(self) -> None:
        # The yearly report's influence-index section comes from here; the report imports nothing
        # (and start-up does not import the report: registered by name).
        from ..dashboards.sections import register_section

        register_section("styrkedja.web.influence.report.index_sections")
