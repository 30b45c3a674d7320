#!/usr/bin/env python3
# make-viztracer-like.py
#
# Copyright 2026 The Threadline Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes tests/data/chrome/viztracer-pool.json and viztracer-threads.json:
# traces shaped as viztracer writes them (read from its writer, not copied
# from its output) for two small programs whose source is below, so that
# the tests know every event in them.
#
#   viztracer-pool.json     a multiprocessing.Pool program: forked workers
#                           keep their parent's thread id and name their
#                           parent's threads again; calls with arguments
#                           and return values (log_func_args,
#                           log_func_retval); prints (log_print), a raised
#                           exception (log_exception), a counter; the
#                           standard library, an installed package, a
#                           frozen module, functions written in C;
#                           file_info with the program's source.
#   viztracer-threads.json  a threading program: three threads of one
#                           process, one of the pool program's functions
#                           in a file of the same name elsewhere.
#
# What viztracer writes, from its source (modules/snaptrace.c, eventnode.c,
# viztracer.py, code_monkey.py, report_builder.py):
#   - a call: {"pid", "tid", "ts", "ph": "X", "cat": "fee", "dur", "name",
#     "args"?}; ts and dur in microseconds with three decimals; a Python
#     function is named "qualname (file:firstlineno)", a C one
#     "module.name" or "type.name"; args holds {"func_args": {name:
#     repr}} and "return_value": repr when asked for;
#   - calls are written when they end: callees before their callers;
#   - an instant: {"ph": "i", "cat": "instant", "name", "s"}: a print is
#     "print - " and the printed text (scope "g"), an exception raised
#     "Exception - <expression> = <repr>" (scope "p");
#   - a counter: {"ph": "C", "name", "args": {series: value}};
#   - each process's file begins with M events: process_name with tid =
#     pid, thread_name for every thread its tracer knows.  A forked child
#     inherits its parent's tracer: its first thread keeps the parent's
#     thread id, and it names all the threads its parent's tracer knew;
#   - the report: {"traceEvents": [...], "viztracer_metadata": {...},
#     "file_info": {"files": {path: [source, line count]}, "functions":
#     {name: [path, line]}}}.
#
# Run it from anywhere; it writes both files into tests/data/chrome.

import json
import os

BASE_NS = 1733000000000000123   # the traces' clock: nanoseconds

POOL_SOURCE = '''import multiprocessing
import threading
import time


def count_primes(n):
    """How many primes are below n."""
    count = 0
    for k in range(2, n):
        if is_prime(k):
            count += 1
    return count


def is_prime(k):
    return all(k % d for d in range(2, int(k ** 0.5) + 1))


def log_progress():
    for _ in range(2):
        time.sleep(2)
        print("tick")


def check(results):
    if sum(results) < 1000:
        raise ValueError("too few primes")


def main():
    threading.Thread(target=log_progress).start()
    with multiprocessing.Pool(2) as pool:
        print("start")
        results = pool.map(count_primes, [1000, 2000, 3000])
        print(results)
    try:
        check(results)
    except ValueError:
        pass


if __name__ == "__main__":
    main()
'''

THREADS_SOURCE = '''import threading
import time

from lib.prog import count_primes


def worker(lock, n):
    found = count_primes(n)
    with lock:
        time.sleep(0.001)
    print(threading.current_thread().name, "done")
    return found


def main():
    lock = threading.Lock()
    threads = [threading.Thread(target=worker, args=(lock, n)) for n in (5000, 8000)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


main()
'''

LIB_PROG_SOURCE = '''def count_primes(n):
    return sum(1 for k in range(2, n) if all(k % d for d in range(2, int(k ** 0.5) + 1)))
'''

PROG = '/home/u/prog.py'
PY = '/usr/lib/python3.11'
TQDM = '/home/u/.venv/lib/python3.11/site-packages/tqdm/__init__.py'


def us(ns):
    """Microseconds with three decimals, as viztracer prints them."""
    return '%d.%03d' % (ns // 1000, ns % 1000)


class Trace:
    def __init__(self):
        self.events = []

    def call(self, pid, tid, start, end, name, func_args=None, retval=None):
        """start and end in microseconds from BASE."""
        event = {'pid': pid, 'tid': tid, 'ts': None, 'ph': 'X', 'cat': 'fee', 'dur': None,
                 'name': name}
        args = {}
        if func_args is not None:
            args['func_args'] = func_args
        if retval is not None:
            args['return_value'] = retval
        if args:
            event['args'] = args
        event['_start'] = BASE_NS + int(start * 1000)
        event['_end'] = BASE_NS + int(end * 1000)
        self.events.append(event)

    def instant(self, pid, tid, at, name, scope):
        self.events.append({'pid': pid, 'tid': tid, 'ts': None, 'ph': 'i', 'cat': 'instant',
                            'name': name, 's': scope, '_start': BASE_NS + int(at * 1000),
                            '_end': BASE_NS + int(at * 1000)})

    def counter(self, pid, tid, at, name, values):
        self.events.append({'pid': pid, 'tid': tid, 'ts': None, 'ph': 'C', 'name': name,
                            'args': values, '_start': BASE_NS + int(at * 1000),
                            '_end': BASE_NS + int(at * 1000)})

    def process(self, pid, name, threads):
        """The M events a process's file begins with."""
        head = [{'ph': 'M', 'pid': pid, 'tid': pid, 'name': 'process_name', 'args': {'name': name}}]
        for tid, thread in threads:
            head.append({'ph': 'M', 'pid': pid, 'tid': tid, 'name': 'thread_name',
                         'args': {'name': thread}})
        return head

    def events_of(self, pid):
        """A process's events as its tracer writes them: in the order they end."""
        mine = [e for e in self.events if e['pid'] == pid]
        mine.sort(key=lambda e: (e['_end'], -e['_start']))
        out = []
        for e in mine:
            e = dict(e)
            e['ts'] = _Raw(us(e.pop('_start')))
            end = e.pop('_end')
            if e['ph'] == 'X':
                e['dur'] = _Raw(us(end - (e['ts'].ns)))
            else:
                e.pop('dur', None)
            out.append(e)
        return out


class _Raw:
    """A number written with exactly the digits given."""

    def __init__(self, text):
        self.text = text
        whole, frac = text.split('.')
        self.ns = int(whole) * 1000 + int(frac)


def dump(trace_events, files, out):
    """The report, one event per line."""
    functions = {}
    for e in trace_events:
        if e.get('ph') == 'X' and e['name'].endswith(')') and ' (' in e['name']:
            path, line = e['name'][e['name'].index(' (') + 2:-1].rsplit(':', 1)
            if path in files:
                functions[e['name']] = [path, int(line)]

    def encode(value):
        if isinstance(value, _Raw):
            return value.text
        if isinstance(value, dict):
            return '{' + ', '.join('%s: %s' % (json.dumps(k), encode(v)) for k, v in value.items()) + '}'
        return json.dumps(value)

    with open(out, 'w', encoding='utf-8') as f:
        f.write('{"traceEvents": [\n')
        f.write(',\n'.join(encode(e) for e in trace_events))
        f.write('\n],\n"viztracer_metadata": {"overflow": false, "version": "0.16.3"},\n')
        f.write('"file_info": {"files": {')
        f.write(', '.join('%s: [%s, %d]' % (json.dumps(p), json.dumps(s), s.count('\n'))
                          for p, s in files.items()))
        f.write('},\n"functions": ' + json.dumps(functions) + '}}\n')


def pool_trace():
    t = Trace()
    main, logger, results = 5000, 5003, 5004
    # MainProcess, its main thread.
    t.call(main, main, 0, 9000, '<module> (%s:1)' % PROG)
    t.call(main, main, 10, 200, '_find_and_load (<frozen importlib._bootstrap>:1165)')
    t.call(main, main, 20, 150, '<module> (%s:1)' % TQDM)
    t.call(main, main, 300, 8900, 'main (%s:31)' % PROG)
    t.call(main, main, 310, 350, 'Thread.start (%s/threading.py:938)' % PY)
    t.call(main, main, 400, 1400, 'Pool.__init__ (%s/multiprocessing/pool.py:183)' % PY)
    t.call(main, main, 450, 800, 'BaseProcess.start (%s/multiprocessing/process.py:110)' % PY)
    t.call(main, main, 850, 1200, 'BaseProcess.start (%s/multiprocessing/process.py:110)' % PY)
    t.call(main, main, 1500, 1510, 'builtins.print')
    t.instant(main, main, 1505, 'print - start\n', 'g')
    t.call(main, main, 1600, 7000, 'Pool.map (%s/multiprocessing/pool.py:362)' % PY,
           {'self': '<multiprocessing.pool.Pool state=RUN pool_size=2>',
            'func': '<function count_primes at 0x7f3a2c1e0f40>',
            'iterable': '[1000, 2000, 3000]', 'chunksize': 'None'},
           '[168, 303, 430]')
    t.call(main, main, 1700, 6900, 'Event.wait (%s/threading.py:604)' % PY)
    t.call(main, main, 7100, 7110, 'builtins.print')
    t.instant(main, main, 7105, 'print - [168, 303, 430]\n', 'g')
    t.call(main, main, 7200, 8000, 'Pool.__exit__ (%s/multiprocessing/pool.py:738)' % PY)
    t.call(main, main, 8100, 8800, 'check (%s:25)' % PROG, {'results': '[168, 303, 430]'})
    t.instant(main, main, 8700, "Exception - ValueError() = ValueError('too few primes')", 'p')
    t.counter(main, main, 7050, 'primes', {'found': 901})
    # Its logging thread.
    t.call(main, logger, 360, 7600, 'Thread.run (%s/threading.py:975)' % PY)
    t.call(main, logger, 370, 7590, 'log_progress (%s:20)' % PROG)
    t.call(main, logger, 380, 2380, 'time.sleep')
    t.call(main, logger, 2390, 2400, 'builtins.print')
    t.instant(main, logger, 2395, 'print - tick\n', 'g')
    t.call(main, logger, 2410, 4410, 'time.sleep')
    t.call(main, logger, 4420, 4430, 'builtins.print')
    t.instant(main, logger, 4425, 'print - tick\n', 'g')
    # The pool's result handler.
    t.call(main, results, 1450, 7050, '_handle_results (%s/multiprocessing/pool.py:573)' % PY)

    # The workers: forked by the main thread, they keep its thread id.
    work = {5001: [(1700, 3700, 1000, '168'), (4000, 6900, 3000, '430')],
            5002: [(1750, 4200, 2000, '303')]}
    for pid, start in ((5001, 810), (5002, 1210)):
        t.call(pid, main, start, 7300 + pid - 5001, '_bootstrap (%s/multiprocessing/process.py:308)' % PY)
        t.call(pid, main, start + 20, 7250, 'BaseProcess.run (%s/multiprocessing/process.py:103)' % PY)
        t.call(pid, main, start + 30, 7240, 'worker (%s/multiprocessing/pool.py:97)' % PY,
               {'inqueue': '<multiprocessing.queues.SimpleQueue object at 0x7f3a2c1f2d10>',
                'outqueue': '<multiprocessing.queues.SimpleQueue object at 0x7f3a2c1f2e90>',
                'initializer': 'None', 'initargs': '()', 'maxtasks': 'None',
                'wrap_exception': 'False'})
        for begin, end, n, found in work[pid]:
            t.call(pid, main, begin, end, 'mapstar (%s/multiprocessing/pool.py:48)' % PY,
                   {'args': '(<function count_primes at 0x7f3a2c1e0f40>, (%d,))' % n},
                   '[%s]' % found)
            t.call(pid, main, begin + 10, end - 10, 'count_primes (%s:6)' % PROG,
                   {'n': str(n)}, found)
            for i, k in enumerate((2, 3, 997)):
                t.call(pid, main, begin + 20 + 30 * i, begin + 40 + 30 * i, 'is_prime (%s:15)' % PROG,
                       {'k': str(k)}, 'True')
    t.instant(5002, main, 4300, 'print - worker 2 done\n', 'g')

    events = t.process(main, 'MainProcess', [(main, 'MainThread'), (logger, 'Thread-1 (log_progress)'),
                                              (results, 'Thread-2 (_handle_results)')])
    events += t.events_of(main)
    for pid, name in ((5001, 'ForkPoolWorker-1'), (5002, 'ForkPoolWorker-2')):
        # The inherited tracer names the parent's threads it knew at the fork.
        events += t.process(pid, name, [(main, 'MainThread'), (logger, 'Thread-1 (log_progress)')])
        events += t.events_of(pid)
    return events, {PROG: POOL_SOURCE}


def threads_trace():
    t = Trace()
    pid = 6000
    demo = '/home/v/threads_demo.py'
    prog = '/home/v/lib/prog.py'
    py = '/usr/lib/python3.12'
    t.call(pid, pid, 0, 5000, '<module> (%s:1)' % demo)
    t.call(pid, pid, 10, 4990, 'main (%s:15)' % demo)
    t.call(pid, pid, 20, 60, 'Thread.start (%s/threading.py:938)' % py)
    t.call(pid, pid, 70, 110, 'Thread.start (%s/threading.py:938)' % py)
    t.call(pid, pid, 120, 3000, 'Thread.join (%s/threading.py:1064)' % py)
    t.call(pid, pid, 3010, 4900, 'Thread.join (%s/threading.py:1064)' % py)
    for tid, start, n, found, end in ((6001, 50, 5000, '669', 2990), (6002, 100, 8000, '1007', 4890)):
        t.call(pid, tid, start, end, 'Thread.run (%s/threading.py:982)' % py)
        t.call(pid, tid, start + 10, end - 10, 'worker (%s:7)' % demo,
               {'lock': '<unlocked _thread.lock object at 0x7f1c9a2b3c40>', 'n': str(n)}, found)
        t.call(pid, tid, start + 20, end - 200, 'count_primes (%s:1)' % prog, {'n': str(n)}, found)
        t.call(pid, tid, end - 190, end - 170, '_thread.lock.acquire')
        t.call(pid, tid, end - 160, end - 60, 'time.sleep')
        t.call(pid, tid, end - 50, end - 40, 'builtins.print')
        t.instant(pid, tid, end - 45, 'print - Thread-%d done\n' % (tid - 6000), 'g')
    events = t.process(pid, 'MainProcess', [(pid, 'MainThread'), (6001, 'Thread-1 (worker)'),
                                            (6002, 'Thread-2 (worker)')])
    events += t.events_of(pid)
    return events, {demo: THREADS_SOURCE, prog: LIB_PROG_SOURCE}


if __name__ == '__main__':
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'chrome')
    dump(*pool_trace(), os.path.join(data, 'viztracer-pool.json'))
    dump(*threads_trace(), os.path.join(data, 'viztracer-threads.json'))
