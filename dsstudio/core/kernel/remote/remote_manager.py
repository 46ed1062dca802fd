"""The kernel-manager face nbclient needs (`dsstudio run --server`): start, client, interrupt,
shut down, on a `RemoteKernelSession`. nbclient reads only these members of its manager."""

from __future__ import annotations

from dsstudio.core.kernel.remote.remote_session import RemoteKernelSession


class RemoteKernelManager:
    ipykernel = False  # nbclient's IPython history option is for local ipykernels only

    def __init__(self, session: RemoteKernelSession) -> None:
        self.session = session

    @property
    def kernel_id(self) -> str | None:
        return self.session.kernel_id

    @property
    def has_kernel(self) -> bool:
        return self.session.kernel_id is not None

    def start_kernel(self, **_options) -> None:
        """(nbclient passes a local working folder and arguments: a server's kernel has its
        own, the project's mirror.)"""
        self.session.start()

    def client(self, **_options):
        from dsstudio.core.kernel.remote.remote_client import RemoteAsyncKernelClient

        client = RemoteAsyncKernelClient()
        client.attach_server(self.session.address, self.session.kernel_id)
        return client

    def is_alive(self) -> bool:
        return self.session.is_alive()

    def interrupt_kernel(self) -> None:
        self.session.interrupt()

    def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        self.session.shutdown()

    def cleanup_resources(self, restart: bool = False) -> None:
        """(Nothing local to clean: the server owns the kernel's files.)"""
