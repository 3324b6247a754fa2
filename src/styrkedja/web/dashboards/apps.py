from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Config(AppConfig):
    name = "styrkedja.web.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import _bump

        # ORM writes in this process outside core.audit and imports still change the fragments' keys.
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(_bump, dispatch_uid=f"styrkedja-dashboards-fragments-{id(signal)}")
