"""The ingest-graph contract: what the ingest hands a conversation's thread, and how.

`runs` holds the run input, the turn kinds, the thread-id derivation and every outbox write;
`handoff` is the one routine that hands a conversation to people. The ingest and the graph
both import this package and never each other.
"""
