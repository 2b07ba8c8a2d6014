"""Pure talent rules: no database, no HTTP. Dates in, facts out, so every rule can be checked by hand
and property-tested. Services and selectors load facts from the register and call these."""
