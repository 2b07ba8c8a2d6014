from django.urls import path

from . import views

app_name = "opportunities"

urlpatterns = [
    path("", views.home, name="home"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("new/", views.opportunity_edit, name="opportunity_add"),
    path("mine/", views.my_applications, name="my_applications"),
    path("releases/", views.releases, name="releases"),
    path("rounds/", views.rounds, name="round_list"),
    path("rounds/<int:round_id>/", views.round_detail, name="round_detail"),
    path("fairness/", views.fairness, name="fairness"),
    path("fairness/export.csv", views.fairness_csv, name="fairness_csv"),
    path("<int:opportunity_id>/", views.opportunity_detail, name="opportunity_detail"),
    path("<int:opportunity_id>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("<int:opportunity_id>/action/", views.opportunity_action, name="opportunity_action"),
    path("<int:opportunity_id>/applicants.csv", views.applicants_csv, name="applicants_csv"),
    path("applications/<int:application_id>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:application_id>/action/",
        views.application_action,
        name="application_action",
    ),
]
