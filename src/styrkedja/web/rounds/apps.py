from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "styrkedja.web.rounds"
    label = "rounds"
    verbose_name = _("Follow-up rounds")
