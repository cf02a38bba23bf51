from physio.selectors import clinician_for, portal_client_for


def roles(request):
    """Who is signed in, for the navigation: clinician, portal client or curator."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_clinician": clinician_for(user),
        "current_client": portal_client_for(user),
    }
