"""Workflow stages: one module per step of the computation, each with ``main(argv)``.

Stages parse arguments, call the library and write parquet through :mod:`permqs.io`; they hold no physics.
"""
