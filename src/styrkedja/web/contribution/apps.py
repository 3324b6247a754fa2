from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionConfig(AppConfig):
    name = "styrkedja.web.contribution"
    label = "contribution"
    verbose_name = _("Contribution analyses")
