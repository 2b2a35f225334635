"""Print the structure's figures: `python -m tests.architecture`."""

from tests.architecture.graph import cycles, imports, largest_modules, without_route_imports

print(f"import cycles at import time (top-level imports): {len(cycles(imports(top_level_only=True)))}")
found = cycles(without_route_imports(imports()))
print(f"import cycles counting in-function imports (but page routes importing their views): {len(found)}")
for component in found:
    print("  " + " <-> ".join(component))
print("largest modules:")
for lines, module in largest_modules():
    print(f"  {lines:5d}  {module}")
