"""Curation of the shared library. Clinic-private exercises are kept in the app, not here."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html

from exercises import services
from exercises.forms import MediaForm
from exercises.models import Equipment, Exercise, ExerciseMedia, Progression, Status, Target
from exercises.selectors import is_curator
from physio.models import Condition


class CuratorOnly:
    """Only staff with the curator permission see or change the shared library."""

    def has_module_permission(self, request):
        return is_curator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_curator(request.user)

    def has_add_permission(self, request, *args):
        return is_curator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_curator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_curator(request.user)


class MediaFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        mains = [
            form
            for form in self.forms
            if form.cleaned_data.get("is_main") and not form.cleaned_data.get("DELETE")
        ]
        if len(mains) > 1:
            raise ValidationError("Mark only one media item as main.", code="two_mains")


class ExerciseAdminForm(forms.ModelForm):
    equipment = forms.MultipleChoiceField(
        choices=Equipment.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    targets = forms.MultipleChoiceField(
        choices=Target.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    conditions = forms.MultipleChoiceField(
        label="Suits conditions",
        choices=Condition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Exercise
        fields = ["equipment", "targets", "conditions"]  # the admin adds its fieldsets' fields


class AdminMediaForm(MediaForm):
    def save(self, commit=True):
        media = super().save(commit=False)
        if commit:
            services.media_store(media=media, **self.stored_kwargs())
        return media


def _preview(media: ExerciseMedia):
    if media.is_video and media.file:
        return format_html(
            '<video class="admin-media-preview" controls preload="none" poster="{}" src="{}">'
            "</video>",
            media.poster_url,
            media.file_url,
        )
    if media.thumbnail:
        return format_html('<img class="admin-media-preview" src="{}" alt="">', media.thumbnail_url)
    if media.is_link:
        return format_html('<a href="{}" rel="noopener">{}</a>', media.url, media.url)
    return "—"


class MediaInline(CuratorOnly, admin.StackedInline):
    model = ExerciseMedia
    form = AdminMediaForm
    formset = MediaFormSet
    extra = 0
    fields = ["preview", "kind", "file", "poster", "url", "caption", "order", "is_main", "is_demo"]
    readonly_fields = ["preview", "details"]

    @admin.display(description="Preview")
    def preview(self, media):
        return _preview(media) if media.pk else "Saved media show a preview here."

    @admin.display(description="Details")
    def details(self, media):
        if not media.pk or media.is_link:
            return ""
        return f"{media.width}×{media.height}, {media.duration_text or ''} {media.content_type}"

    def get_fields(self, request, obj=None):
        return [*self.fields[:1], "details", *self.fields[1:]]


class ProgressionInline(CuratorOnly, admin.TabularInline):
    model = Progression
    fk_name = "easier"
    extra = 0
    autocomplete_fields = ["harder"]
    verbose_name = "progression (harder exercise)"
    verbose_name_plural = "progresses to (harder)"


class RegressionInline(CuratorOnly, admin.TabularInline):
    model = Progression
    fk_name = "harder"
    extra = 0
    autocomplete_fields = ["easier"]
    verbose_name = "regression (easier exercise)"
    verbose_name_plural = "regresses to (easier)"


@admin.register(Exercise)
class ExerciseAdmin(CuratorOnly, admin.ModelAdmin):
    form = ExerciseAdminForm
    list_display = [
        "thumbnail",
        "name",
        "status",
        "difficulty",
        "weight_bearing",
        "body_region",
        "movement",
        "updated_at",
    ]
    list_display_links = ["thumbnail", "name"]
    list_filter = ["status", "body_region", "movement", "position", "weight_bearing", "difficulty"]
    search_fields = ["name", "summary", "cues"]
    prepopulated_fields = {"slug": ["name"]}
    list_per_page = 50
    actions = ["publish", "unpublish"]
    inlines = [MediaInline, RegressionInline, ProgressionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "summary"]}),
        ("How to do it", {"fields": ["steps", "cues", "mistakes"]}),
        (
            "Facets",
            {
                "fields": [
                    ("body_region", "movement", "position"),
                    ("difficulty", "weight_bearing"),
                    "equipment",
                    "targets",
                    "conditions",
                ]
            },
        ),
        (
            "Default dosing",
            {
                "fields": [
                    ("default_sets", "default_reps", "default_hold_seconds"),
                    ("default_rest_seconds", "default_side"),
                    "dosing_notes",
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["css/exercises.css"]}
        js = ["js/admin_upload.js"]

    def get_queryset(self, request):
        # The shared library only; clinics' private exercises are theirs.
        return (
            super()
            .get_queryset(request)
            .filter(owner_clinic__isnull=True)
            .prefetch_related("media")
        )

    def save_model(self, request, obj, form, change):
        obj.owner_clinic = None
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="")
    def thumbnail(self, exercise):
        # The thumbnail is a link to the exercise, so its alt text is the link's name.
        main = next((item for item in exercise.media.all() if item.is_main), None)
        if main and main.thumbnail:
            return format_html(
                '<img class="admin-media-preview" src="{}" alt="{}" width="80">',
                main.thumbnail_url,
                exercise.name,
            )
        return "—"

    @admin.action(description="Publish the selected exercises")
    def publish(self, request, queryset):
        count = services.exercises_set_status(exercises=queryset, status=Status.PUBLISHED)
        self.message_user(request, f"{count} exercise(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish the selected exercises (back to draft)")
    def unpublish(self, request, queryset):
        count = services.exercises_set_status(exercises=queryset, status=Status.DRAFT)
        self.message_user(request, f"{count} exercise(s) moved back to draft.", messages.SUCCESS)
