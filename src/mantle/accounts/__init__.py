"""Accounts: sign-in, roles held per organisation (memberships) and personal API tokens.

Must never import domain apps' views; the scoping rules themselves live in ``mantle.core.access``.
"""
