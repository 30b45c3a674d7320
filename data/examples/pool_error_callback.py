"""A pool task that fails, reported through an error callback.

The worker process divides by zero; the exception travels back to the
main process, where Pool calls the error callback with it.  The other task
succeeds and its result comes back through the normal callback.

Run it traced:  threadline-cli run -- python3 pool_error_callback.py
"""
import multiprocessing
import time


def divide(n):
    time.sleep(0.1)  # stands for real work
    return 10 / n


def report_result(result):
    print(f"Result: {result}")


def report_error(error):
    print(f"Error: {error}")


if __name__ == "__main__":
    multiprocessing.set_start_method("fork")
    with multiprocessing.Pool(2) as pool:
        pool.apply_async(divide, (0,), callback=report_result, error_callback=report_error)
        pool.apply_async(divide, (5,), callback=report_result, error_callback=report_error)
        pool.close()
        pool.join()
