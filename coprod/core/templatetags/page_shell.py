"""`{% hole "name" %}…{% endhole %}`: a part of a page that differs per request.

Rendered normally, the tag renders what it holds. When a view renders a page once as a shell for
a whole audience (coprod.core.page_shell), it puts `page_holes` in the context: the tag then
leaves a marker there, and the view fills it in for each request.
"""

from django import template

register = template.Library()


class HoleNode(template.Node):
    def __init__(self, name: str, nodelist) -> None:
        self.name, self.nodelist = name, nodelist

    def render(self, context) -> str:
        holes = context.get("page_holes")
        if holes is None:
            return self.nodelist.render(context)
        return holes.marker(self.name)


@register.tag
def hole(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Usage: {% hole "name" %}…{% endhole %}')
    nodelist = parser.parse(("endhole",))
    parser.delete_first_token()
    return HoleNode(bits[1][1:-1], nodelist)
