"""A producer process and a consumer process, with a Queue between them.

Processes share no memory: the producer sends its numbers through a
multiprocessing.Queue, and the consumer takes them out in the order they
were put in.  Making a number takes the producer longer than using it
takes the consumer, so the consumer waits on the empty queue.  None says
there is no more.

Run it traced:  threadline-cli run -- python3 producer_consumer.py
"""
import multiprocessing
import random
import time


def producer(queue):
    for _ in range(10):
        time.sleep(random.uniform(0.04, 0.08))  # making the number
        number = random.randint(1, 100)
        queue.put(number)
        print(f"Produced {number}")
    queue.put(None)


def consumer(queue):
    total = 0
    while True:
        number = queue.get()
        if number is None:
            break
        total += number
        print(f"Consumed {number}")
        time.sleep(0.01)  # using it
    print(f"Consumer total: {total}")


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=producer, args=(queue,)),
               multiprocessing.Process(target=consumer, args=(queue,))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
