# I/O-bound tasks on threads: the GIL is let go while waiting.
import threading
import time

tasks = 4
io_time = 3000  # ms: the longest wait


def compute(ms):
    # Python code keeping the CPU busy for ms milliseconds.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def fetch(n):
    compute(20)
    print(f"task {n} starts its I/O")
    time.sleep(io_time * n / tasks / 1000)  # waiting for I/O
    compute(20)
    print(f"task {n} is done")


if __name__ == "__main__":
    start = time.time()
    threads = []
    for i in range(1, tasks + 1):
        t = threading.Thread(target=fetch, args=(i,))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    t = time.time() - start

    print(f"elapsed {t:.3f} s: "
          f"the longest wait is {io_time / 1000:.3f} s, "
          f"all the waits together "
          f"{io_time * (tasks + 1) / 2000:.3f} s")
