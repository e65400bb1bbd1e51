"""The command-line layer: argument parsing and printing only; the work is done by the
library modules of :mod:`netwerkagenda`."""
