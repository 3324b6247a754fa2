from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "styrkedja.web.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the login receivers
