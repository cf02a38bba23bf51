from django.urls import path

from programs import activity_views, portal_views

urlpatterns = [
    # The client portal.
    path("portal/today/", portal_views.today, name="portal-today"),
    path("portal/today/section/", portal_views.today, name="portal-today-section"),
    path("portal/session/", portal_views.guided_session, name="portal-session"),
    path("portal/check-in/", portal_views.check_in, name="portal-check-in"),
    path("portal/exercises/<int:item_id>/", portal_views.item_detail, name="portal-item"),
    path(
        "portal/exercises/<int:item_id>/log/<int:round>/",
        portal_views.item_log,
        name="portal-item-log",
    ),
    path("portal/progress/", portal_views.progress, name="portal-progress"),
    # The clinic's open flags and adherence (sections of the clinician's home page).
    path("flags/", activity_views.open_flags, name="open-flags"),
    path("adherence/", activity_views.adherence_overview, name="clinic-adherence"),
    # The clinician's view of a client's logging (a section of the client record).
    path(
        "clients/<int:client_id>/activity/",
        activity_views.client_activity,
        name="client-activity",
    ),
    path(
        "clients/<int:client_id>/activity/<slug:kind>/<int:flag_id>/reviewed/",
        activity_views.flag_review,
        name="flag-review",
    ),
]
