from django.apps import AppConfig


class CapabilityConfig(AppConfig):
    name = "mantle.capability"
    label = "capability"
