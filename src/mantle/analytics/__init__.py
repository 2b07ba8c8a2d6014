"""Pure computations: Polars DataFrames in, DataFrames or dicts out.

No HTTP, no ORM, never imports views or models; the database selectors build the input frames.

* ``divide`` — the clinician–management divide measures (one scope, every organisation, units);
* ``suppression`` — disclosure control (primary, complementary, secondary) for those figures and
  for any table of people counts;
* ``benchmark`` — managers' share by NHS Digital's published (G-code) definition, labelled as such.
* ``spc`` — XmR charts the "Making Data Count" way (rules, variation and assurance icons);
* ``funnel`` — funnel-plot limits for proportions across organisations.

Definitions, formulas and a worked example: docs/metrics.md.
"""
