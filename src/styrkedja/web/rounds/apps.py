from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "styrkedja.web.rounds"
    label = "rounds"
    verbose_name = _("Follow-up rounds")

    def ready(self) -> None:
        # The yearly report's "decided actions" and "knowledge needs" come from here; the report imports nothing
        # (and start-up does not import the report: registered by name).
        from ..dashboards.sections import register_section

        register_section("styrkedja.web.rounds.report.decided_sections")
