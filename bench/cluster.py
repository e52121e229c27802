"""`digitize run --cluster` against a Dask cluster started here, for the benchmarks.

    from cluster import run_on_local_cluster
    rc, seconds, log = run_on_local_cluster(scans, db, workers=2)

The scheduler runs in this process, the workers in processes of their own (as on other
machines), one thread each with OMP_THREAD_LIMIT=1. Only the `digitize run` command is timed:
the cluster is up, its workers joined and digitize's modules loaded in them before it starts,
as a local pool's workers have them from the process they fork from.
"""
from __future__ import annotations

from pathlib import Path

from common import digitize

WORKER_WAIT = 120  # seconds for the workers to join on a busy machine


def _load_digitize() -> None:
    import digitize.pipeline  # noqa: F401  (OpenCV, Tesseract's wrapper, the extractors)


def run_on_local_cluster(scans: Path, db: Path, workers: int = 2) -> tuple[int, float, str]:
    """(exit code, wall seconds of the `digitize run --cluster` command alone, its log)."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      env={"OMP_THREAD_LIMIT": "1"}) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers, timeout=WORKER_WAIT)
        client.run(_load_digitize)
        return digitize("run", str(scans), "--db", str(db), "--quiet", "--cluster", cluster.scheduler_address)


if __name__ == "__main__":
    import sys

    rc, secs, log = run_on_local_cluster(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 2)
    print(log)
    print(f"exit {rc}, {secs:.1f} s")
