"""The same CPU-bound work on four threads, then on four processes.

The threads share one interpreter and take turns on its global interpreter
lock (the GIL): together they are no faster than one.  The processes each
have their own interpreter and GIL, so they run side by side on as many
cores as the machine has.

Run it traced:  threadline-cli run -- python3 gil_threads_vs_processes.py
"""
import multiprocessing
import threading
import time

WORK = 1_500_000


def count_down(n):
    while n > 0:
        n -= 1


def timed(kind, make):
    workers = [make(target=count_down, args=(WORK,)) for _ in range(4)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    print(f"4 {kind}: {elapsed:.2f} s")
    return elapsed


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    timed("threads", threading.Thread)
    timed("processes", multiprocessing.Process)
