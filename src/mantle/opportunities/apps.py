from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "mantle.opportunities"
    label = "opportunities"
    verbose_name = "Leadership opportunities"
