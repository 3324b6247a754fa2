"""A URL configuration with one page that fails, for the 500 page test."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a page that fails")


urlpatterns = [path("fails/", fails), path("", include("styrkedja.web.urls"))]
