# A race on a shared counter, then the same with a lock.
import multiprocessing
import threading
import time

workers = 4
repeats = 200  # increments per worker
add_cost = 1  # ms from the read to the write
other_cost = 1  # ms of other work per turn
kind = "threads"  # or "processes"

counter = multiprocessing.Value('i', 0)
safe_counter = multiprocessing.Value('i', 0)
L = multiprocessing.Lock()


def compute(ms):
    # Python code keeping the CPU busy for ms milliseconds.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def add_unlocked():
    for _ in range(repeats):
        value = counter.value
        compute(add_cost)
        counter.value = value + 1
        compute(other_cost)


def add_locked():
    for _ in range(repeats):
        with L:
            value = safe_counter.value
            compute(add_cost)
            safe_counter.value = value + 1
        compute(other_cost)


def run_workers(locked):
    started = []
    for i in range(1, workers + 1):
        if kind == "threads" and locked:
            w = threading.Thread(target=add_locked)
        elif kind == "threads":
            w = threading.Thread(target=add_unlocked)
        elif locked:
            w = multiprocessing.Process(target=add_locked)
        else:
            w = multiprocessing.Process(target=add_unlocked)
        w.start()
        started.append(w)
    for w in started:
        w.join()


if __name__ == "__main__":
    print(f"Without a lock: {workers} {kind} add 1 "
          f"to counter {repeats} times each")
    run_workers(False)
    total = counter.value
    print(f"counter = {total}, "
          f"expected {workers * repeats}: "
          f"{workers * repeats - total} increments lost")

    print("With a lock")
    run_workers(True)
    total = safe_counter.value
    print(f"safe_counter = {total}, "
          f"expected {workers * repeats}")
