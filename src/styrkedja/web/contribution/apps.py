from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def run_next_scm() -> Any:
    """The synthetic-control queue, imported only when the worker asks it: start-up (every command,
    `import-data` too) does not import the contribution engine and its scientific libraries."""
    from .jobs import run_next

    return run_next()


class ContributionConfig(AppConfig):
    name = "styrkedja.web.contribution"
    label = "contribution"
    verbose_name = _("Contribution analyses")

    def ready(self) -> None:
        # The yearly report's contribution section comes from here; the report imports nothing
        # (and start-up does not import the report: registered by name).
        from ..core.jobs import register_queue
        from ..dashboards.sections import register_section

        register_section("styrkedja.web.contribution.report.contribution_sections")
        # Synthetic controls asked for on the page are run by `styrkedja worker`.
        register_queue(run_next_scm)
