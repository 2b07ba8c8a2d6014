from django.urls import path

from . import exports, views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("template.csv", views.template, name="template"),
    path("runs/<int:run_id>/", views.run_detail, name="run_detail"),
    path("runs/<int:run_id>/confirm/", views.run_confirm, name="run_confirm"),
    path("runs/<int:run_id>/errors.csv", views.run_errors_csv, name="run_errors"),
    path("export/", exports.export_view, name="export"),
]
