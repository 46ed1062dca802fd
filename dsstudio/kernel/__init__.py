"""Code that runs inside the kernel: standard library and IPython only.

Its source can be sent into a kernel running in any Python environment, so nothing here may use
dsstudio.core, dsstudio.ui or any third-party package other than IPython.
"""
