"""Admin for support staff: read the records; the clinical pages are where they change.

A signed assessment, with its tests, photos and amendments, is read-only here: no
change, no delete, no bulk delete (the database refuses too, assessments/triggers.py).
A draft can still be corrected or deleted, and deleting one removes its photo files.
"""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected

from assessments import services
from assessments.models import (
    Amendment,
    AmendmentEvent,
    Assessment,
    AssessmentEvent,
    ClipEvent,
    HipDropTest,
    HipDropTestEvent,
    KneeValgusTest,
    KneeValgusTestEvent,
    Photo,
    PhotoEvent,
)
from physio.admin import ReadOnlyAdmin, register_change_events


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
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


@admin.action(permissions=["delete"], description="Delete selected draft assessments")
def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete (it asks first), refused outright when a signed one is selected."""
    signed = queryset.filter(status=Assessment.Status.SIGNED).count()
    if signed:
        modeladmin.message_user(
            request,
            f"Nothing was deleted: {signed} of the selected assessments "
            f"{'is' if signed == 1 else 'are'} signed, and a signed assessment is never "
            "deleted (amend it instead).",
            messages.ERROR,
        )
        return None
    return django_delete_selected(modeladmin, request, queryset)


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
    # Same name as the site-wide action, so it replaces it (and its confirmation posts here).
    actions = [delete_selected]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        # The service removes the photo files once the deletion is committed.
        services.assessment_delete_draft(assessment=obj)

    def delete_queryset(self, request, queryset):
        for assessment in queryset:
            services.assessment_delete_draft(assessment=assessment)


@admin.register(Amendment)
class AmendmentAdmin(ReadOnlyAdmin):
    """An amendment is kept as it was written (the database refuses changes too)."""

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


register_change_events(
    AssessmentEvent, HipDropTestEvent, KneeValgusTestEvent, PhotoEvent, ClipEvent, AmendmentEvent
)
