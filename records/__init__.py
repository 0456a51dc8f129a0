"""What the project keeps in its own PostgreSQL, one module per record.

Odoo stays the source of truth for orders; these rows say who may order, which requester and
conversation an order belongs to, which replies went out, what waits for an approver, and
what happened (the audit trail). Each function takes an open connection: the caller decides
the transaction.
"""
