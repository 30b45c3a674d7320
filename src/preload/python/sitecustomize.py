# sitecustomize.py: Threadline's door into a traced Python program.
#
# threadline-tracer puts this folder first on PYTHONPATH, so Python runs
# this file at start-up, before the program, without any change to it.  It
# loads _threadline (the helper, in this folder), which tells the
# interposer already in the process which objects are the programmer's.
# Then it imports the sitecustomize this one hides, if there is one (Debian
# ships one), so the program starts as it would untraced.
#
# Nothing here may stop the program: any failure leaves it untraced by the
# helper (the interposer still records processes, threads and the GIL).

import sys


def _threadline_start():
    try:
        import _threadline
        _threadline.install()
    except Exception:
        pass


def _threadline_import_hidden_sitecustomize():
    import os

    # This folder leaves the path (the program's path is its own), and the
    # next sitecustomize on it is imported as Python would have, from its
    # cached bytecode.
    here = os.path.dirname(os.path.abspath(__file__))
    ours = sys.modules.get('sitecustomize')
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    del sys.modules['sitecustomize']
    try:
        import sitecustomize
    except Exception:
        pass
    finally:
        sys.modules['sitecustomize'] = ours


_threadline_start()
_threadline_import_hidden_sitecustomize()
del _threadline_start, _threadline_import_hidden_sitecustomize
