from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "styrkedja.web.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")
