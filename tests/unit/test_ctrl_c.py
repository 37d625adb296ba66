"""While an apply's calls run, Ctrl-C asks it to stop instead of raising mid-bookkeeping; after, Ctrl-C raises again."""

import os
import signal
import threading

from wizard.cloud.apply.ctrl_c import ctrl_c_sets


def test_ctrl_c_inside_sets_the_stop_event_and_outside_raises_again():
    stop, before = threading.Event(), signal.getsignal(signal.SIGINT)
    with ctrl_c_sets(stop) as ctrl_c:
        os.kill(os.getpid(), signal.SIGINT)
        assert stop.wait(5) and ctrl_c.pressed  # no KeyboardInterrupt between two journal lines
    assert signal.getsignal(signal.SIGINT) is before  # afterwards Ctrl-C raises KeyboardInterrupt as before


def test_outside_the_main_thread_it_changes_nothing():
    seen = []

    def worker():
        with ctrl_c_sets(threading.Event()) as ctrl_c:
            seen.append(signal.getsignal(signal.SIGINT))
            seen.append(ctrl_c.pressed)
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [signal.default_int_handler, False]
