from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from physio import two_factor_views, views
from physio.forms import SignInForm

app_urls = (
    [
        path("clinic/", views.dashboard, name="dashboard"),
        path("clients/", views.client_list, name="client-list"),
        path("clients/new/", views.client_create, name="client-create"),
        path("clients/<int:client_id>/", views.client_detail, name="client-detail"),
        path("clients/<int:client_id>/edit/", views.client_edit, name="client-edit"),
        path("clients/<int:client_id>/archive/", views.client_archive, name="client-archive"),
        path("clients/<int:client_id>/invite/", views.client_invite, name="client-invite"),
        path("clients/<int:client_id>/trail/", views.client_trail, name="client-trail"),
        path("portal/", views.portal_home, name="portal-home"),
        path("account/two-factor/", two_factor_views.two_factor, name="two-factor"),
        path(
            "account/two-factor/recovery-codes/",
            two_factor_views.two_factor_recovery_codes,
            name="two-factor-recovery-codes",
        ),
        path("account/two-factor/off/", two_factor_views.two_factor_off, name="two-factor-off"),
        path(
            "clinic/<int:clinic_id>/security/",
            two_factor_views.clinic_security,
            name="clinic-security",
        ),
    ],
    "physio",
)

auth_urls = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-in/code/", two_factor_views.two_factor_verify, name="two-factor-verify"),
    path("sign-in/link/", views.sign_in_link_request, name="sign-in-link"),
    path("sign-in/link/<str:token>/", views.sign_in_link_use, name="sign-in-link-use"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("account/", views.account, name="account"),
    path("account/sign-out-others/", views.account_sign_out_others, name="account-sign-out-others"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation-accept"),
    *auth_urls,
    path("", include(app_urls)),
    path("library/", include("exercises.urls")),
    path("", include("assessments.urls")),
    path("", include("programs.urls")),
    path("", include("messaging.urls")),
    path("", include("calendars.urls")),
    path("", include("pwa.urls")),
    path("", include("outcomes.urls")),
    path("admin/", admin.site.urls),
]

# 503 with a short message while the database is unreachable (physio/health.py).
handler500 = "physio.health.server_error"

admin.site.site_header = "physio admin"
admin.site.site_title = "physio admin"
admin.site.index_title = "Curation"
