from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "styrkedja.web.followup"
    label = "followup"
    verbose_name = _("Follow-up")
