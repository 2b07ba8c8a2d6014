"""Mantle: see and close the divide between clinical leadership and management in the NHS."""

import os

# Mantle's numerical work (disclosure control, the auditor) is small matrices computed inside web
# requests: multi-threaded BLAS only contends with the other workers (an SVD measured 0.16 s on one
# thread, 5.9 s on two busy cores). Set before numpy is first imported; an explicit setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
