"""Imports: ``parsers`` turn files into validated rows (pure, no database); ``loaders`` turn rows into
database history (batched, atomic, idempotent).

Must never import views. Loaders call workforce services/models, never views.
"""
