"""Every table that belongs to a workshop travels in its archive."""

from django.apps import apps

from coprod.archives import schema


def _reaches_workshop(model, seen=()) -> bool:
    for field in model._meta.concrete_fields:
        target = field.related_model
        if not field.is_relation or target in seen or target is model:
            continue
        if target is schema.ROOT or _reaches_workshop(target, (*seen, model)):
            return True
    return False


def test_every_table_of_a_workshop_is_in_the_archive():
    """A new model linked to a workshop must be declared in `schema` (owned, shared or local)."""
    known = {*schema.OWNED, *schema.SHARED, *schema.LOCAL, schema.ROOT}
    missing = [
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("coprod.") and _reaches_workshop(m) and m not in known
    ]
    assert missing == []


def test_tables_load_after_the_tables_they_point_to():
    order = schema.all_models()
    for position, model in enumerate(order):
        for field in model._meta.concrete_fields:
            if (
                field.is_relation
                and field.related_model in order
                and field.related_model is not model
            ):
                assert order.index(field.related_model) < position, (model, field.name)
