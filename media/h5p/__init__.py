"""H5P packages: checking a ``.h5p`` file against H5P's own rules and storing what it holds.

There is no maintained Python H5P library, so the platform owns this small one. ``package`` reads and
validates without writing anything; ``store`` puts a validated package into the file store.
"""
