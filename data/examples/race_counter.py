"""A counter raced by four threads, then the same with a Lock.

Each thread reads the counter, waits a moment (time.sleep(0) stands for
any I/O: it lets the other threads run), and writes back what it read plus
one.  Without a lock, other threads read the same value in the meantime,
and the last to write overwrites their increments: they are lost.  With a
lock, only one thread at a time is between its read and its write, and the
count is exact; the others wait for the lock.

Run it traced:  threadline-cli run -- python3 race_counter.py
"""
import threading
import time

THREADS = 4
INCREMENTS = 1_000

counter = 0
counter_lock = threading.Lock()


def increment():
    global counter
    value = counter
    time.sleep(0)  # another thread may run here
    counter = value + 1


def without_lock():
    for _ in range(INCREMENTS):
        increment()


def with_lock():
    for _ in range(INCREMENTS):
        with counter_lock:
            increment()


def run(worker):
    global counter
    counter = 0
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counter


if __name__ == "__main__":
    expected = THREADS * INCREMENTS
    unsafe = run(without_lock)
    print(f"without a lock: {unsafe} of {expected} ({expected - unsafe} increments lost)")
    safe = run(with_lock)
    print(f"with a lock:    {safe} of {expected}")
