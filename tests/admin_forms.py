"""Builds the POST data an editor's browser would send for a rendered admin change form."""


def _value(bound_field) -> list[str] | str:
    value = bound_field.value()
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def change_form_data(response, **changes) -> dict:
    """The change form's current values, inlines and management forms included."""
    data: dict = {}
    for bound_field in response.context["adminform"].form:
        data[bound_field.html_name] = _value(bound_field)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for bound_field in formset.management_form:
            data[bound_field.html_name] = _value(bound_field)
        for form in formset.forms:
            for bound_field in form:
                data[bound_field.html_name] = _value(bound_field)
    data = {key: value for key, value in data.items() if value not in ("", [])}
    data.update(changes)
    return data
