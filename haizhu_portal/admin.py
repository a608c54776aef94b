from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from haizhu_portal.models import OutgoingEmail
from haizhu_portal.tasks import deliver_email


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    readonly_fields = ["to", "subject", "body", "status", "attempts", "last_error", "created_at", "sent_at"]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected emails again"), permissions=["change"])
    def send_again(self, request, queryset):
        unsent = list(queryset.exclude(status=OutgoingEmail.Status.SENT).values_list("pk", flat=True))
        for email_id in unsent:
            transaction.on_commit(lambda email_id=email_id: deliver_email.enqueue(email_id))
        self.message_user(
            request,
            ngettext("%d email queued again.", "%d emails queued again.", len(unsent)) % len(unsent),
            messages.SUCCESS,
        )
