"""Core platform: the acting user and their scopes, audit log, htmx helpers, errors, health and the page
shell shared by every domain app.

Must never import a domain app's views; domain apps import core, never the reverse (except lazily for
navigation links resolved by URL name).
"""
