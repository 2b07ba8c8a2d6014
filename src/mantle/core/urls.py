from django.urls import path

from . import status_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
    path("status/", status_views.service_status, name="service_status"),
    path("scheduled-jobs/", status_views.scheduled_jobs, name="scheduled_jobs"),
]
