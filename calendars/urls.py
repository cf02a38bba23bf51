from django.urls import path

from calendars import views

app_name = "calendars"

urlpatterns = [
    path("portal/calendar/", views.calendar_page, name="portal"),
    path("portal/calendar/new-address/", views.new_link, name="new-link"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
