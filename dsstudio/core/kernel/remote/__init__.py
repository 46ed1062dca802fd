"""A project kernel on a Jupyter Server, a JupyterHub user server or an Enterprise Gateway.

Qt-free: the server's REST API (`server_api`), its kernel WebSocket (`kernel_websocket`), and on
top of them a jupyter_client kernel client (`remote_client`) and a session with the local
`KernelSession`'s face (`remote_session`), so the console, notebooks, the reloader and
`dsstudio run` do not know where the kernel runs.
"""
