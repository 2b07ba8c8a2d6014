"""My team: a line manager's people on one page, composed from the register (workforce), the
requirements (development), talent conversations (talent) and 360s (capability) through those apps'
public selectors. Owns no models; never writes; must not import another app's views or services."""
