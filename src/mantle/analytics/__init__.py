"""Pure computations: Polars DataFrames in, DataFrames or dicts out.

No HTTP, no ORM writes, never imports views or models.
"""
