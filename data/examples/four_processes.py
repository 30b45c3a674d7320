"""Four processes, each printing its own number.

The four start at once, so the order of their lines is whatever order the
system ran them in: run it twice and compare.

Run it traced:  threadline-cli run -- python3 four_processes.py
The start method is fork unless one is given: python3 four_processes.py spawn
"""
import multiprocessing
import sys
import time


def print_number(number):
    print(f"Process {number}: my number is {number}")
    time.sleep(0.1)  # stands for the rest of the process's work


if __name__ == "__main__":
    multiprocessing.set_start_method(sys.argv[1] if len(sys.argv) > 1 else "fork")
    processes = [multiprocessing.Process(target=print_number, args=(number,))
                 for number in range(1, 5)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    print("All processes completed.")
