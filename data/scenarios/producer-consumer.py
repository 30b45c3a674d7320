# One thread appends to a list, another pops from it,
# both under a Lock.
import random
import threading
import time

count = 10  # numbers each thread adds or removes
sleep_min = 100  # ms
sleep_max = 500

# Shared list
shared_list = []

# Lock to avoid race conditions
list_lock = threading.Lock()


# Function for adding numbers to the list
def add_numbers():
    for _ in range(count):
        number = random.randint(1, 100)
        with list_lock:  # Acquire lock
            shared_list.append(number)
            print(f"Added: {number} | List: {shared_list}")
        time.sleep(random.uniform(sleep_min, sleep_max) / 1000)


# Function for removing numbers from the list
def remove_numbers():
    for _ in range(count):
        with list_lock:  # Acquire lock
            if shared_list:
                number = shared_list.pop(0)
                print(f"Removed: {number} | List: {shared_list}")
            else:
                print("List is empty, nothing to remove.")
        time.sleep(random.uniform(sleep_min, sleep_max) / 1000)


# Creating threads
adder = threading.Thread(target=add_numbers)
remover = threading.Thread(target=remove_numbers)

# Starting threads
adder.start()
remover.start()

# Wait for threads to complete
adder.join()
remover.join()

print("Final List:", shared_list)
