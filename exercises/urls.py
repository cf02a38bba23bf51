from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("", views.library, name="library"),
    path("new/", views.exercise_create, name="create"),
    path("<int:exercise_id>/", views.exercise_detail, name="detail"),
    path("<int:exercise_id>/edit/", views.exercise_edit, name="edit"),
    path("<int:exercise_id>/delete/", views.exercise_delete, name="delete"),
    path("<int:exercise_id>/unpublish/", views.exercise_unpublish, name="unpublish"),
    path("<int:exercise_id>/media/new/", views.media_add, name="media-add"),
    path("<int:exercise_id>/media/<int:media_id>/delete/", views.media_delete, name="media-delete"),
    path("<int:exercise_id>/media/<int:media_id>/main/", views.media_make_main, name="media-main"),
    path("media/<int:media_id>/<slug:part>/", views.media_file, name="media-file"),
]
