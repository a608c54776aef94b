from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.db import transaction
from django.db.models import CharField, Q, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext
from django_tasks_db.models import DBTaskResult

from districts.models import District, Incentive
from enterprises.models import Enterprise
from events.models import Event
from foundation.admin_fields import ViewOnly
from foundation.models import OutgoingEmail
from foundation.permissions import ScopedAdminMixin, in_scope, is_administrator
from foundation.tasks import deliver_email
from page_views.models import PageViewDay

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


@admin.register(PageViewDay)
class PageViewDayAdmin(ViewOnly, admin.ModelAdmin):
    """Read-only: the counts are the task worker's to write. Editors see the pages of their districts
    (the district, its incentives, its companies and events); organisers their events' pages."""

    list_display = ["day", "kind", "public_page", "language", "views"]
    list_filter = ["kind", "language"]
    date_hierarchy = "day"
    search_fields = ["key"]
    list_per_page = 200

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        user = request.user
        if is_administrator(user):
            return rows
        by_number = Cast("pk", CharField())
        return rows.filter(
            Q(
                kind__in=[PageViewDay.Kind.DISTRICT, PageViewDay.Kind.FINDER],
                key__in=in_scope(user, District.objects.all(), districts=["pk"]).values("slug"),
            )
            | Q(
                kind=PageViewDay.Kind.INCENTIVE,
                key__in=in_scope(user, Incentive.objects.all(), districts=["district"]).values_list(by_number),
            )
            | Q(
                kind=PageViewDay.Kind.ENTERPRISE,
                key__in=in_scope(user, Enterprise.objects.all(), districts=["district"]).values("slug"),
            )
            | Q(
                kind=PageViewDay.Kind.EVENT,
                key__in=in_scope(user, Event.objects.all(), districts=["district"], events=["pk"]).values("slug"),
            )
        )

    @admin.display(description=_("page"), ordering="key")
    def public_page(self, row):
        # The finder's answers were taken to a district's page: the link is that page's.
        page_kind = PageViewDay.Kind.DISTRICT if row.kind == PageViewDay.Kind.FINDER else row.kind
        view_name = next(name for name, (kind, _) in settings.PAGE_VIEWS_COUNTED.items() if kind == page_kind)
        argument = settings.PAGE_VIEWS_COUNTED[view_name][1]
        with translation.override(row.language):
            address = reverse(view_name, kwargs={argument: row.key})
        return format_html('<a href="{}">{}</a>', address, row.key)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if changelist := getattr(response, "context_data", {}).get("cl"):
            # The total of every row the filters leave, not only of the rows on this page.
            response.context_data["total_views"] = changelist.queryset.aggregate(total=Sum("views"))["total"] or 0
        return response
