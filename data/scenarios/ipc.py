# Queue, Pipe, Value/Array, Manager and SharedMemory
# between processes.
from multiprocessing import (Array, Manager, Pipe, Process,
                             Queue, Value)
from multiprocessing.shared_memory import SharedMemory
import time

messages = 5
pace = 500  # ms between two puts


def compute(ms):
    # Python code keeping the CPU busy for ms milliseconds.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def producer(q):
    for i in range(1, messages + 1):
        q.put(i)
        print(f"put {i}")
        time.sleep(pace / 1000)
    q.put(None)


def consumer(q):
    got = []
    item = 0
    while item is not None:
        item = q.get()
        if item is not None:
            got.append(item)
    print(f"consumer got {got}")


def pipe_child(child_conn):
    msg = child_conn.recv()
    print(f"child got: {msg}")
    time.sleep(0.2)
    child_conn.send("Hello from child")


def adder(i, total, arr):
    for _ in range(10):
        with total.get_lock():
            total.value += 1
        compute(5)
    with arr.get_lock():
        arr[i] += i


def manager_user(i, shared_list, shared_dict):
    shared_list.append(i * 10)
    shared_dict[i] = i * i
    time.sleep(0.1)


def shm_writer(name):
    time.sleep(0.2)
    shm = SharedMemory(name)
    shm.buf[:5] = b"Hello"


def run(*processes):
    for p in processes:
        p.start()
    for p in processes:
        p.join()


if __name__ == "__main__":
    q = Queue()
    parent_conn, child_conn = Pipe()
    total = Value('i', 0)
    arr = Array('i', [0, 0, 0, 0])
    mgr = Manager()
    shared_list = mgr.list([1, 2, 3])
    shared_dict = mgr.dict()
    shm = SharedMemory(create=True, size=1024)

    print("Queue")
    run(Process(target=producer, args=(q,)),
        Process(target=consumer, args=(q,)))

    print("Pipe")
    child = Process(target=pipe_child, args=(child_conn,))
    child.start()
    parent_conn.send("Hello from parent")
    reply = parent_conn.recv()
    print(f"parent got: {reply}")
    child.join()

    print("Value and Array")
    run(*[Process(target=adder, args=(i, total, arr))
          for i in range(0, 4)])
    print(f"total = {total.value}, arr = {arr[:]}")

    print("Manager")
    run(*[Process(target=manager_user,
                  args=(i, shared_list, shared_dict))
          for i in range(1, 4)])
    print(f"list: {shared_list}, dict: {shared_dict}")

    print("SharedMemory")
    writer = Process(target=shm_writer, args=(shm.name,))
    writer.start()
    writer.join()
    text = bytes(shm.buf[:5]).decode()
    print(f"shared memory holds {text}")
    shm.close()
    shm.unlink()
