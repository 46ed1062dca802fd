"""dsstudio: a project tree, a Scintilla editor, an IPython console and notebooks on one kernel."""

__version__ = "0.1.0"
