"""Programmes and templates in the admin, for staff (superusers or those given the permissions).

Clinicians work in the app; the admin is for support and data fixes.
"""

from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet

from physio.admin import register_change_events
from programs import services
from programs.models import (
    CheckInEvent,
    ItemLogEvent,
    Program,
    ProgramEvent,
    ProgramItem,
    ProgramItemDoseEvent,
    ProgramItemEvent,
    ProgramPause,
    ProgramPauseEvent,
    ProgramStatus,
    ProgramTemplate,
    ProgramTemplateItem,
    SessionLogEvent,
)

DOSE_COLUMNS = ["sets", "reps", "hold_seconds", "load", "side", "times_per_day", "days_of_week"]


class ProgramItemFormSet(BaseInlineFormSet):
    def delete_existing(self, obj, commit=True):
        # Deleting an item here takes it off the plan as the builder does: its logs,
        # pain scores and dosing history stay (``services.program_item_remove``).
        if commit:
            services.program_item_remove(item=obj)


class ProgramItemInline(admin.TabularInline):
    """The items in the plan; removed ones stay in the database with their logs."""

    model = ProgramItem
    formset = ProgramItemFormSet
    fields = ["order", "exercise", *DOSE_COLUMNS, "tempo", "rest_seconds", "notes"]
    raw_id_fields = ["exercise"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).current()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class ItemForm(formset.form):
            def hand_clean_DELETE(self):
                # Django's inline refuses to delete an item its logs protect; here
                # "delete" takes it off the plan and the logs stay, so nothing is lost.
                pass

        formset.form = ItemForm
        return formset


class ProgramPauseInline(admin.TabularInline):
    """Read-only: pauses follow the status (``services.program_save``)."""

    model = ProgramPause
    fields = ["first_day", "last_day", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "client", "clinic", "goal", "status", "start_date", "end_date"]
    list_filter = ["status", "goal", "client__clinic"]
    search_fields = ["title", "client__first_name", "client__last_name", "client__email"]
    date_hierarchy = "start_date"
    raw_id_fields = ["client", "created_by"]
    list_select_related = ["client__clinic"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["client", "title", "goal", "status"]}),
        ("Dates", {"fields": ["start_date", "end_date"]}),
        ("For the client", {"fields": ["notes_to_client"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    inlines = [ProgramItemInline, ProgramPauseInline]
    actions = ["finish"]

    def save_model(self, request, obj, form, change):
        # The same service as the app's edit form, so a status changed here opens or
        # closes the programme's pause exactly as it does there.
        services.program_save(program=obj)

    @admin.action(description="Finish the selected programmes (their history is kept)")
    def finish(self, request, queryset):
        count = 0
        for program in queryset.exclude(status=ProgramStatus.FINISHED):
            services.program_update(program=program, status=ProgramStatus.FINISHED)
            count += 1
        self.message_user(request, f"{count} programme(s) finished.", messages.SUCCESS)

    @admin.display(description="clinic", ordering="client__clinic__name")
    def clinic(self, obj):
        return obj.client.clinic


class ProgramTemplateItemInline(admin.TabularInline):
    model = ProgramTemplateItem
    fields = ["order", "exercise", *DOSE_COLUMNS, "tempo", "rest_seconds", "notes"]
    raw_id_fields = ["exercise"]
    extra = 0


@admin.register(ProgramTemplate)
class ProgramTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "clinic", "goal", "created_by", "created_at"]
    list_filter = ["goal", "clinic"]
    search_fields = ["name", "clinic__name"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["created_at"]
    fieldsets = [
        (None, {"fields": ["clinic", "name", "goal"]}),
        ("For the client", {"fields": ["notes_to_client"]}),
        ("Record", {"fields": ["created_by", "created_at"]}),
    ]
    inlines = [ProgramTemplateItemInline]


register_change_events(
    ProgramEvent,
    ProgramPauseEvent,
    ProgramItemEvent,
    ProgramItemDoseEvent,
    SessionLogEvent,
    ItemLogEvent,
    CheckInEvent,
)
