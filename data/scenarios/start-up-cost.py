# What it costs to create and join a process, and a thread.
import multiprocessing
import threading
import time

count = 8
gap = 200  # ms between two starts


def nothing():
    return None


def join_all(started):
    for w in started:
        w.join()


if __name__ == "__main__":
    started = []
    for i in range(1, count + 1):
        started.append(multiprocessing.Process(target=nothing))
        started[-1].start()
        time.sleep(gap / 1000)
    join_all(started)

    started = []
    for i in range(1, count + 1):
        started.append(threading.Thread(target=nothing))
        started[-1].start()
        time.sleep(gap / 1000)
    join_all(started)

    start = time.time()
    started = []
    for i in range(1, count + 1):
        started.append(multiprocessing.Process(target=nothing))
        started[-1].start()
    join_all(started)
    tp = time.time() - start

    start = time.time()
    started = []
    for i in range(1, count + 1):
        started.append(threading.Thread(target=nothing))
        started[-1].start()
    join_all(started)
    tt = time.time() - start

    print(f"{count} processes: {tp * 1000:.2f} ms; "
          f"{count} threads: {tt * 1000:.2f} ms")
