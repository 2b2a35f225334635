"""Media: the H5P activities lessons play: the library of items and their upload, the sandboxed player,
and teachers' attempts and results, reported through ``media.signals``.

Video needs no code here: a lesson's video block (``courses.blocks.VideoBlock``) plays a file of the
document library or an embed. The file store itself is ``lms.core.storage``.
"""
