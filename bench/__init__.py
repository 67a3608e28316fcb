"""Casemap benchmarks: live-board latency against a bare WebSocket relay.

Run with ``python -m bench`` from the repository root (``--help`` lists the knobs).
"""
