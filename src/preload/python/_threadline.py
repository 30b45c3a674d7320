# _threadline.py: Threadline's helper inside a traced Python program.
#
# The interposer (libthreadline-preload.so, loaded by the tracer into every
# process) sees what the C library sees: threads, the GIL, semaphores,
# pipes.  It cannot tell the programmer's `lock = threading.Lock()` from
# the dozens of locks Python makes for itself, nor name a thread
# "Thread-1 (worker)" or a process "ForkPoolWorker-2", nor know that a
# worker runs square(3).  This module tells it, through foreign calls made
# as ctypes.PyDLL makes them (the GIL stays held), by wrapping a few
# functions of threading, queue, multiprocessing and concurrent.futures
# as the program imports them.  It changes no result and no
# behaviour of the program: every wrapper calls the original.
#
# An object is the programmer's when the line that made it is outside
# Python's own library; its name is the variable that line assigns
# ("list_lock = threading.Lock()" -> "list_lock"), else "Lock-1".
#
# See docs/tracing-programs.md.

import os
import sys

# tl-event.h (tests/preload checks these against it).
EVENT_TASK_BEGIN = 6
EVENT_TASK_END = 7
EVENT_LOCK_WAIT = 8
EVENT_LOCK_ACQUIRE = 9
EVENT_LOCK_RELEASE = 10
EVENT_WAIT_BEGIN = 11
EVENT_WAIT_END = 12
EVENT_WAKE = 13
EVENT_SEND = 14
EVENT_RECEIVE = 15
EVENT_ERROR_REPORTED = 24

ROLE_PROCESS = 1
ROLE_THREAD = 2
ROLE_MUTEX = 3
ROLE_RLOCK = 4
ROLE_CONDITION = 6
ROLE_SEMAPHORE = 7
ROLE_EVENT = 8
ROLE_BARRIER = 9
ROLE_QUEUE = 10
ROLE_ERROR = 15

FLAG_TIMEOUT = 4

ABI = 1
HERE = os.path.dirname(os.path.abspath(__file__))
PRELOAD_LIB = 'libthreadline-preload.so'

_lib = None
_locks_ok = False           # we know where a threading.Lock keeps its semaphore
_counters = {}
_library_dirs = ()
_futures_id = 0


# ---- talking to the interposer ------------------------------------------------------

class _C(object):
    """The few C types and the library handle the helper needs, from
    _ctypes itself: importing ctypes costs a traced program more start-up
    time than everything else the helper does."""

    def __init__(self):
        import _ctypes

        class c_int(_ctypes._SimpleCData):
            _type_ = 'i'

        class c_uint32(_ctypes._SimpleCData):
            _type_ = 'I'

        class c_uint64(_ctypes._SimpleCData):
            _type_ = 'Q'

        class c_void_p(_ctypes._SimpleCData):
            _type_ = 'P'

        class c_char_p(_ctypes._SimpleCData):
            _type_ = 'z'

        class Function(_ctypes.CFuncPtr):
            # As ctypes.PyDLL's: the GIL stays held during the call.
            _flags_ = _ctypes.FUNCFLAG_CDECL | _ctypes.FUNCFLAG_PYTHONAPI
            _restype_ = c_int

        self.c_int, self.c_uint32, self.c_uint64 = c_int, c_uint32, c_uint64
        self.c_void_p, self.c_char_p = c_void_p, c_char_p
        self._Function = Function
        self._handle = _ctypes.dlopen(None, 0)

    def function(self, name, restype, argtypes):
        f = self._Function((name, self))
        f.restype = restype
        f.argtypes = argtypes
        return f


class _Lib(object):
    pass


def _bind():
    """The interposer's functions, or None if this process has none."""
    c = _C()
    signatures = {
        'threadline_py_abi': (c.c_int, []),
        'threadline_py_hello': (c.c_int, []),
        'threadline_py_name_process': (None, [c.c_char_p]),
        'threadline_py_name_thread': (None, [c.c_uint32, c.c_char_p]),
        'threadline_py_new_object': (c.c_uint64, [c.c_int, c.c_char_p]),
        'threadline_py_register_lock': (c.c_uint64, [c.c_void_p, c.c_int, c.c_uint64, c.c_char_p]),
        'threadline_py_register_semlock': (c.c_uint64, [c.c_void_p, c.c_int, c.c_uint64, c.c_char_p]),
        'threadline_py_semlock_id': (c.c_uint64, [c.c_void_p]),
        'threadline_py_register_channel': (c.c_uint64, [c.c_int, c.c_int, c.c_char_p]),
        'threadline_py_record': (None, [c.c_int, c.c_int, c.c_int, c.c_uint64, c.c_uint64, c.c_uint32]),
        'threadline_py_task_begin': (c.c_uint64, [c.c_char_p, c.c_uint64]),
        'threadline_py_task_end': (None, [c.c_uint64, c.c_uint64, c.c_int]),
        'threadline_py_error_raised': (c.c_uint64, [c.c_char_p]),
        'threadline_py_sem_value': (c.c_int, [c.c_void_p]),
    }
    lib = _Lib()
    try:
        abi = c.function('threadline_py_abi', c.c_int, [])
    except AttributeError:
        return None
    if abi() != ABI:
        return None
    for name, (restype, argtypes) in signatures.items():
        setattr(lib, name, c.function(name, restype, argtypes))
    lib.c_void_p = c.c_void_p
    return lib


def _text(s, limit=200):
    s = str(s)
    if len(s) > limit:
        s = s[:limit - 1] + '…'
    return s.encode('utf-8', 'replace')


def _record(kind, role, obj, arg=0, flags=0, aux=0):
    _lib.threadline_py_record(kind, role, flags, obj, arg & 0xffffffffffffffff, aux)


def _new_object(role, name):
    return _lib.threadline_py_new_object(role, _text(name))


def _number(kind):
    n = _counters.get(kind, 0) + 1
    _counters[kind] = n
    return '%s-%d' % (kind, n)


def _int_arg(value):
    if isinstance(value, bool) or not isinstance(value, int):
        return 0
    return value & 0xffffffffffffffff


# ---- whose object is it --------------------------------------------------------------

_names = None  # the regular expressions below, compiled when first needed


def _name_in(line):
    """The variable a line assigns ("list_lock = threading.Lock()"), or
    names in a with statement ("with Pool(4) as pool:"), or ''."""
    global _names
    if _names is None:
        import re
        _names = (re.compile(r'\s*([A-Za-z_][\w.]*)\s*(?::[^=]*)?=(?!=)'),
                  re.compile(r'\bas\s+([A-Za-z_]\w*)\s*:'))
    m = _names[0].match(line) or _names[1].search(line)
    return m.group(1) if m else ''


def _is_library(filename):
    return filename.startswith(_library_dirs)


def _creator(obj, plumbing=()):
    """The name the programmer's line that made @obj gives it ('' if none),
    or None if Python's own library made it.  Passed on the way: this
    module, the constructors of @obj (a subclass calls its base's), and the
    factory functions in the files @plumbing (multiprocessing's context)."""
    f = sys._getframe(1)
    while f is not None:
        code = f.f_code
        if code.co_filename == __file__ or code.co_filename in plumbing or \
                (code.co_name == '__init__' and f.f_locals.get('self') is obj):
            f = f.f_back
            continue
        break
    if f is None or _is_library(f.f_code.co_filename):
        return None
    import linecache
    return _name_in(linecache.getline(f.f_code.co_filename, f.f_lineno))


def _semaphore_of(lock):
    """The sem_t of a _thread.lock or _thread.RLock (its first field)."""
    return _lib.c_void_p.from_address(id(lock) + object.__basicsize__).value


def _check_lock_layout():
    """Checks on two fresh locks that the field read above is their
    semaphore: its value must follow acquire and release."""
    import _thread
    for make in (_thread.allocate_lock, _thread.RLock):
        lock = make()
        sem = _semaphore_of(lock)
        if _lib.threadline_py_sem_value(sem) != 1:
            return False
        lock.acquire()
        held = _lib.threadline_py_sem_value(sem)
        lock.release()
        if held != 0 or _lib.threadline_py_sem_value(sem) != 1:
            return False
    return True


def _register_lock(lock, role, name, alias=0):
    if _locks_ok:
        return _lib.threadline_py_register_lock(_semaphore_of(lock), role, alias, _text(name))
    return 0


# ---- threading ------------------------------------------------------------------------

def _patch_threading(threading):
    import _thread

    allocate_lock = _thread.allocate_lock
    make_rlock = threading.RLock

    def Lock():
        lock = allocate_lock()
        name = _creator(lock)
        if name is not None:
            _register_lock(lock, ROLE_MUTEX, name or _number('Lock'))
        return lock

    def RLock(*args, **kwargs):
        lock = make_rlock(*args, **kwargs)
        name = _creator(lock)
        if name is not None:
            _register_lock(lock, ROLE_RLOCK, name or _number('RLock'))
        return lock

    threading.Lock = Lock
    threading.RLock = RLock

    Thread = threading.Thread
    bootstrap_inner = Thread._bootstrap_inner
    join = Thread.join

    def _bootstrap_inner(self):
        _lib.threadline_py_name_thread(0, _text(self.name))
        return bootstrap_inner(self)

    def thread_join(self, timeout=None):
        tid = self.native_id
        if not tid or not self.is_alive():
            return join(self, timeout)
        _record(EVENT_WAIT_BEGIN, ROLE_THREAD, tid)
        try:
            return join(self, timeout)
        finally:
            _record(EVENT_WAIT_END, ROLE_THREAD, tid,
                    flags=FLAG_TIMEOUT if self.is_alive() else 0)

    Thread._bootstrap_inner = _bootstrap_inner
    Thread.join = thread_join

    name_property = Thread.name

    def set_name(self, value):
        name_property.fset(self, value)
        if self.native_id:
            _lib.threadline_py_name_thread(self.native_id, _text(value))

    Thread.name = property(name_property.fget, set_name)

    _patch_condition(threading)
    _patch_semaphore(threading)
    _patch_event_and_barrier(threading)


def _patch_condition(threading):
    Condition = threading.Condition
    init = Condition.__init__
    wait = Condition.wait
    notify = Condition.notify
    notify_all = Condition.notify_all

    def cond_init(self, lock=None):
        init(self, lock)
        name = _creator(self)
        self._tl_id = 0
        if name is None:
            return
        name = name or _number('Condition')
        self._tl_id = _new_object(ROLE_CONDITION, name)
        if lock is None:
            # Its lock is made by threading.py, but it is the condition's.
            _register_lock(self._lock, ROLE_RLOCK, name)

    def cond_wait(self, timeout=None):
        obj = getattr(self, '_tl_id', 0)
        if not obj:
            return wait(self, timeout)
        _record(EVENT_WAIT_BEGIN, ROLE_CONDITION, obj)
        notified = False
        try:
            notified = wait(self, timeout)
            return notified
        finally:
            _record(EVENT_WAIT_END, ROLE_CONDITION, obj, flags=0 if notified else FLAG_TIMEOUT)

    def cond_notify(self, n=1):
        obj = getattr(self, '_tl_id', 0)
        if obj:
            _record(EVENT_WAKE, ROLE_CONDITION, obj, min(n, len(self._waiters)))
        return notify(self, n)

    def cond_notify_all(self):
        obj = getattr(self, '_tl_id', 0)
        if obj:
            _record(EVENT_WAKE, ROLE_CONDITION, obj, len(self._waiters))
        return notify_all(self)

    Condition.__init__ = cond_init
    Condition.wait = cond_wait
    Condition.notify = cond_notify
    Condition.notify_all = cond_notify_all
    Condition.notifyAll = cond_notify_all


def _patch_semaphore(threading):
    Semaphore = threading.Semaphore
    init = Semaphore.__init__
    acquire = Semaphore.acquire
    release = Semaphore.release

    def sem_init(self, value=1):
        init(self, value)
        name = _creator(self)
        self._tl_id = 0
        self._tl_holders = {}
        if name is not None:
            kind = 'BoundedSemaphore' if isinstance(self, threading.BoundedSemaphore) else 'Semaphore'
            self._tl_id = _new_object(ROLE_SEMAPHORE, name or _number(kind))

    def sem_acquire(self, blocking=True, timeout=None):
        obj = getattr(self, '_tl_id', 0)
        if not obj:
            return acquire(self, blocking, timeout)
        waits = blocking and self._value == 0
        if waits:
            _record(EVENT_LOCK_WAIT, ROLE_SEMAPHORE, obj)
        got = acquire(self, blocking, timeout)
        if got:
            me = threading.get_ident()
            self._tl_holders[me] = self._tl_holders.get(me, 0) + 1
            _record(EVENT_LOCK_ACQUIRE, ROLE_SEMAPHORE, obj, aux=1)
        elif waits:
            _record(EVENT_WAIT_END, ROLE_SEMAPHORE, obj, flags=FLAG_TIMEOUT)
        return got

    def sem_release(self, n=1):
        obj = getattr(self, '_tl_id', 0)
        if obj:
            me = threading.get_ident()
            for _ in range(n):
                # A permit this thread took goes back; otherwise it signals.
                if self._tl_holders.get(me, 0) > 0:
                    self._tl_holders[me] -= 1
                    _record(EVENT_LOCK_RELEASE, ROLE_SEMAPHORE, obj)
                else:
                    _record(EVENT_WAKE, ROLE_SEMAPHORE, obj, 1)
        return release(self, n)

    def sem_exit(self, t, v, tb):
        sem_release(self)

    Semaphore.__init__ = sem_init
    Semaphore.acquire = sem_acquire
    Semaphore.__enter__ = sem_acquire
    Semaphore.release = sem_release
    Semaphore.__exit__ = sem_exit
    # BoundedSemaphore.release calls Semaphore.release under its own check.
    bounded_release = threading.BoundedSemaphore.release

    def bounded(self, n=1):
        with self._cond:
            if self._value + n > self._initial_value:
                raise ValueError("Semaphore released too many times")
        return sem_release(self, n)

    if bounded_release is not release:
        threading.BoundedSemaphore.release = bounded
        threading.BoundedSemaphore.__exit__ = sem_exit


def _patch_event_and_barrier(threading):
    Event = threading.Event
    event_init = Event.__init__
    event_wait = Event.wait
    event_set = Event.set

    def ev_init(self):
        event_init(self)
        name = _creator(self)
        self._tl_id = _new_object(ROLE_EVENT, name or _number('Event')) if name is not None else 0

    def ev_wait(self, timeout=None):
        obj = getattr(self, '_tl_id', 0)
        if not obj or self._flag:
            return event_wait(self, timeout)
        _record(EVENT_WAIT_BEGIN, ROLE_EVENT, obj)
        ok = False
        try:
            ok = event_wait(self, timeout)
            return ok
        finally:
            _record(EVENT_WAIT_END, ROLE_EVENT, obj, flags=0 if ok else FLAG_TIMEOUT)

    def ev_set(self):
        obj = getattr(self, '_tl_id', 0)
        if obj:
            _record(EVENT_WAKE, ROLE_EVENT, obj, len(self._cond._waiters))
        return event_set(self)

    Event.__init__ = ev_init
    Event.wait = ev_wait
    Event.set = ev_set

    Barrier = threading.Barrier
    barrier_init = Barrier.__init__
    barrier_wait = Barrier.wait

    def b_init(self, parties, action=None, timeout=None):
        barrier_init(self, parties, action, timeout)
        name = _creator(self)
        self._tl_id = _new_object(ROLE_BARRIER, name or _number('Barrier')) if name is not None else 0

    def b_wait(self, timeout=None):
        obj = getattr(self, '_tl_id', 0)
        if not obj:
            return barrier_wait(self, timeout)
        _record(EVENT_WAIT_BEGIN, ROLE_BARRIER, obj)
        try:
            return barrier_wait(self, timeout)
        finally:
            _record(EVENT_WAIT_END, ROLE_BARRIER, obj)

    Barrier.__init__ = b_init
    Barrier.wait = b_wait


# ---- queue ----------------------------------------------------------------------------

def _patch_queue(queue):
    Queue = queue.Queue
    init = Queue.__init__
    put = Queue._put
    get = Queue._get
    blocking_get = Queue.get

    def q_init(self, maxsize=0):
        init(self, maxsize)
        name = _creator(self)
        self._tl_id = 0
        if name is not None:
            self._tl_id = _new_object(ROLE_QUEUE, name or _number(type(self).__name__))
            self._tl_puts = 0
            self._tl_gets = 0

    # _put and _get run with the queue's mutex held: the n-th get of a FIFO
    # queue receives the n-th put.
    def q_put(self, item):
        if getattr(self, '_tl_id', 0) and type(self)._put is q_put:
            self._tl_puts += 1
            _record(EVENT_SEND, ROLE_QUEUE, self._tl_id, self._tl_puts)
        return put(self, item)

    def q_get(self):
        item = get(self)
        if getattr(self, '_tl_id', 0) and type(self)._get is q_get:
            self._tl_gets += 1
            _record(EVENT_RECEIVE, ROLE_QUEUE, self._tl_id, self._tl_gets)
        return item

    def q_blocking_get(self, block=True, timeout=None):
        obj = getattr(self, '_tl_id', 0)
        if not obj or not block or self._qsize() > 0:
            return blocking_get(self, block, timeout)
        _record(EVENT_WAIT_BEGIN, ROLE_QUEUE, obj)
        try:
            return blocking_get(self, block, timeout)
        finally:
            _record(EVENT_WAIT_END, ROLE_QUEUE, obj)

    Queue.__init__ = q_init
    Queue._put = q_put
    Queue._get = q_get
    Queue.get = q_blocking_get


# ---- multiprocessing -------------------------------------------------------------------

def _patch_processes(mp_process):
    BaseProcess = mp_process.BaseProcess
    bootstrap = BaseProcess._bootstrap

    def process_bootstrap(self, *args, **kwargs):
        _lib.threadline_py_name_process(_text(self.name))
        _lib.threadline_py_name_thread(0, b'MainThread')
        return bootstrap(self, *args, **kwargs)

    BaseProcess._bootstrap = process_bootstrap


def _patch_synchronize(mp_sync):
    import multiprocessing.context as mp_context

    plumbing = (mp_context.__file__,)
    SemLock = mp_sync.SemLock
    init = SemLock.__init__
    roles = {mp_sync.Lock: ('Lock', ROLE_MUTEX), mp_sync.RLock: ('RLock', ROLE_RLOCK),
             mp_sync.Semaphore: ('Semaphore', ROLE_SEMAPHORE),
             mp_sync.BoundedSemaphore: ('BoundedSemaphore', ROLE_SEMAPHORE)}

    def semlock_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        kind = roles.get(type(self))
        if kind is None:
            return
        name = _creator(self, plumbing)
        if name is not None:
            _lib.threadline_py_register_semlock(self._semlock.handle, kind[1], 0,
                                                _text(name or _number(kind[0])))

    SemLock.__init__ = semlock_init


def _register_mp_queue(q, name):
    """The pipe of a multiprocessing queue carries its messages; a process
    waiting for its reader lock waits for the queue."""
    obj = _lib.threadline_py_register_channel(q._writer.fileno(), ROLE_QUEUE, _text(name))
    if obj and getattr(q, '_rlock', None) is not None:
        _lib.threadline_py_register_semlock(q._rlock._semlock.handle, ROLE_QUEUE, obj, _text(name))
    return obj


def _patch_mp_queues(mp_queues):
    import multiprocessing.context as mp_context

    plumbing = (mp_context.__file__,)
    for cls in (mp_queues.Queue, mp_queues.SimpleQueue):
        original = cls.__init__

        def q_init(self, *args, _original=original, _kind=cls.__name__, **kwargs):
            _original(self, *args, **kwargs)
            name = _creator(self, plumbing)
            if name is not None:
                _register_mp_queue(self, name or _number(_kind))

        cls.__init__ = q_init


def _patch_pool(mp_pool):
    import multiprocessing.context as mp_context

    Pool = mp_pool.Pool
    plumbing = (mp_context.__file__,)
    setup_queues = Pool._setup_queues
    apply_async = Pool.apply_async
    map_async = Pool._map_async
    guarded = Pool._guarded_task_generation
    result_wait = mp_pool.ApplyResult.wait

    # Before the workers start, so that they inherit what we say.
    def pool_setup_queues(self):
        setup_queues(self)
        self._tl_results = 0
        name = _creator(self, plumbing)
        if name is None or not hasattr(self._inqueue, '_writer'):
            return
        name = name or _number('Pool')
        _register_mp_queue(self._inqueue, name + ' tasks')
        self._tl_results = _register_mp_queue(self._outqueue, name + ' results')

    def pool_apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        return apply_async(self, _TaskCall(func), args, kwds, callback,
                           _reporting(error_callback))

    def pool_map_async(self, func, iterable, mapper, chunksize=None, callback=None,
                       error_callback=None):
        return map_async(self, func, iterable, mapper, chunksize, callback,
                         _reporting(error_callback))

    def pool_guarded(self, result_job, func, iterable):
        if func is not mapstar and func is not starmapstar:
            func = _TaskCall(func)
        return guarded(self, result_job, func, iterable)

    def result_waits(self, timeout=None):
        obj = getattr(self._pool, '_tl_results', 0) if self._pool is not None else 0
        if not obj or self.ready():
            return result_wait(self, timeout)
        _record(EVENT_WAIT_BEGIN, ROLE_QUEUE, obj)
        try:
            return result_wait(self, timeout)
        finally:
            _record(EVENT_WAIT_END, ROLE_QUEUE, obj)

    def mapstar(args):
        return [_run_task(args[0], (x,)) for x in args[1]]

    def starmapstar(args):
        return [_run_task(args[0], tuple(x)) for x in args[1]]

    # They travel to the workers by name: they must be found under it.
    for f, original in ((mapstar, mp_pool.mapstar), (starmapstar, mp_pool.starmapstar)):
        f.__module__ = original.__module__
        f.__qualname__ = original.__qualname__
    mp_pool.mapstar = mapstar
    mp_pool.starmapstar = starmapstar
    Pool._setup_queues = pool_setup_queues
    Pool.apply_async = pool_apply_async
    Pool._map_async = pool_map_async
    Pool._guarded_task_generation = pool_guarded
    mp_pool.ApplyResult.wait = result_waits


# ---- tasks ----------------------------------------------------------------------------

def _describe_call(func, args):
    name = getattr(func, '__name__', None) or type(func).__name__
    shown = ', '.join(repr(a) if len(repr(a)) <= 24 else repr(a)[:23] + '…' for a in args[:3])
    if len(args) > 3:
        shown += ', …'
    return '%s(%s)' % (name, shown)


def _run_task(func, args, kwargs=None):
    task = _lib.threadline_py_task_begin(_text(_describe_call(func, args)),
                                         _int_arg(args[0]) if args else 0)
    try:
        result = func(*args, **(kwargs or {}))
    except BaseException as e:
        error = _lib.threadline_py_error_raised(_text('%s: %s' % (type(e).__name__, e)))
        try:
            e._threadline_error = error
        except Exception:
            pass
        _lib.threadline_py_task_end(task, 0, 1)
        raise
    _lib.threadline_py_task_end(task, _int_arg(result), 0)
    return result


class _TaskCall(object):
    """A pool task: calls the function the programmer gave, as a task span
    named after it.  Pickled by reference to this module, which every
    traced Python process has imported."""

    __slots__ = ('func',)

    def __init__(self, func):
        self.func = func

    def __call__(self, *args, **kwargs):
        return _run_task(self.func, args, kwargs)

    def __reduce__(self):
        return (_TaskCall, (self.func,))


def _reporting(error_callback):
    """An error callback that first says where the error is reported."""
    if error_callback is None:
        return None

    def report(error):
        raised = getattr(error, '_threadline_error', 0)
        if raised:
            _record(EVENT_ERROR_REPORTED, ROLE_ERROR, raised)
        return error_callback(error)

    return report


# ---- concurrent.futures ----------------------------------------------------------------

def _patch_futures(cf_thread):
    import concurrent.futures._base as base
    import queue

    global _futures_id
    run = cf_thread._WorkItem.run
    result = base.Future.result
    init = cf_thread.ThreadPoolExecutor.__init__

    def item_run(self):
        task = _lib.threadline_py_task_begin(_text(_describe_call(self.fn, self.args)),
                                             _int_arg(self.args[0]) if self.args else 0)
        try:
            run(self)
        finally:
            f = self.future
            failed = f.done() and not f.cancelled() and f._exception is not None
            value = f._result if f.done() and not f.cancelled() and not failed else 0
            _lib.threadline_py_task_end(task, _int_arg(value), 1 if failed else 0)

    def future_result(self, timeout=None):
        if self.done() or not _futures_id:
            return result(self, timeout)
        _record(EVENT_WAIT_BEGIN, ROLE_EVENT, _futures_id)
        try:
            return result(self, timeout)
        finally:
            _record(EVENT_WAIT_END, ROLE_EVENT, _futures_id)

    class _TaskQueue(queue.SimpleQueue):
        """The executor's queue of work items, shown as a queue: an arrow
        from the thread that submits to the worker that takes it."""

        def put(self, item, block=True, timeout=None):
            self._tl_puts += 1
            _record(EVENT_SEND, ROLE_QUEUE, self._tl_id, self._tl_puts)
            return super().put((self._tl_puts, item), block, timeout)

        def put_nowait(self, item):
            return self.put(item, False)

        def get(self, block=True, timeout=None):
            waits = block and self.empty()
            if waits:
                _record(EVENT_WAIT_BEGIN, ROLE_QUEUE, self._tl_id)
            try:
                seq, item = super().get(block, timeout)
            finally:
                if waits:
                    _record(EVENT_WAIT_END, ROLE_QUEUE, self._tl_id)
            _record(EVENT_RECEIVE, ROLE_QUEUE, self._tl_id, seq)
            return item

        def get_nowait(self):
            return self.get(False)

    def executor_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        name = _creator(self)
        if name is None:
            return
        work = _TaskQueue()
        work._tl_id = _new_object(ROLE_QUEUE, (name or _number('ThreadPoolExecutor')) + ' tasks')
        work._tl_puts = 0
        self._work_queue = work

    _futures_id = _new_object(ROLE_EVENT, 'futures')
    cf_thread._WorkItem.run = item_run
    base.Future.result = future_result
    cf_thread.ThreadPoolExecutor.__init__ = executor_init


def _patch_resource_tracker(tracker):
    main = tracker.main

    def tracker_main(*args, **kwargs):
        _lib.threadline_py_name_process(b'resource_tracker')
        return main(*args, **kwargs)

    tracker.main = tracker_main


# ---- patching modules as they are imported -----------------------------------------------

# What to change in each module, when (and only if) the program imports it:
# importing multiprocessing up front would cost every program tens of ms.
_PATCHES = {
    'threading': _patch_threading,
    'queue': _patch_queue,
    'multiprocessing.process': _patch_processes,
    'multiprocessing.synchronize': _patch_synchronize,
    'multiprocessing.queues': _patch_mp_queues,
    'multiprocessing.pool': _patch_pool,
    'multiprocessing.resource_tracker': _patch_resource_tracker,
    'concurrent.futures.thread': _patch_futures,
}


class _PatchingLoader(object):
    def __init__(self, loader, patch):
        self._loader = loader
        self._patch = patch

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        try:
            self._patch(module)
        except Exception:
            pass

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _PatchOnImport(object):
    """A finder that lets the others find the module, then has its code
    run and patched."""

    def __init__(self):
        self._finding = set()

    def find_spec(self, name, path=None, target=None):
        patch = _PATCHES.get(name)
        if patch is None or name in self._finding:
            return None
        # These are Python's own modules: the path finder finds them (and
        # importlib.util would cost a program what it costs to import).
        from importlib.machinery import PathFinder
        self._finding.add(name)
        try:
            spec = PathFinder.find_spec(name, path)
        finally:
            self._finding.discard(name)
        if spec is None or spec.loader is None or not hasattr(spec.loader, 'exec_module'):
            return None
        spec.loader = _PatchingLoader(spec.loader, patch)
        return spec


def _patch_modules():
    for name, patch in _PATCHES.items():
        if name in sys.modules:
            patch(sys.modules[name])
    sys.meta_path.insert(0, _PatchOnImport())


# ---- start-up -------------------------------------------------------------------------

def _clean_environment():
    """The program sees its own environment: ours is only in the C library's
    copy, which the programs it runs inherit."""
    env = os.environ
    data = env._data
    for key in [k for k in env if k.startswith('THREADLINE_PRELOAD_')]:
        del data[env.encodekey(key)]

    def strip(key, ours, separators):
        value = env.get(key)
        if value is None:
            return
        for separator in separators[1:]:
            value = value.replace(separator, separators[0])
        kept = [p for p in value.split(separators[0]) if p and not ours(p)]
        if kept:
            data[env.encodekey(key)] = env.encodevalue(':'.join(kept))
        else:
            del data[env.encodekey(key)]

    strip('LD_PRELOAD', lambda p: os.path.basename(p) == PRELOAD_LIB, ': ')
    strip('PYTHONPATH', lambda p: os.path.abspath(p) == HERE, ':')
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]


def install():
    global _lib, _locks_ok, _library_dirs
    import site

    try:
        lib = _bind()
    except (ImportError, OSError, AttributeError):
        return False
    if lib is None:
        return False
    root = lib.threadline_py_hello()
    if root < 0:
        return False
    _lib = lib
    # Python's own library, and what is installed for it: not the programmer's.
    libraries = [os.path.dirname(os.__file__)] + list(getattr(site, 'getsitepackages', list)())
    _library_dirs = tuple(os.path.join(d, '') for d in libraries) + (HERE + os.sep,)
    _clean_environment()
    if root == 1:
        _lib.threadline_py_name_process(b'MainProcess')
    _lib.threadline_py_name_thread(0, b'MainThread')
    try:
        _locks_ok = _check_lock_layout()
    except Exception:
        _locks_ok = False
    _patch_modules()
    return True
