"""An offline stand-in for Chatwoot (v4.15.1 wire format), written from the contract alone.

It shares no code with the project's Chatwoot client on purpose: if the client misreads the
contract, the sandbox will not misread it the same way, and the integration tests catch it.
"""

from sandbox.chatwoot.app import create_app
from sandbox.chatwoot.settings import Settings

__all__ = ["Settings", "create_app"]
