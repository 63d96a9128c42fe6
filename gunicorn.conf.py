"""gunicorn reads this file from the project root by itself; options on the command line
(`gunicorn -w 4 -b … app:app`) override it.

Threads: a request spends part of its time waiting on PostgreSQL, on the index worker and on
the network, and a sync worker sits idle during those waits and closes every connection.
With 4 threads a worker serves another request meanwhile and keeps connections alive:
bench/load_test.py measured about twice the saturation throughput of sync workers on the
same data in the same run (BENCHMARKS.md, "Load (issue #10)"). The app is thread-safe for it:
a database session per request (flask.g), the search index behind its own lock (one
SearchIndex per process), and 4 threads fit SQLAlchemy's default pool of 5 connections.
"""
workers = 4
worker_class = "gthread"
threads = 4


def post_worker_init(worker):
    """The app is loaded: its ~100,000 long-lived objects (modules, SQLAlchemy's tables,
    Flask's routes) go to the garbage collector's permanent generation. A full collection,
    which Python runs every few saves, then scans only what requests made since: 54 ms
    → under 1 ms measured in one worker, and the pauses were the slowest saves' searches
    (BENCHMARKS "Searchable at once")."""
    import gc
    gc.freeze()
