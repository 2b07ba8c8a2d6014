from django.urls import path

from . import views

app_name = "workforce"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("me/", views.my_profile, name="my_profile"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path(
        "people/<int:person_id>/assignments/new/", views.assignment_create, name="assignment_create"
    ),
    path(
        "people/<int:person_id>/registrations/new/",
        views.registration_create,
        name="registration_create",
    ),
    path("<str:code>/", views.organisation_detail, name="organisation_detail"),
    path("<str:code>/chart/", views.org_chart, name="org_chart"),
    path("<str:code>/units/new/", views.unit_create, name="unit_create"),
    path("<str:code>/posts/new/", views.post_create, name="post_create"),
    path("<str:code>/people/new/", views.person_create, name="person_create"),
    path("<str:code>/posts/<int:post_id>/", views.post_detail, name="post_detail"),
    path("<str:code>/posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
]
