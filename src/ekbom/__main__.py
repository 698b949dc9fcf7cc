"""`python -m ekbom` runs the command line."""

from ekbom.cli import main

main()
