from django.urls import path

from . import views

app_name = "contribution"
urlpatterns = [
    path("mal/<slug:key>/utan-oss/", views.without_us, name="without_us"),
]
