"""The Testing Center: question bank, importers (one module per format), exam engine and scoring.

Questions and their versions, exams drawn from blueprints, sittings, attempts and results are plain
models. The browser only shows questions and sends answers; deadlines, drawing and scoring run here.
"""
