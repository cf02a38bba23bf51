import zoneinfo

from django import forms


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label="Your time zone",
        choices=[(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())],
        help_text="Your calendar's days start and end here.",
    )
