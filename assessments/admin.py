"""Admin for support staff: read the records; the clinical pages are where they change."""

from django.contrib import admin

from assessments.models import (
    Amendment,
    AmendmentEvent,
    Assessment,
    AssessmentEvent,
    HipDropTest,
    HipDropTestEvent,
    KneeValgusTest,
    KneeValgusTestEvent,
    Photo,
    PhotoEvent,
)
from physio.admin import register_change_events


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HipDropInline(ReadOnlyInline):
    model = HipDropTest
    fields = ["side", "result", "seconds_held", "compensation", "pelvic_drop_deg", "pain"]
    readonly_fields = fields


class KneeValgusInline(ReadOnlyInline):
    model = KneeValgusTest
    fields = ["side", "depth", "rating_overall", "fppa_mean_deg", "pain"]
    readonly_fields = fields


class PhotoInline(ReadOnlyInline):
    # The image itself has no public URL: it is shown only on the clinic's pages.
    model = Photo
    fields = ["test", "side", "trial", "view", "width", "height", "angle_deg", "uploaded_at"]
    readonly_fields = fields


class AmendmentInline(ReadOnlyInline):
    model = Amendment
    fields = ["section_label", "reason", "amended_by", "amended_at"]
    readonly_fields = fields


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["client", "assessed_on", "clinician", "status", "signed_at"]
    list_filter = ["status", "client__clinic", "assessed_on"]
    search_fields = ["client__first_name", "client__last_name", "clinician__user__full_name"]
    list_select_related = ["client", "clinician__user"]
    date_hierarchy = "assessed_on"
    readonly_fields = ["status", "signed_at", "signed_by", "created_at", "updated_at"]
    raw_id_fields = ["client", "clinician"]
    fieldsets = [
        (None, {"fields": ["client", "clinician", "assessed_on", "notes"]}),
        ("Signing", {"fields": ["status", "signed_at", "signed_by"]}),
        ("Record", {"fields": ["created_at", "updated_at"]}),
    ]
    inlines = [HipDropInline, KneeValgusInline, PhotoInline, AmendmentInline]


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    list_display = ["assessment", "section_label", "amended_by", "amended_at"]
    list_filter = ["section"]
    search_fields = ["reason", "assessment__client__last_name"]
    list_select_related = ["assessment__client", "amended_by__user"]
    readonly_fields = [
        "assessment",
        "section",
        "section_label",
        "reason",
        "changes",
        "amended_by",
        "amended_at",
    ]
    fieldsets = [
        (None, {"fields": ["assessment", "section", "section_label"]}),
        ("Change", {"fields": ["reason", "changes", "amended_by", "amended_at"]}),
    ]

    def has_add_permission(self, request):
        return False


register_change_events(
    AssessmentEvent, HipDropTestEvent, KneeValgusTestEvent, PhotoEvent, AmendmentEvent
)
