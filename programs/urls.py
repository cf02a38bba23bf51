from programs import urls_clinician, urls_portal

app_name = "programs"

# Clinician pages (builder, templates, handout, record sections) and the client portal
# are kept in two modules so each side can grow without touching the other.
urlpatterns = urls_clinician.urlpatterns + urls_portal.urlpatterns
