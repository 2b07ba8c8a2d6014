from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("", views.explore, name="explore"),
    path("model/", views.model, name="model"),
    path("where/", views.where, name="where"),
    path("load/", views.load, name="load"),
]
