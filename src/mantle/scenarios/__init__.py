"""Workforce redesign scenarios (issue 17): project the management workforce and the clinician share
forward from the register, with uncertainty, and find what it takes to reach a goal.

Owns saved scenarios (their assumptions as JSON), their runs (outputs, back-test, goal seek) and
pay scales. Reads the register through ``divide.frames`` (tier, clinician status, profession), the
talent module's pension-age rule and the development module's conversion measure; the model itself
is ``analytics.scenarios`` (pure). Must never import views of other apps. See docs/scenarios.md.
"""
