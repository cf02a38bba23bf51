from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from physio import services
from physio.models import (
    AccessEvent,
    Client,
    ClientEvent,
    Clinic,
    Clinician,
    Invitation,
    InvitationEvent,
    User,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read, never written: nobody adds, changes or deletes, superusers included (the
    trail, submitted outcome answers)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChangeEventAdmin(ReadOnlyAdmin):
    """A model's change events (physio/history.py)."""

    list_display = ["pgh_created_at", "pgh_label", "pgh_obj_id", "pgh_context"]
    list_filter = ["pgh_label", "pgh_created_at"]
    search_fields = ["=pgh_obj_id", "pgh_context__url", "pgh_context__command"]
    ordering = ["-pgh_id"]
    date_hierarchy = "pgh_created_at"


def register_change_events(*event_models) -> None:
    for event_model in event_models:
        admin.site.register(event_model, ChangeEventAdmin)


register_change_events(ClientEvent, InvitationEvent)


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "kind", "label", "client_id", "ip_address"]
    list_filter = ["kind", "at", "clinic"]
    search_fields = ["label", "user__email", "user__full_name", "=client_id"]
    list_select_related = ["user"]
    date_hierarchy = "at"


class EmailUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal", {"fields": ["full_name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "password1", "password2"],
            },
        ),
    ]


class ClinicianInline(admin.TabularInline):
    model = Clinician
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ClinicianInline]


@admin.register(Clinician)
class ClinicianAdmin(admin.ModelAdmin):
    list_display = ["user", "clinic", "role", "title"]
    list_filter = ["clinic", "role"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user", "clinic"]
    autocomplete_fields = ["user"]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["full_name", "clinic", "lead_clinician", "email", "archived"]
    list_filter = ["clinic", "archived"]
    search_fields = ["first_name", "last_name", "email"]
    list_select_related = ["clinic", "lead_clinician__user"]
    raw_id_fields = ["user", "lead_clinician"]
    fieldsets = [
        (None, {"fields": ["clinic", "lead_clinician", "user"]}),
        ("Person", {"fields": ["first_name", "last_name", "date_of_birth", "email"]}),
        ("Clinical", {"fields": ["conditions", "notes", "archived"]}),
    ]
    # A client with clinical records cannot be deleted (the records' foreign keys are
    # PROTECT); the delete page says so and offers this instead.
    actions = ["archive"]

    @admin.action(description="Archive the selected clients (their records are kept)")
    def archive(self, request, queryset):
        count = 0
        for client in queryset.filter(archived=False):
            services.client_set_archived(client=client, archived=True)
            count += 1
        self.message_user(request, f"{count} client(s) archived.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        # The clinicians' rules hold here too: invitations expire with the address or archive.
        services.client_update(client=obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["client", "email", "created_at", "expires_at", "used_at", "refused_at"]
    list_select_related = ["client"]
    readonly_fields = [
        "client",
        "email",
        "created_by",
        "created_at",
        "expires_at",
        "used_at",
        "refused_at",
    ]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False


# Background tasks (django_tasks_db): the list shows each failed task's error, so staff
# see at a glance what failed for good (the traceback is on the task's own page).
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (*DBTaskResultAdmin.list_display, "error")
    search_fields = ("task_path", "exception_class_path")

    @admin.display(description="error")
    def error(self, obj: DBTaskResult) -> str:
        if not obj.traceback:
            return ""
        return obj.traceback.strip().splitlines()[-1]
