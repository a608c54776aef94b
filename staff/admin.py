from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext
from django_tasks_db.models import DBTaskResult

from foundation.models import OutgoingEmail
from foundation.permissions import ScopedAdminMixin
from foundation.tasks import deliver_email

# Task rows are the worker's own bookkeeping; staff follow what matters to them, the emails, below.
admin.site.unregister(DBTaskResult)

# Column headings of the admin's model lists that Django's own Chinese catalogue leaves untranslated.
ADMIN_STRINGS_DJANGO_LEAVES_UNTRANSLATED = [
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ScopedAdminMixin, admin.ModelAdmin):
    # Staff read the emails about the records they may see; the rest are for administrators.
    district_paths = ("inquiry__district", "enterprise__district")
    event_paths = ("registration__event",)
    list_display = ["subject", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    fields = ["to", "subject", "body", "status", "attempts", "last_error", "created_at", "sent_at", "about"]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description=_("about"))
    def about(self, email):
        record = email.about
        if record is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse(admin_urlname(record._meta, "change"), args=[record.pk]), record
        )

    def has_add_permission(self, request):
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("haizhu_portal.resend_outgoingemail")

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request, queryset):
        """Queue the selected failed or pending emails again (the queryset is already the user's scope); each
        is noted in its history. A pending one goes at once, whatever task held it (deliver_email sends it
        once). Erased ones (no body left) and sent ones are left alone."""
        unsent = [OutgoingEmail.Status.FAILED, OutgoingEmail.Status.PENDING]
        emails = list(queryset.filter(status__in=unsent).exclude(body=""))
        OutgoingEmail.objects.filter(pk__in=[email.pk for email in emails]).update(status=OutgoingEmail.Status.PENDING)
        for email in emails:
            self.log_change(request, email, gettext_noop("Sent again"))
            transaction.on_commit(lambda email_id=email.pk: deliver_email.enqueue(email_id))
        self.message_user(
            request,
            ngettext("%d unsent email queued again.", "%d unsent emails queued again.", len(emails)) % len(emails),
            messages.SUCCESS,
        )
        if skipped := queryset.count() - len(emails):
            text = ngettext(
                "%d email was sent already or erased and was left as it was.",
                "%d emails were sent already or erased and were left as they were.",
                skipped,
            )
            self.message_user(request, text % skipped, messages.WARNING)
