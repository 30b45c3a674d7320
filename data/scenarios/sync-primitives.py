# RLock, Semaphore, Event, Condition and Barrier, one after the other.
import threading
import time

workers = 5
hold = 500  # ms inside the semaphore

rlock = threading.RLock()
sem = threading.Semaphore(2)
ready = threading.Event()
cond = threading.Condition()
items = []
barrier = threading.Barrier(3)
started = []


def compute(ms):
    # Python code keeping the CPU busy for ms milliseconds.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def start(target, *args):
    t = threading.Thread(target=target, args=args)
    t.start()
    started.append(t)


def join_all():
    while started:
        started.pop().join()


def reentrant():
    me = threading.current_thread().name
    with rlock:
        print(f"{me} holds the RLock")
        compute(100)
        with rlock:
            print(f"{me} takes it again: depth 2")
            compute(100)


def limited(i):
    with sem:
        print(f"worker {i} is inside")
        time.sleep(hold / 1000)
        print(f"worker {i} leaves")


def waiter(i):
    print(f"waiter {i} waits for the event")
    ready.wait()
    print(f"waiter {i} goes on")


def consumer():
    with cond:
        while len(items) == 0:
            cond.wait()
        item = items.pop(0)
        print(f"consumer got {item}")


def producer():
    time.sleep(0.4)
    with cond:
        items.append(42)
        print("producer appended 42")
        cond.notify()


def at_barrier(i):
    time.sleep(0.2 * i)
    print(f"party {i} reaches the barrier")
    index = barrier.wait()
    print(f"party {i} passes")


if __name__ == "__main__":
    print("RLock")
    start(reentrant)
    start(reentrant)
    join_all()

    print("Semaphore(2)")
    for i in range(1, workers + 1):
        start(limited, i)
    join_all()

    print("Event")
    for i in range(1, 4):
        start(waiter, i)
    time.sleep(0.5)
    print("main sets the event")
    ready.set()
    join_all()

    print("Condition")
    start(consumer)
    start(producer)
    join_all()

    print("Barrier(3)")
    for i in range(1, 4):
        start(at_barrier, i)
    join_all()
