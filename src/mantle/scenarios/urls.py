from django.urls import path

from . import views

app_name = "scenarios"

urlpatterns = [
    path("", views.scenario_list, name="scenario_list"),
    path("new", views.scenario_new, name="scenario_new"),
    path("compare", views.scenario_compare, name="scenario_compare"),
    path("<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("<int:pk>/edit", views.scenario_edit, name="scenario_edit"),
    path("<int:pk>/run", views.scenario_run, name="scenario_run"),
    path("<int:pk>/export.csv", views.scenario_csv, name="scenario_csv"),
]
