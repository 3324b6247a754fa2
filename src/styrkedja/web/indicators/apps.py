from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "styrkedja.web.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        # Uploaded statistics files are imported by `styrkedja worker` (core.jobs).
        from ..core.jobs import register_queue
        from .jobs import run_next

        register_queue(run_next)
