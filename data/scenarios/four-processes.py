# Four processes, each printing its own number.
import multiprocessing
import random
import time

count = 4
min_sleep = 2000  # ms
max_sleep = 3000


def compute(ms):
    # Python code keeping the CPU busy for ms milliseconds.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def print_number(number):
    time.sleep(random.uniform(min_sleep, max_sleep) / 1000)
    compute(100)
    print(f"Process {number} is printing: {number}")


if __name__ == "__main__":
    processes = []
    for i in range(1, count + 1):
        process = multiprocessing.Process(target=print_number,
                                          args=(i,))
        processes.append(process)
        process.start()

    for process in processes:
        process.join()
    print("All processes have completed their execution.")
