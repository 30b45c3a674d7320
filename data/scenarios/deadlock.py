# Two workers take two locks in opposite order.
import threading
import time

hold = 500  # ms before the second lock

lock_a = threading.Lock()
lock_b = threading.Lock()


def worker_1():
    with lock_a:
        print("worker 1 holds lock_a")
        time.sleep(hold / 1000)
        print("worker 1 wants lock_b")
        with lock_b:
            print("worker 1 has both locks")


def worker_2():
    with lock_b:
        print("worker 2 holds lock_b")
        time.sleep(hold / 1000)
        print("worker 2 wants lock_a")
        with lock_a:
            print("worker 2 has both locks")


if __name__ == "__main__":
    t1 = threading.Thread(target=worker_1, name="worker 1")
    t2 = threading.Thread(target=worker_2, name="worker 2")
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    print("both workers finished")
