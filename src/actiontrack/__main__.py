"""`python -m actiontrack`: the same entry point as the console script."""

from actiontrack.cli import main

main()
