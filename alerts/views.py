from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from alerts.forms import AlertChoicesForm, AlertSubscribeForm
from alerts.models import AlertSubscription
from alerts.services import subscription_change, subscription_confirm, subscription_erase, subscription_request
from foundation import public_forms
from foundation.limits import alert_subscription_within_limits


def subscribe(request):
    if request.method != "POST":
        # Links from a district page or the catalogue tick what the visitor was looking at.
        initial = {"districts": request.GET.getlist("district"), "segments": request.GET.getlist("segment")}
        return render(request, "alerts/subscribe.html", {"form": AlertSubscribeForm(initial=initial)})
    form = AlertSubscribeForm(request.POST)
    if status := public_forms.refusal(
        form, within_limits=lambda data: alert_subscription_within_limits(request, email=data["email"])
    ):
        return render(request, "alerts/subscribe.html", {"form": form}, status=status)
    subscription_request(
        email=form.cleaned_data["email"],
        districts=form.cleaned_data["districts"],
        segments=form.cleaned_data["segments"],
        language=get_language(),
    )
    return public_forms.sent(reverse("alerts:sent"), form.cleaned_data["email"])


@never_cache  # names the visitor's address: theirs alone, never stored by a proxy
def sent(request):
    """The same page whether the address is new or already receives alerts: the email says which."""
    return public_forms.confirmation(request, "alerts/check_email.html", {})


# The pages behind a subscription's secret link are the subscriber's alone: no browser history or
# shared proxy keeps a copy ("Cache-Control: private, no-store"), as the ticket pages.


def subscription_by_token(token):
    return get_object_or_404(AlertSubscription.objects.prefetch_related("districts"), token=token)


@never_cache
def confirm(request, token):
    """Opening the link shows a button; only pressing it confirms, as mail scanners and link previews open links."""
    subscription = subscription_by_token(token)
    if request.method == "POST":
        subscription = subscription_confirm(subscription=subscription)
        messages.success(request, _("Confirmed. Your first digest comes when there is news for you."))
        return redirect(subscription)
    if subscription.is_confirmed:
        return redirect(subscription)
    return render(request, "alerts/confirm.html", {"subscription": subscription})


@never_cache
def manage(request, token):
    subscription = subscription_by_token(token)
    if request.method == "POST":
        form = AlertChoicesForm(request.POST)
        if form.is_valid():
            subscription_change(
                subscription=subscription,
                districts=form.cleaned_data["districts"],
                segments=form.cleaned_data["segments"],
            )
            messages.success(request, _("Your choices are saved."))
            return redirect(subscription)
    else:
        initial = {"districts": [d.slug for d in subscription.districts.all()], "segments": subscription.segments}
        form = AlertChoicesForm(initial=initial)
    status = 400 if form.errors else 200
    return render(request, "alerts/manage.html", {"subscription": subscription, "form": form}, status=status)


@never_cache
@csrf_exempt  # Mail programs unsubscribe with a bare POST (RFC 8058); the secret token is the authority.
def unsubscribe(request, token):
    subscription = AlertSubscription.objects.filter(token=token).first()
    if request.method == "POST":
        if subscription is not None:
            subscription_erase(subscription=subscription)
        return render(request, "alerts/unsubscribed.html")
    if subscription is None:
        return render(request, "alerts/unsubscribed.html")
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription})
