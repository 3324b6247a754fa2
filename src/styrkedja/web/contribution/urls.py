from django.urls import path

from . import effect, publishing, views

app_name = "contribution"
urlpatterns = [
    path("mal/<slug:key>/utan-oss/", views.without_us, name="without_us"),
    path("projekt/<slug:key>/effekt/", effect.project_effect, name="project_effect"),
    path("analys/<int:pk>/publicera/", publishing.publish, name="publish"),
]
