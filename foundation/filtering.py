"""List pages that filter leniently: a malformed query string never empties or breaks a page; their filter sets
set up cheaply for each request."""

import copy

import django_filters
from django.contrib import messages
from django.http import QueryDict
from django.utils.translation import get_language
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


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, set up for each request from what every request shares.

    django-filter deep-copies every filter (widgets and choices) and builds a new form class for each filter
    set, 1.2-2.8 ms a page. Here each filter is copied shallowly, with what a request sets on it (the model,
    this filter set, its method bound to it) its own, and the form class is built once per filter set class,
    language and filters; each form still copies its fields, as every Django form does.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django_filters.FilterSet.__init__, but for the copy of the filters.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: self.copy_of(filter_) for name, filter_ in self.base_filters.items()}

    def copy_of(self, filter_):
        copied = copy.copy(filter_)
        copied.extra = dict(filter_.extra)
        copied.model, copied.parent = self.queryset.model, self
        if filter_.method is not None:
            copied.method = filter_.method  # a FilterMethod calling this filter set's method
        return copied

    def get_form_class(self):
        # A field built from the request (a callable queryset) is built afresh each time.
        if any(callable(getattr(filter_, "queryset", None)) for filter_ in self.filters.values()):
            return super().get_form_class()
        key = (type(self), get_language(), tuple(self.filters))
        if key not in FORM_CLASSES:
            FORM_CLASSES[key] = super().get_form_class()
        return FORM_CLASSES[key]


# The form class of each filter set class, language and filters (FilterSet.get_form_class).
FORM_CLASSES: dict = {}
