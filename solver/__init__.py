"""Optimisation models for customer-manager staffing: pure Python and OR-Tools.

Nothing here imports Flask or SQLAlchemy: the web app, a worker, the command line and the tests all call the
solver the same way, with typed input models, and get typed results back.
"""
