from django.urls import path

from . import views

app_name = "influence"
urlpatterns = [path("", views.influence, name="index")]
