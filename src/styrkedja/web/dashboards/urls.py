from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.home, name="home"),
    path("oversikt/", views.overview, name="overview"),
    path("mal/<slug:key>/", views.goal_detail, name="goal"),
    path("mal/<slug:key>/bedomning/", views.goal_assess, name="goal_assess"),
    path("aktivitet/<slug:key>/", views.activity_detail, name="activity"),
    path("indikatorer/", views.indicator_list, name="indicators"),
    path("indikatorer/<slug:key>/", views.indicator_detail, name="indicator"),
    path("indikatorer/<slug:key>/data.csv", views.indicator_csv, name="indicator_csv"),
    path("indikatorer/<slug:key>/data.xlsx", views.indicator_xlsx, name="indicator_xlsx"),
    path("statistik/import/", views.import_upload, name="import_upload"),
    path("statistik/import/<int:pk>/", views.import_job, name="import_job"),
    path("styrkedjan/", views.chain, name="chain"),
    path("insatskartlaggning/", views.portfolio, name="portfolio"),
    path("jamforelse/", views.comparison, name="comparison"),
    path("metod/sannolikhet/", views.probability_methods, name="probability_methods"),
    path("rapport/", views.report_page, name="report"),
]
