# ThreadPoolExecutor(max_workers=5): the factorials of 1..10.
from concurrent.futures import ThreadPoolExecutor
import time

workers = 5
cost = 300  # ms of CPU per factorial


def compute(ms):
    # Python code keeping the CPU busy for ms milliseconds.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def calculate_factorial(n):
    print(f"Calculating factorial of {n}")
    compute(cost)
    f = 1
    for k in range(1, n + 1):
        f = f * k
    return f


def main():
    executor = ThreadPoolExecutor(max_workers=workers)
    numbers = range(1, 11)
    results = list(executor.map(calculate_factorial, numbers))
    executor.shutdown()
    for i in range(1, 11):
        print(f"Factorial of {i} is {results[i - 1]}")


if __name__ == "__main__":
    main()
