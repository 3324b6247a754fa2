from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionConfig(AppConfig):
    name = "styrkedja.web.contribution"
    label = "contribution"
    verbose_name = _("Contribution analyses")

    def ready(self) -> None:
        # The yearly report's contribution section comes from here; the report imports nothing
        # (and start-up does not import the report: registered by name).
        from ..dashboards.sections import register_section

        register_section("styrkedja.web.contribution.report.contribution_sections")
