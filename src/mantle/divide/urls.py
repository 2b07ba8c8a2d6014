from django.urls import path

from . import views

app_name = "divide"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("posts/", views.post_list, name="post_list"),
    path("table.csv", views.table_csv, name="table_csv"),
    path("benchmark/", views.benchmark, name="benchmark"),
    path("system/", views.system, name="system"),
]
