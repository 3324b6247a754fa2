from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    """The whole chain: the strategy file's load and export, the chain graph and its checks, the demo.

    It sits above the apps whose objects make up the chain (strategies, indicators, followup,
    projects) so that none of them needs to import another sideways.
    """

    name = "styrkedja.web.chain"
    label = "chain"
    verbose_name = _("Chain")
