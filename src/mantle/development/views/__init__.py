"""Development pages. Thin: parse the request, call a selector or service, render."""
