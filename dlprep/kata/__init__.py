"""The kata engine: discovers kata folders, grades a submission in an isolated worker, and reports.

It knows no kata by name: each folder under `katas/` brings its metadata, reference, checks
and known mistakes as data.
"""
