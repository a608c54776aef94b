from django.contrib import messages
from django.db.models import Count, Max
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from districts.filters import IncentiveFilter
from districts.finder import find_incentives
from districts.forms import CompareForm, FinderForm, InquiryForm
from districts.models import District, Incentive
from districts.selectors import district_comparison, district_profile
from districts.services import inquiry_submit
from haizhu_portal.filtering import LenientFilterView
from haizhu_portal.spam import over_submission_limit


class DistrictListView(ListView):
    template_name = "districts/district_list.html"
    context_object_name = "districts"

    def get_queryset(self):
        return District.objects.published().annotate(
            incentive_count=Count("incentives", distinct=True), largest_amount=Max("incentives__max_amount_cny")
        )


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
        context["compare_candidates"] = District.objects.published().exclude(pk=self.object.pk)
        return context


@require_POST
def inquiry_create(request, slug):
    district = get_object_or_404(District.objects.published(), slug=slug)
    form = InquiryForm(request.POST)
    if form.is_valid() and over_submission_limit(request, "inquiry"):
        form.add_error(None, _("Too many inquiries have come from your network; please try again in an hour."))
    if not form.is_valid():
        # Re-show the whole profile with the form, keeping everything typed so far.
        view = DistrictDetailView(request=request, kwargs={"slug": slug}, object=None)
        view.object = view.get_object()
        context = view.get_context_data(inquiry_form=form)
        return render(request, view.template_name, context, status=400)
    fields = {name: form.cleaned_data[name] for name in InquiryForm.Meta.fields}
    inquiry_submit(district=district, language=get_language(), context=inquiry_context(request), **fields)
    messages.success(
        request,
        _("Thank you. The bureau has your inquiry and will reply to %(email)s.") % {"email": fields["email"]},
    )
    return redirect(f"{district.get_absolute_url()}#inquiry")


def finder_answers(query: str) -> FinderForm | None:
    """The finder answers an investor carried over to the inquiry, if they are valid."""
    form = FinderForm(QueryDict(query))
    return form if query and form.is_valid() else None


def inquiry_initial(finder_form: FinderForm | None) -> dict:
    if not finder_form:
        return {}
    segments = finder_form.cleaned_data["segment"]
    return {"segment": segments[0] if len(segments) == 1 else ""}


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


def finder(request):
    form = FinderForm(request.GET or None)
    today = timezone.localdate()
    result = find_incentives(form.answers(), today) if form.is_valid() else None
    return render(
        request,
        "districts/finder.html",
        {"form": form, "result": result, "today": today, "answers_query": request.GET.urlencode()},
    )


class IncentiveListView(LenientFilterView):
    template_name = "districts/incentive_list.html"
    filterset_class = IncentiveFilter
    context_object_name = "incentives"

    def get_queryset(self):
        return Incentive.objects.published().select_related("district", "source").with_open_flag()


def compare(request):
    form = CompareForm(request.GET or None)
    columns = []
    if form.is_valid():
        columns = district_comparison(form.cleaned_data["d"])
    elif form.is_bound:
        for error in form.errors.get("d", []):
            messages.warning(request, error)
    return render(
        request,
        "districts/compare.html",
        {
            "form": form,
            "columns": columns,
            "category_rows": [
                (label, [column["incentives_by_category"][value] for column in columns])
                for value, label in Incentive.Category.choices
            ],
        },
    )
