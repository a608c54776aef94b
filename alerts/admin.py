from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from alerts.models import AlertSubscription
from alerts.services import subscription_erase
from foundation.permissions import AdministratorsOnlyAdminMixin


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(AdministratorsOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["email", "language", "confirmed_at", "last_digest_at", "consented_at"]
    list_filter = ["language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "language", "consent", "consented_at", "confirmed_at", "last_digest_at", "created_at"]
    filter_horizontal = ["districts"]
    actions = ["erase"]

    def has_add_permission(self, request):
        return False  # only the person can subscribe, by confirming from their own inbox

    def has_delete_permission(self, request, obj=None):
        return False  # erase, below, also blanks the stored emails

    @admin.action(description=_("Erase the subscription and the emails sent to it"), permissions=["change"])
    def erase(self, request, queryset):
        count = 0
        for subscription in queryset:
            subscription_erase(subscription=subscription)
            count += 1
        message = ngettext("%d subscription erased.", "%d subscriptions erased.", count) % count
        self.message_user(request, message, messages.SUCCESS)
