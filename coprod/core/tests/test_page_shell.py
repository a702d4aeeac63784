"""Pages rendered once with holes (coprod.core.page_shell) and the `{% hole %}` tag."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

from coprod.core.page_shell import Holes


def test_a_shell_is_filled_in_with_each_requests_values():
    holes = Holes()
    text = f"<p>{holes.marker('name')}</p><i>{holes.marker('token')}</i>{holes.marker('name')}"
    shell = holes.cut(text)
    assert shell.fill(name="Ana", token="t1") == "<p>Ana</p><i>t1</i>Ana"
    assert shell.fill(name="Léo", token="t2") == "<p>Léo</p><i>t2</i>Léo"


def test_a_hole_left_unfilled_is_an_error_not_a_marker_on_the_page():
    holes = Holes()
    shell = holes.cut(f"a{holes.marker('csrf')}b{holes.marker('personal')}")
    with pytest.raises(KeyError, match="personal"):
        shell.fill(csrf="x")


def test_text_imitating_a_marker_stays_as_typed():
    """Markers carry a random part, so a participant's text cannot open a hole."""
    holes, other = Holes(), Holes()
    typed = other.marker("personal")
    shell = holes.cut(f"<h1>{typed}</h1>{holes.marker('personal')}")
    assert shell.fill(personal="mine") == f"<h1>{typed}</h1>mine"


def test_hole_names_are_identifiers():
    with pytest.raises(ValueError):
        Holes().marker("two words")


def test_the_hole_tag_renders_its_content_unless_a_shell_is_being_rendered():
    template = Template('{% load page_shell %}<p>{% hole "who" %}{{ name }}{% endhole %}</p>')
    assert template.render(Context({"name": "Ana"})) == "<p>Ana</p>"
    holes = Holes()
    shell = holes.cut(template.render(Context({"name": "Ana", "page_holes": holes})))
    assert shell.fill(who="Léo") == "<p>Léo</p>"


def test_the_hole_tag_says_how_to_use_it():
    with pytest.raises(TemplateSyntaxError, match="Usage"):
        Template("{% load page_shell %}{% hole who %}x{% endhole %}")
