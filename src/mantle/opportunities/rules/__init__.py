"""Pure rules of the marketplace (no Django): state machines, eligibility and recommendation fit."""
