"""One URL per page: an htmx request gets only the page's ``partial`` block, a normal request the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.template.loader import get_template

PARTIAL_BLOCK = "partial"


def wants_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request  # type: ignore[union-attr]


def render_page(
    request: HttpRequest,
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    block: str = PARTIAL_BLOCK,
) -> HttpResponse:
    """Render a page, or just its ``partial`` block for htmx requests (when the template has one)."""
    context = context or {}
    if wants_partial(request):
        wrapper = get_template(template_name)
        jinja_template = getattr(wrapper, "template", None)
        if jinja_template is not None and block in jinja_template.blocks:
            ctx: dict[str, Any] = dict(context)
            ctx.update(
                request=request,
                csrf_input=csrf_input_lazy(request),
                csrf_token=csrf_token_lazy(request),
            )
            for processor in wrapper.backend.template_context_processors:  # type: ignore[attr-defined]
                ctx.update(processor(request))
            # A block rendered on its own does not see the template's top-level macros and imports;
            # build the template's module once with the same context and pass its exports in.
            module = jinja_template.make_module(ctx)
            exported = {k: getattr(module, k) for k in dir(module) if not k.startswith("_")}
            body = "".join(
                jinja_template.blocks[block](jinja_template.new_context({**ctx, **exported}))
            )
            return HttpResponse(body, status=status)
    return render(request, template_name, context, status=status)
