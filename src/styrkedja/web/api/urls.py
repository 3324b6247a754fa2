"""The read-only JSON API (django-ninja) and its description page."""

from django.urls import path

from . import views
from .api import api

urlpatterns = [
    path("docs/", views.docs, name="api-docs"),
    path("", api.urls),
]
