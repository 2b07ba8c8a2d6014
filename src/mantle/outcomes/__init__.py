"""Does leadership pay? Outcomes (published trust-level measures and a trust's own unit-level
figures), Mantle's own leadership measures per organisation and unit per month, and the pages, API
and CLI that explore them, fit models and show where an organisation sits among its peers.

Owns ``OutcomeValue`` and ``OutcomeImport``. Reads the register only through the divide's
families (so every figure about people is a slice of decision 0011's pattern); the statistics live
in ``mantle.analytics.outcomes``. Must never write to the register.
"""
