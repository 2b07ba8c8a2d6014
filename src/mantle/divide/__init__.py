"""The divide, measured: selectors that read the register as at a date into analytics frames, the
dashboard, API and CLI for clinician share of management, and the published-statistics benchmark.

Must never write to the register; computations live in ``mantle.analytics``.
"""
