from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "styrkedja.web.influence"
    label = "influence"
    verbose_name = _("Influence factors")
