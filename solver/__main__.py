"""Entry point for ``python -m solver``."""

from solver.cli import main

raise SystemExit(main())
