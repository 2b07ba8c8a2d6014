"""API schemas shared by every app: the error body (stable ``code``, human ``message``)."""

from ninja import Schema


class FieldErrorOut(Schema):
    field: str
    message: str
    type: str = ""


class ErrorOut(Schema):
    """Every API error: ``code`` is stable (e.g. ``validation_error``, ``not_found``, ``forbidden``,
    ``not_authenticated``, ``conflict``); ``message`` is for people; ``errors`` lists field problems."""

    code: str
    message: str
    errors: list[FieldErrorOut] | None = None


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
