"""actiontrack: safeguarding action plans as YAML in git; the library behind the command line."""

__version__ = "0.1.0"
