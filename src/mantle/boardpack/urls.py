from django.urls import path

from . import views

app_name = "boardpack"

urlpatterns = [
    path("", views.pack_list, name="list"),
    path("make", views.pack_create, name="create"),
    path("targets/", views.measure_settings, name="measures"),
    path("<int:pk>/download", views.pack_download, name="download"),
]
