from django.urls import path

from messaging import views

app_name = "messaging"

urlpatterns = [
    path("portal/messages/", views.portal_messages, name="portal"),
    path("clients/<int:client_id>/messages/", views.client_messages, name="client-messages"),
    path("messages/", views.unread, name="unread"),
]
