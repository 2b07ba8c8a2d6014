"""Issue 13 item 18: a form's error summary names each field, so two "This field is required."
lines say which fields they are about."""

from __future__ import annotations

from django import forms
from django.template import engines


class _TwoFields(forms.Form):
    first_name = forms.CharField(label="First name")
    budgeted_fte = forms.DecimalField(label="Budgeted FTE")


def test_the_error_summary_names_the_fields() -> None:
    form = _TwoFields(data={})
    assert not form.is_valid()
    html = (
        engines["jinja2"]
        .from_string(
            '{% from "includes/forms.html" import error_summary %}{{ error_summary(form) }}'
        )
        .render({"form": form})
    )
    assert 'href="#id_first_name">First name: This field is required.</a>' in html
    assert 'href="#id_budgeted_fte">Budgeted FTE: This field is required.</a>' in html
