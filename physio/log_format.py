"""Log records as JSON lines (``LOG_FORMAT=json``), one object per line, for log shippers."""

import json
import logging
from datetime import UTC, datetime


class JsonLines(logging.Formatter):
    """time, level, logger, message, and the traceback (as text) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        return json.dumps(entry, ensure_ascii=False)
