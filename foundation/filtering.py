"""List pages that filter leniently: a malformed query string never empties or breaks a page."""

from django.contrib import messages
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_filters.views import FilterView


class LenientFilterView(FilterView):
    """Apply the filters that are valid, tell the visitor which ones were ignored and why."""

    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        form = self.filterset.form
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else name
                messages.warning(
                    request,
                    _("The filter “%(label)s” was ignored: %(reason)s") % {"label": label, "reason": " ".join(errors)},
                )
        # cleaned_data holds only the fields that validated.
        self.object_list = self.filterset.filter_queryset(self.filterset.queryset)
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, so an empty query string is a valid "no filters" form.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def paginate_queryset(self, queryset, page_size):
        page = self.request.GET.get(self.page_kwarg, "1")
        if not page.isdigit():
            messages.warning(
                self.request, _("“%(page)s” is not a page number; showing the first page.") % {"page": page}
            )
            self.kwargs[self.page_kwarg] = 1
        return super().paginate_queryset(queryset, page_size)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["active_filters"] = active_filters(self.filterset, self.request.GET)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context["query_without_page"] = query.urlencode()
        return context


def active_filters(filterset, query: QueryDict) -> list[dict]:
    """One removable chip per applied filter value: its label and the URL without it."""
    form = filterset.form
    chips = []
    for name, value in form.cleaned_data.items():
        raw_values = query.getlist(name)
        # Nothing asked in the address, no chip: skip building the field's choices.
        if not raw_values or value is None or value is False or value == "" or name == "sort":
            continue
        field = form.fields[name]
        choices = {str(key): text for key, text in getattr(field, "choices", [])}
        for raw in raw_values:
            if choices and raw not in choices:
                continue
            remaining = query.copy()
            remaining.setlist(name, [other for other in raw_values if other != raw])
            remaining.pop("page", None)
            label = field.label if isinstance(value, bool) else f"{field.label}: {choices.get(raw, raw)}"
            chips.append({"label": label, "remove_url": "?" + remaining.urlencode()})
    return chips
