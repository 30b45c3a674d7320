# CPU-bound work on threads under the GIL, then on processes.
import multiprocessing
import sys
import threading
import time

workers = 4
work = 700  # ms of CPU per worker
switch_interval = 5  # ms
sys.setswitchinterval(switch_interval / 1000)


def compute(ms):
    # Python code keeping the CPU busy for ms milliseconds.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def spin(n):
    compute(work)
    return n


def with_threads():
    threads = []
    for i in range(1, workers + 1):
        t = threading.Thread(target=spin, args=(i,))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()


def with_processes():
    processes = []
    for i in range(1, workers + 1):
        p = multiprocessing.Process(target=spin, args=(i,))
        processes.append(p)
        p.start()
    for p in processes:
        p.join()


if __name__ == "__main__":
    start = time.time()
    spin(0)
    t1 = time.time() - start

    start = time.time()
    with_threads()
    tt = time.time() - start

    start = time.time()
    with_processes()
    tp = time.time() - start

    print(f"1 worker: {t1:.3f} s; "
          f"{workers} threads: {tt:.3f} s; "
          f"{workers} processes: {tp:.3f} s")
