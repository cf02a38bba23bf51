"""Outcome measures in the admin, for staff support. Answers are read here, never edited:
a correction is an amendment, made by a clinician on the questionnaire's page."""

from django.contrib import admin

from outcomes.models import (
    InstrumentWording,
    InstrumentWordingEvent,
    OutcomeSchedule,
    OutcomeScheduleEvent,
    Questionnaire,
    QuestionnaireAmendment,
    QuestionnaireAmendmentEvent,
    QuestionnaireEvent,
)
from physio.admin import ReadOnlyAdmin, register_change_events


class AmendmentInline(admin.TabularInline):
    model = QuestionnaireAmendment
    fields = ["amended_at", "amended_by", "reason", "score_before", "score_after"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["client", "instrument", "due_on", "submitted_at", "score", "via"]
    list_filter = ["instrument", "via", "due_on"]
    search_fields = ["client__first_name", "client__last_name", "=client__pk"]
    list_select_related = ["client"]
    date_hierarchy = "due_on"
    inlines = [AmendmentInline]
    fieldsets = [
        (None, {"fields": ["client", "instrument", "due_on", "schedule", "sent_by"]}),
        (
            "Answers",
            {"fields": ["activities", "answers", "score", "submitted_at", "via", "entered_by"]},
        ),
        ("As sent", {"fields": ["wording"], "classes": ["collapse"]}),
    ]


@admin.register(InstrumentWording)
class InstrumentWordingAdmin(admin.ModelAdmin):
    list_display = ["clinic", "instrument", "copy_note", "updated_at"]
    list_filter = ["instrument"]
    search_fields = ["clinic__name", "copy_note"]
    readonly_fields = ["updated_by", "updated_at"]


@admin.register(OutcomeSchedule)
class OutcomeScheduleAdmin(ReadOnlyAdmin):
    list_display = ["program", "instrument", "at_start", "every_weeks", "at_end", "created_at"]
    list_filter = ["instrument"]
    list_select_related = ["program"]


register_change_events(
    QuestionnaireEvent, QuestionnaireAmendmentEvent, OutcomeScheduleEvent, InstrumentWordingEvent
)
