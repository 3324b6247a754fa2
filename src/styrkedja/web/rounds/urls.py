from django.urls import path

from . import views

app_name = "rounds"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("ny/", views.round_create, name="create"),
    path("ansvariga/", views.actions_by_owner, name="owners"),
    path("<slug:key>/", views.round_detail, name="detail"),
    path("<slug:key>/frys/", views.round_freeze, name="freeze"),
    path("<slug:key>/publicera/", views.round_publish, name="publish"),
    path("<slug:key>/mal/<slug:goal>/", views.assess, name="assess"),
    path("<slug:key>/atgard/", views.action_save, name="action"),
    path("<slug:key>/kunskapsbehov/", views.need_save, name="need"),
    path("<slug:key>/lardom/", views.lesson_add, name="lesson"),
    path("<slug:key>/forum.docx", views.agenda, name="agenda"),
]
