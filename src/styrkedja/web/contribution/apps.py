from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionConfig(AppConfig):
    name = "styrkedja.web.contribution"
    label = "contribution"
    verbose_name = _("Contribution analyses")

    def ready(self) -> None:
        # The yearly report's contribution section comes from here; the report imports nothing.
        from ..dashboards.reportdata import register_section
        from .report import contribution_sections

        register_section(contribution_sections)
        # Synthetic controls asked for on the page are run by `styrkedja worker`.
        from ..core.jobs import register_queue
        from .jobs import run_next

        register_queue(run_next)
