"""The synthetic NHS: a deterministic, fast generator of ESR-style workforce extracts.

Pure Python, NumPy and Polars: no Django, no database, no files read at run time (every
calibration figure is embedded, with its source named in ``docs/synthetic-data.md``).

* :func:`generate_trust` — one trust's extracts on a series of dates, with realistic churn
  between them, and its establishment (every post, vacant or not);
* :func:`generate_national` — every trust and ICB in England on one date;
* :func:`write_extract_csv` — an extract as the CSV file Mantle's importer reads.

Must never import Django or product code: the demo command loads what this package produces
through the real importer, like any other extract.
"""

from mantle.demo.synthetic.extract import (
    ESTABLISHMENT_COLUMNS,
    EXTRACT_COLUMNS,
    write_establishment_csv,
    write_extract_csv,
)
from mantle.demo.synthetic.model import (
    SyntheticICB,
    SyntheticNation,
    SyntheticOrganisation,
    SyntheticTrust,
)
from mantle.demo.synthetic.national import generate_national
from mantle.demo.synthetic.trust import generate_trust

__all__ = [
    "ESTABLISHMENT_COLUMNS",
    "EXTRACT_COLUMNS",
    "SyntheticICB",
    "SyntheticNation",
    "SyntheticOrganisation",
    "SyntheticTrust",
    "generate_national",
    "generate_trust",
    "write_establishment_csv",
    "write_extract_csv",
]
