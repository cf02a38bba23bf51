from django.urls import path

from assessments import portal_views, views

app_name = "assessments"

urlpatterns = [
    path("clients/<int:client_id>/assessments/", views.history, name="history"),
    path(
        "clients/<int:client_id>/assessments/section/",
        views.client_section,
        name="client-section",
    ),
    path("clients/<int:client_id>/assessments/new/", views.assessment_create, name="create"),
    path("assessments/<int:pk>/", views.assessment_detail, name="detail"),
    path("assessments/<int:pk>/details/", views.assessment_details, name="details"),
    path("assessments/<int:pk>/sign/", views.assessment_sign, name="sign"),
    path("assessments/<int:pk>/delete/", views.assessment_delete, name="delete"),
    path("assessments/<int:pk>/<slug:kind>/<slug:side>/", views.section_view, name="section"),
    path(
        "assessments/<int:pk>/<slug:kind>/<slug:side>/photos/<int:trial>/",
        views.photo_upload,
        name="photo-upload",
    ),
    path(
        "assessments/<int:pk>/<slug:kind>/<slug:side>/clips/",
        views.clip_upload,
        name="clip-upload",
    ),
    path("assessments/photos/<uuid:key>/", views.photo_file, name="photo"),
    path("portal/assessments/", portal_views.my_assessments, name="portal"),
    path("portal/assessments/photos/<uuid:key>/", portal_views.my_photo, name="portal-photo"),
    path("assessments/clips/<uuid:key>/", views.clip_file, name="clip"),
    path("assessments/clips/<uuid:key>/frame/", views.clip_frame_use, name="clip-frame"),
    path(
        "assessments/clips/<uuid:key>/original/",
        views.clip_file,
        {"which": "original"},
        name="clip-original",
    ),
]
