from django.contrib import messages
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from districts.filters import IncentiveFilter
from districts.forms import CompareForm, InquiryForm
from districts.models import District, Incentive
from districts.selectors import district_comparison, district_profile
from districts.services import inquiry_submit
from haizhu_portal.filtering import LenientFilterView
from haizhu_portal.spam import over_submission_limit


class DistrictListView(ListView):
    template_name = "districts/district_list.html"
    context_object_name = "districts"

    def get_queryset(self):
        return (
            District.objects.filter(is_published=True)
            .annotate(
                incentive_count=Count("incentives", distinct=True), largest_amount=Max("incentives__max_amount_cny")
            )
            .prefetch_related("figures")
        )


class DistrictDetailView(DetailView):
    template_name = "districts/district_detail.html"
    context_object_name = "district"

    def get_queryset(self):
        return district_profile(self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("inquiry_form", InquiryForm())
        context["compare_candidates"] = District.objects.filter(is_published=True).exclude(pk=self.object.pk)
        return context


@require_POST
def inquiry_create(request, slug):
    district = get_object_or_404(District, slug=slug, is_published=True)
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


def inquiry_context(request) -> dict:
    """What the investor was looking at, attached to the inquiry for the bureau (the finder adds its answers)."""
    return {key: request.POST.getlist(key) for key in request.POST if key.startswith("context_")}


class IncentiveListView(LenientFilterView):
    template_name = "districts/incentive_list.html"
    filterset_class = IncentiveFilter
    context_object_name = "incentives"

    def get_queryset(self):
        return Incentive.objects.filter(district__is_published=True).select_related("district", "source")


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
