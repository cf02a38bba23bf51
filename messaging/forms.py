from django import forms

from messaging.models import MESSAGE_MAX_LENGTH


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Text only, up to {MESSAGE_MAX_LENGTH} characters.",
        error_messages={"required": "Write something to send."},
    )


class ClientMessageForm(MessageForm):
    """The client's form: optionally about one exercise of their programme."""

    item = forms.ModelChoiceField(
        label="About",
        queryset=None,
        required=False,
        empty_label="Nothing in particular",
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: item.exercise.name
