from django.urls import path

from outcomes import portal_views, views

app_name = "outcomes"

urlpatterns = [
    path("clients/<int:client_id>/outcomes/", views.client_section, name="client-section"),
    path("clients/<int:client_id>/outcomes/send/", views.send, name="send"),
    path("clients/<int:client_id>/outcomes/schedule/", views.schedule, name="schedule"),
    path("outcomes/<int:pk>/", views.detail, name="detail"),
    path("outcomes/<int:pk>/paper/", views.paper, name="paper"),
    path("outcomes/<int:pk>/amend/", views.amend, name="amend"),
    path("outcomes/worse/", views.worsened, name="worsened"),
    path("clinic/outcome-measures/", views.wording_list, name="wording-list"),
    path("clinic/outcome-measures/<slug:code>/", views.wording_edit, name="wording-edit"),
    path(
        "clinic/outcome-measures/<slug:code>/import/",
        views.wording_import,
        name="wording-import",
    ),
    path("portal/questionnaires/", portal_views.section, name="portal-section"),
    path("portal/questionnaires/<int:pk>/", portal_views.answer, name="portal-answer"),
]
