from django.contrib import admin
from django.urls import include, path

from styrkedja.web.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("projekt/", include("styrkedja.web.projects.urls")),
    path("api/", include("styrkedja.web.api.urls")),
    path("paverkansfaktorer/", include("styrkedja.web.influence.urls")),
    path("", include("styrkedja.web.contribution.urls")),
    path("omgangar/", include("styrkedja.web.rounds.urls")),
    path("", include("styrkedja.web.dashboards.urls")),
]
