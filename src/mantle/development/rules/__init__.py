"""Pure rules of professionalised leadership: requirement evaluation, the FPPT cycle state machine and
who may act on it, the 75th-birthday retention rule and evidence file checks.

Plain Python over plain values: no Django models, no database, no I/O beyond reading an uploaded file.
"""
