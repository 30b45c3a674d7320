"""The factorials of 1 to 10 with a pool of five threads.

ThreadPoolExecutor gives each of the ten tasks to whichever of its five
threads is free; map returns the results in the order of the input.

Run it traced:  threadline-cli run -- python3 thread_pool_factorial.py
"""
import math
import time
from concurrent.futures import ThreadPoolExecutor


def factorial(n):
    time.sleep(0.05 * n)  # stands for real work: bigger numbers take longer
    return math.factorial(n)


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=5) as executor:
        results = list(executor.map(factorial, range(1, 11)))
    for n, result in zip(range(1, 11), results):
        print(f"{n}! = {result}")
