# Two processes: the square and the cube of a number.
import multiprocessing
import time

number = 44
delay = 2000  # ms before each child works


def compute(ms):
    # Python code keeping the CPU busy for ms milliseconds.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def print_square(number):
    time.sleep(delay / 1000)
    compute(100)
    print(f"Square of {number}: {number * number}")


def print_cube(number):
    time.sleep(delay * 3 / 2 / 1000)
    compute(100)
    print(f"Cube of {number}: {number * number * number}")


if __name__ == "__main__":
    p1 = multiprocessing.Process(target=print_square,
                                 args=(number,))
    p2 = multiprocessing.Process(target=print_cube,
                                 args=(number,))
    p1.start()
    p2.start()

    p1.join()
    p2.join()
    print("Both processes finished.")
