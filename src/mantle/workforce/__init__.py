"""The workforce register: organisations, units, posts (the establishment), people, registrations and
assignments, all effective-dated; and the pure NHS rules (``rules``) they obey.

Owns: who holds which post when, and who is a clinician on a date.
Must never import: views of other apps, ``mantle.analytics`` internals, ``mantle.imports`` loaders.
"""
