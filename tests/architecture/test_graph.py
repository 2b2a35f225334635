"""The import graph the layering tests rely on finds imports of every form, so a rule cannot pass by
missing one."""

import ast

from tests.architecture import graph


def test_it_finds_relative_absolute_and_in_function_imports():
    found = graph.imports()
    targets = {target for target, _line, _top in found["lms.core.jobs"]}
    assert "lms.core.queue" in targets  # `from .queue import enqueue`
    assert any(target.startswith("lms.") for target, _l, top in found["courses.models"] if top)


def test_a_cycle_is_reported_as_one_component():
    assert graph.cycles({"a": {("b", 1, True)}, "b": {("c", 1, True)}, "c": {("a", 1, False)}}) == [["a", "b", "c"]]
    assert graph.cycles({"a": {("b", 1, True)}, "b": set()}) == []


def test_every_source_file_parses():
    for path in graph.source_files():
        ast.parse(path.read_text(encoding="utf-8"))


def test_only_a_page_route_importing_its_views_may_close_a_loop():
    assert graph.is_route_import("plc.models", "plc.views.posts", top=False)
    assert not graph.is_route_import("plc.models", "plc.views", top=True)
    assert not graph.is_route_import("plc.services", "plc.views", top=False)
    assert not graph.is_route_import("plc.models", "courses.views", top=False)
