# Pool.map: the squares of 1..5 on a pool of four worker processes.
import multiprocessing
import time

workers = 4
items = 5
chunksize = 0  # 0: let Pool.map choose
cost = 1500  # ms of CPU per item


def compute(ms):
    # Python code keeping the CPU busy for ms milliseconds.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def square(n):
    name = multiprocessing.current_process().name
    print(f"{name} computing square of {n}")
    compute(cost)
    return n * n


if __name__ == "__main__":
    pool = multiprocessing.Pool(processes=workers)
    numbers = list(range(1, items + 1))
    results = pool.map(square, numbers, chunksize or None)
    pool.close()
    pool.join()
    print("Results:", results)
