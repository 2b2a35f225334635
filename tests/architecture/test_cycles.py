"""No modules import each other in a cycle (docs/architecture.md)."""

from tests.architecture.graph import cycles, imports, without_route_imports


def test_no_modules_import_each_other_in_a_cycle():
    """Counting imports inside functions too: such an import only hides a cycle until it runs. The one
    exception is a page route importing its views when it is called."""
    assert cycles(without_route_imports(imports())) == []
