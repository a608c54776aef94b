import csv
from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from districts.charts import category_chart, locator
from districts.filters import IncentiveFilter, SourcesRegisterFilter
from districts.finder import find_incentives
from districts.forms import CompareForm, FinderForm, InquiryForm
from districts.models import District, Incentive
from districts.partners import partners_for
from districts.selectors import (
    district_cards,
    district_comparison,
    district_profile,
    largest_amount_rows,
    related_incentives,
)
from districts.services import inquiry_submit
from districts.sources_register import csv_rows, register_entries
from foundation import public_forms
from foundation.content_versions import DISTRICTS, ENTERPRISES, EVENTS
from foundation.filtering import LenientFilterView
from foundation.limits import inquiry_within_limits
from foundation.page_cache import cached_public_page, rendered_each


@method_decorator(cached_public_page(DISTRICTS), name="dispatch")
class DistrictListView(ListView):
    template_name = "districts/district_list.html"
    context_object_name = "districts"

    def get_queryset(self):
        return district_cards(timezone.localdate())


# The profile lists the district's enterprises.
@method_decorator(cached_public_page(DISTRICTS, ENTERPRISES), name="dispatch")
class DistrictDetailView(DetailView):
    template_name = "districts/district_detail.html"
    context_object_name = "district"

    def get_queryset(self):
        return district_profile(self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        finder_form = finder_answers(self.request.GET.get("finder") or self.request.POST.get("finder", ""))
        if finder_form:
            context["finder_query"] = finder_form.data.urlencode()
            context["finder_form"] = finder_form
        context.setdefault("inquiry_form", InquiryForm(initial=inquiry_initial(finder_form)))
        published = list(District.objects.published())
        context["compare_candidates"] = [district for district in published if district.pk != self.object.pk]
        context["locator"] = locator(self.object, published)
        specific = [incentive for incentive in self.object.incentives.all() if incentive.is_micro_drama_specific]
        context["category_chart"] = category_chart([(self.object.name, Counter(i.category for i in specific))])
        context["sections"] = page_sections(self.object)
        district = self.object
        with_further_sources(
            district.figures.all(),
            district.incentives.all(),
            district.funds.all(),
            district.facilities.all(),
            district.service_centers.all(),
            district.talent_programmes.all(),
        )
        return context


def with_further_sources(*record_lists):
    """Fetch the further sources each record cites, one query per kind of record, so that every citation
    on the page costs no query of its own."""
    for records in record_lists:
        prefetch_related_objects(list(records), "further_sources")


def page_sections(district: District) -> list[tuple[str, str]]:
    """The sections of a district's page that have something to show, in page order, as (id, heading):
    its contents list. Read from what district_profile fetched, so no query is added."""
    present = [
        ("key-figures", _("Key figures"), district.figures.all()),
        ("reach-bureau", _("How to reach the bureau"), hasattr(district, "contact")),
        ("incentives", _("Incentives and policies"), True),  # says so when there is none yet
        ("funds", _("Industrial funds"), district.funds.all()),
        ("studios", _("Studios, shooting bases and creative parks"), district.facilities.all()),
        ("service-centers", _("Service centers"), district.service_centers.all()),
        ("talent", _("Talent programmes"), district.talent_programmes.all()),
        ("enterprises", _("Enterprises"), True),  # links to the directory even when none is listed
    ]
    return [(section, heading) for section, heading, content in present if content]


@require_POST
def inquiry_create(request, slug):
    district = get_object_or_404(District.objects.published().select_related("contact"), slug=slug)
    if not district.takes_inquiries:
        # Its bureau published no address: the page offers no form, and no default address stands in.
        raise Http404("This district takes no inquiries.")
    form = InquiryForm(request.POST)
    if status := public_forms.refusal(
        form, within_limits=lambda data: inquiry_within_limits(request, district=district, email=data["email"])
    ):
        # Re-show the whole profile with the form, keeping everything typed so far.
        view = DistrictDetailView(request=request, kwargs={"slug": slug}, object=None)
        view.object = view.get_object()
        context = view.get_context_data(inquiry_form=form)
        return render(request, view.template_name, context, status=status)
    fields = {name: form.cleaned_data[name] for name in InquiryForm.Meta.fields}
    inquiry_submit(district=district, language=get_language(), context=inquiry_context(request), **fields)
    # A page of its own, its confirmation focused (the fragment also replaces the form's #inquiry):
    # the first thing seen and read, so nobody sends the inquiry twice.
    page = reverse("districts:inquiry_sent", kwargs={"slug": district.slug})
    return public_forms.sent(page, fields["email"], fragment="#inquiry-sent")


@never_cache  # names the visitor's address: theirs alone, never stored by a proxy
def inquiry_sent(request, slug):
    district = get_object_or_404(District, slug=slug, is_published=True)
    return public_forms.confirmation(request, "districts/inquiry_sent.html", {"district": district})


def finder_answers(query: str) -> FinderForm | None:
    """The finder answers an investor carried over to the inquiry, if they are valid."""
    form = FinderForm(QueryDict(query))
    return form if query and form.is_valid() else None


def inquiry_initial(finder_form: FinderForm | None) -> dict:
    """The inquiry takes one segment: the first the investor chose in the finder."""
    if not finder_form:
        return {}
    return {"segment": finder_form.cleaned_data["segment"][0]}


def inquiry_context(request) -> dict:
    """The finder answers behind an inquiry, so bureau staff see what the investor looks for."""
    finder_form = finder_answers(request.POST.get("finder", ""))
    if not finder_form:
        return {}
    answers = finder_form.answers()
    return {
        "finder_url": request.build_absolute_uri(f"{reverse('districts:finder')}?{finder_form.data.urlencode()}"),
        "stage": answers.stage,
        "segments": ", ".join(answers.segments),
        "investment_cny": str(answers.investment_cny or ""),
        "team_size": answers.team_size or "",
    }


# The answer names enterprises of the directory too, so an enterprise published or withdrawn renews it.
@cached_public_page(DISTRICTS, ENTERPRISES)
def finder(request):
    form = FinderForm(request.GET or None)
    today = timezone.localdate()
    result = find_incentives(form.answers(), today) if form.is_valid() else None
    partners = None
    if result:
        with_further_sources([match.incentive for listed in result.districts for match in listed.matches])
        # The districts the answer shows, else the ones the investor chose.
        shown = [listed.district for listed in result.districts] or list(form.cleaned_data["district"])
        partners = partners_for(shown, form.cleaned_data["segment"])
    return render(
        request,
        "districts/finder.html",
        {
            "form": form,
            "result": result,
            "partners": partners,
            "today": today,
            "answers_query": request.GET.urlencode(),
        },
    )


@method_decorator(cached_public_page(DISTRICTS), name="dispatch")
class IncentiveListView(LenientFilterView):
    template_name = "districts/incentive_list.html"
    filterset_class = IncentiveFilter
    context_object_name = "incentives"

    def get_queryset(self):
        return (
            Incentive.objects.published()
            .select_related("district", "source")
            .prefetch_related("further_sources")
            .with_open_flag()
        )

    def get_context_data(self, **kwargs):
        # Before pagination: the facet query also counts the results, so the paginator need not.
        self.facets = self.filterset.facets()
        context = super().get_context_data(**kwargs)
        context["facets"] = self.facets
        # Each card shows whether the incentive is open today, so the cards are kept for the day.
        context["incentive_cards"] = rendered_each(
            "districts/_incentive.html",
            "incentive",
            context["incentives"],
            # Built only when some card is not kept: a queryset with its annotations costs to build.
            lambda ids: self.get_queryset().in_bulk(ids),
            (DISTRICTS,),
            extra={"show_district": True},
            day=timezone.localdate(),
        )
        return context

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.facets["total"]
        return paginator


@method_decorator(cached_public_page(DISTRICTS), name="dispatch")
class IncentiveDetailView(DetailView):
    """One incentive on a page of its own, to share: who qualifies, amounts, how to apply, related ones."""

    template_name = "districts/incentive_detail.html"
    context_object_name = "incentive"

    def get_queryset(self):
        return (
            Incentive.objects.published()
            .select_related("district__contact", "source")
            .prefetch_related("further_sources")
            .with_open_flag()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(related_incentives(self.object))
        return context


@cached_public_page(DISTRICTS)
def compare(request):
    form = CompareForm(request.GET or None)
    columns = []
    if form.is_valid():
        columns = district_comparison(form.cleaned_data["d"], timezone.localdate())
        with_further_sources([figure for column in columns for figure in column["figures"]])
    elif form.is_bound:
        for error in form.errors.get("d", []):
            messages.warning(request, error)
    return render(
        request,
        "districts/compare.html",
        {
            "form": form,
            "columns": columns,
            "amount_rows": largest_amount_rows(columns),
            "category_chart": category_chart(
                [(column["district"].name, column["incentives_by_category"]) for column in columns]
            ),
            "category_rows": [
                (label, [(column, column["incentives_by_category"][value]) for column in columns])
                for value, label in Incentive.Category.choices
            ],
        },
    )


@method_decorator(cached_public_page(DISTRICTS, ENTERPRISES, EVENTS), name="dispatch")
class SourcesRegisterView(LenientFilterView):
    """Every figure, amount and claim the portal publishes with its source, on a page or as CSV (`as_csv`)."""

    template_name = "districts/sources_register.html"
    filterset_class = SourcesRegisterFilter
    paginate_by = None
    as_csv = False

    def get_queryset(self):
        return District.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entries"] = register_entries(self.object_list)
        # Errors are reported to the host bureau, when it publishes where inquiries go.
        host = District.objects.published().filter(is_host=True).select_related("contact").first()
        context["report_error_url"] = f"{host.get_absolute_url()}#inquiry" if host and host.takes_inquiries else ""
        return context

    def render_to_response(self, context, **kwargs):
        if not self.as_csv:
            return super().render_to_response(context, **kwargs)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="sources-{timezone.localdate():%Y-%m-%d}.csv"'
        response.write("\ufeff")  # Excel reads Chinese text correctly only after a byte-order mark
        csv.writer(response).writerows(csv_rows(context["entries"], settings.SITE_URL))
        return response
