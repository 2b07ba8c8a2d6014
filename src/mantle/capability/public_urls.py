"""External 360° raters: one-time links under /feedback/r/<token>/, no sign-in (the login middleware
lets /feedback/r/ through; the token itself is the credential)."""

from django.urls import path

from .views import rater

app_name = "capability_public"

urlpatterns = [
    path("r/<str:token>/", rater.public_rater_form, name="rater_form"),
]
