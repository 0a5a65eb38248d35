"""Django's test set-up records every template a response renders, with a copy of its context
at that moment, for the test client's `response.context` and `response.templates`. Copying the
context at every template and include costs about a tenth of this suite's time, on pages whose
tests read only what the page shows; so the suite turns the records off (conftest), and a test
that reads `response.context` keeps them where it needs them (`with template_records.kept():`)."""

import contextlib

from django.template import Template
from django.test.utils import _TestState, instrumented_test_render


def stop():
    """Templates render as outside tests (the renderer Django's test set-up saved)."""
    Template._render = _TestState.saved_data.template_render


@contextlib.contextmanager
def kept():
    Template._render = instrumented_test_render
    try:
        yield
    finally:
        stop()
