# sitecustomize.py: Threadline's door into a traced Python program.
#
# threadline-tracer puts this folder first on PYTHONPATH, so Python runs
# this file at start-up, before the program, without any change to it.  It
# loads _threadline (the helper, in this folder), which tells the
# interposer already in the process which objects are the programmer's.
# Then it runs the sitecustomize this one hides, if there is one (Debian
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


def _threadline_run_hidden_sitecustomize():
    import os
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    for entry in sys.path:
        folder = os.path.abspath(entry or os.curdir)
        path = os.path.join(folder, 'sitecustomize.py')
        if folder == here or not os.path.isfile(path):
            continue
        spec = importlib.util.spec_from_file_location('_sitecustomize_hidden', path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception:
            pass
        return


_threadline_start()
_threadline_run_hidden_sitecustomize()
del _threadline_start, _threadline_run_hidden_sitecustomize
