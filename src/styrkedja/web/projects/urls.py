from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("ny/", views.initiative_new, name="new"),
    path("portfolj/", views.portfolio_index, name="portfolio"),
    path("portfolj/<slug:goal_key>/", views.portfolio_goal, name="portfolio_goal"),
    path("bevakning/", views.due_list, name="due"),
    path("granska/", views.review_queue, name="review_queue"),
    path("<slug:key>/", views.initiative_detail, name="detail"),
    path("<slug:key>/historik/", views.initiative_history, name="history"),
    path("<slug:key>/plan/", views.plan_edit, name="plan"),
    path("<slug:key>/plan/kontroll/", views.plan_check, name="plan_check"),
    path("<slug:key>/plan/skicka/", views.plan_submit, name="plan_submit"),
    path("<slug:key>/plan/granska/", views.plan_review, name="plan_review"),
    path("<slug:key>/plan.xlsx", views.plan_download, name="plan_download"),
    path("<slug:key>/plan/ladda-upp/", views.plan_upload, name="plan_upload"),
    path("<slug:key>/rapport/<int:pk>/", views.report_detail, name="report"),
    path("<slug:key>/rapport/<int:pk>/skicka/", views.report_submit, name="report_submit"),
    path("<slug:key>/rapport/<int:pk>/granska/", views.report_review, name="report_review"),
]
