"""The layering rule of docs/architecture.md, checked on the source: the core never imports a page or
activity app, and the platform core imports no domain app."""

from tests.architecture.graph import imports

PAGE_AND_ACTIVITY_APPS = ("courses", "plc", "media")


def _offending(graph, importer, imported):
    return sorted(
        f"{module}:{line} imports {target}"
        for module, targets in graph.items()
        if importer(module)
        for target, line, _top in targets
        if imported(target)
    )


def test_the_lms_core_never_imports_a_page_or_activity_app():
    graph = imports()
    assert (
        _offending(
            graph, lambda m: m == "lms" or m.startswith("lms."), lambda t: t.split(".")[0] in PAGE_AND_ACTIVITY_APPS
        )
        == []
    )


def test_the_platform_core_imports_no_domain_app():
    graph = imports()
    assert (
        _offending(
            graph,
            lambda m: m.startswith("lms.core"),
            lambda t: t.startswith("lms.") and not t.startswith(("lms.core", "lms.celery", "lms.settings")),
        )
        == []
    )


def test_an_activity_app_never_imports_a_page_app():
    graph = imports()
    assert (
        _offending(graph, lambda m: m.split(".")[0] == "media", lambda t: t.split(".")[0] in ("courses", "plc")) == []
    )
