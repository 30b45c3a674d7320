"""Squares of 1 to 5 with a pool of four worker processes.

Pool.map hands the five numbers to four workers that were started in
advance; one worker gets two of them.  The results come back in the order
of the input, whichever worker finished first.

Run it traced:  threadline-cli run -- python3 pool_map.py
The start method is fork unless one is given: python3 pool_map.py spawn
"""
import multiprocessing
import sys
import time


def square(n):
    time.sleep(0.2)  # stands for real work, so that it shows on the timeline
    return n * n


if __name__ == "__main__":
    multiprocessing.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    numbers = [1, 2, 3, 4, 5]
    pool = multiprocessing.Pool(processes=4)
    results = pool.map(square, numbers)
    pool.close()
    pool.join()
    print(results)
