from django import template

from digest.admin.dashboard import waiting_for

register = template.Library()


@register.inclusion_tag("admin/digest/_dashboard.html", takes_context=True)
def waiting_for_you(context):
    """The admin home's list of issues waiting for the signed-in person."""
    return {"dashboard": waiting_for(context["request"].user)}
