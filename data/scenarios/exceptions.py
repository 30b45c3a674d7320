# Exceptions in threads, processes and pools; finally;
# a watchdog; a crash.
import multiprocessing
import os
import queue
import signal
import threading
import time

work = 300  # ms of CPU before each failure

errors = queue.Queue()
lock = threading.Lock()


def compute(ms):
    # Python code keeping the CPU busy for ms milliseconds.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def thread_worker():
    compute(work)
    try:
        result = 10 / 0
    except Exception as e:
        errors.put(e)


def process_worker(q):
    compute(work)
    try:
        result = 10 / 0
    except Exception as e:
        q.put(e)


def pool_worker(n):
    compute(work)
    return 10 / n


def error_handler(e):
    print(f"Error: {e}")


def locked_worker():
    try:
        lock.acquire()
        compute(work)
        result = 10 / 0
    except Exception as e:
        print(f"Error: {e}")
    finally:
        lock.release()
        print("Lock released")


def failing_worker():
    compute(work)
    try:
        result = 10 / 0
    except ZeroDivisionError as e:
        raise RuntimeError("Worker encountered an error") from e


def monitor(thread):
    thread.join()
    print("Thread finished or encountered an error.")


def sibling(i):
    compute(work)
    time.sleep(0.5)
    print(f"sibling {i} finished")


def crasher():
    compute(work)
    print("about to crash")
    os.kill(os.getpid(), signal.SIGSEGV)


if __name__ == "__main__":
    print("1. In a thread, reported through a queue")
    t = threading.Thread(target=thread_worker)
    t.start()
    t.join()
    e = errors.get()
    print("Caught exception:", e)

    print("2. In a process, reported through a queue")
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=process_worker, args=(q,))
    p.start()
    p.join()
    e = q.get()
    print("Caught exception:", e)

    print("3. In a pool task, with an error callback")
    workers = multiprocessing.Pool(2)
    workers.apply_async(pool_worker, (0,),
                        error_callback=error_handler)
    workers.close()
    workers.join()

    print("4. finally releases the lock")
    lw = threading.Thread(target=locked_worker)
    lw.start()
    lw.join()
    free = lock.acquire(timeout=1)
    print(f"the lock is free again: {free}")
    if free:
        lock.release()

    print("5. A watchdog thread")
    fw = threading.Thread(target=failing_worker)
    fw.start()
    m = threading.Thread(target=monitor, args=(fw,))
    m.start()
    m.join()

    print("6. A process crashes; its siblings carry on")
    s1 = multiprocessing.Process(target=sibling, args=(1,))
    s1.start()
    c = multiprocessing.Process(target=crasher)
    c.start()
    s2 = multiprocessing.Process(target=sibling, args=(2,))
    s2.start()
    for process in (s1, c, s2):
        process.join()
    print(f"the crashed process's exit code: {c.exitcode}")
