from django.urls import path

from . import views

app_name = "workforce"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("me/", views.my_profile, name="my_profile"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("<str:code>/", views.organisation_detail, name="organisation_detail"),
    path("<str:code>/chart/", views.org_chart, name="org_chart"),
    path("<str:code>/posts/<int:post_id>/", views.post_detail, name="post_detail"),
]
