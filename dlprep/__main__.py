"""`python -m dlprep` runs the same command-line entry point as the `dlprep` script."""

from dlprep.cli import main

main()
