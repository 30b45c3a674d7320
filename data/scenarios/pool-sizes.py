# The same work on pools of 2, 4 and 8 processes, timed:
# tiny tasks, then heavy ones.
import multiprocessing
import time

items = 10
light_cost = 0.1  # ms of CPU per tiny task
heavy_cost = 200  # ms of CPU per heavy task


def compute(ms):
    # Python code keeping the CPU busy for ms milliseconds.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def square(n):
    compute(light_cost)
    return n * n


def heavy_square(n):
    compute(heavy_cost)
    return n * n


def measure(size, heavy):
    kind = "tiny"
    if heavy:
        kind = "heavy"
    print(f"Using a pool of size {size} ({kind} tasks):")
    start = time.time()
    pool = multiprocessing.Pool(processes=size)
    numbers = range(1, items + 1)
    if heavy:
        results = pool.map(heavy_square, numbers)
    else:
        results = pool.map(square, numbers)
    pool.close()
    pool.join()
    t = time.time() - start
    print(f"Results: {results}")
    print(f"Time taken with pool size {size}: "
          f"{t:.4f} seconds")


if __name__ == "__main__":
    for size in [2, 4, 8]:
        measure(size, False)
    for size in [2, 4, 8]:
        measure(size, True)
