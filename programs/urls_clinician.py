from django.urls import path

from programs import views

# Mounted at the site root (physio/urls.py) inside the "programs" namespace.
urlpatterns = [
    path(
        "clients/<int:client_id>/programmes/",
        views.client_section,
        name="client-section",
    ),
    path(
        "clients/<int:client_id>/programmes/new/",
        views.program_create,
        name="program-create",
    ),
    path(
        "clients/<int:client_id>/programmes/from-template/",
        views.program_from_template,
        name="program-from-template",
    ),
    path("programmes/<int:program_id>/", views.builder, name="builder"),
    path("programmes/<int:program_id>/edit/", views.program_edit, name="program-edit"),
    path("programmes/<int:program_id>/search/", views.library_search, name="library-search"),
    path("programmes/<int:program_id>/items/add/", views.item_add, name="item-add"),
    path("programmes/<int:program_id>/items/reorder/", views.items_reorder, name="items-reorder"),
    path(
        "programmes/<int:program_id>/items/<int:item_id>/",
        views.item_detail,
        name="item-detail",
    ),
    path(
        "programmes/<int:program_id>/items/<int:item_id>/edit/",
        views.item_edit,
        name="item-edit",
    ),
    path(
        "programmes/<int:program_id>/items/<int:item_id>/move/",
        views.item_move,
        name="item-move",
    ),
    path(
        "programmes/<int:program_id>/items/<int:item_id>/remove/",
        views.item_remove,
        name="item-remove",
    ),
    path(
        "programmes/<int:program_id>/items/<int:item_id>/swap/",
        views.item_swap,
        name="item-swap",
    ),
    path(
        "programmes/<int:program_id>/save-as-template/",
        views.template_save,
        name="template-save",
    ),
    path("programmes/<int:program_id>/handout/", views.program_handout, name="handout"),
    path(
        "programmes/<int:program_id>/handout.pdf",
        views.program_handout_pdf,
        name="handout-pdf",
    ),
    path("programme-templates/", views.template_list, name="template-list"),
    path(
        "programme-templates/<int:template_id>/",
        views.template_detail,
        name="template-detail",
    ),
    path(
        "programme-templates/<int:template_id>/delete/",
        views.template_delete,
        name="template-delete",
    ),
]
