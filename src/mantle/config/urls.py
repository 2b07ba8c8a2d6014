"""URL map: one include per domain app; the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

from mantle.core import views as core_views

from .api import api

handler400 = "mantle.core.views.error_400"
handler403 = "mantle.core.views.error_403"
handler404 = "mantle.core.views.error_404"
handler500 = "mantle.core.views.error_500"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("mantle.accounts.urls")),
    path("register/", include("mantle.workforce.urls")),
    path("imports/", include("mantle.imports.urls")),
    path("divide/", include("mantle.divide.urls")),
    path("leadership/", include("mantle.capability.urls")),
    path("feedback/", include("mantle.capability.public_urls")),
    path("talent/", include("mantle.talent.urls")),
    path("team/", include("mantle.team.urls")),
    path("development/", include("mantle.development.urls")),
    path("board-pack/", include("mantle.boardpack.urls")),
    path("outcomes/", include("mantle.outcomes.urls")),
    path("scenarios/", include("mantle.scenarios.urls")),
    path("opportunities/", include("mantle.opportunities.urls")),
    path("", include("mantle.core.urls")),
]
