"""Log filters that ``LOGGING`` in the settings names."""

from __future__ import annotations

import logging


class AtDebugLevel(logging.Filter):
    """Log a logger's records at DEBUG level, whatever level it gave them: they reach the
    handlers only where the log is kept at debug level.

    Set on the logger, this filter runs after the logger's own level check and before
    the handlers, which do not check the level again.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.DEBUG, logging.getLevelName(logging.DEBUG)
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)
