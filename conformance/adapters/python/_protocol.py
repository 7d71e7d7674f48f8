"""The adapter side of conformance/PROTOCOL.md (version 1) for the Python adapters.

Reads one JSON message a line from stdin and writes one a line to stdout; logs go to stderr.
Run with Debian's /usr/bin/python3 (the libraries come from Debian packages).
"""

import datetime
import json
import struct
import subprocess
import sys
import traceback


class Skip(Exception):
    """The implementation cannot express this input."""


class Refused(Exception):
    """The implementation refused the input; code is a stable code of PROTOCOL.md section 5."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def text(value):
    """A case's Text: a JSON string, or {"utf16": [code units]} (lone surrogates kept)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("utf16"), list):
        units = value["utf16"]
        return struct.pack("<%dH" % len(units), *units).decode("utf-16-le", "surrogatepass")
    raise TypeError("not a Text: %r" % (value,))


def pairs_to_dict(pairs, what):
    """Name/value pairs as the dict these implementations take (no duplicate names)."""
    params = {}
    for name, value in pairs:
        name = text(name)
        if name in params:
            raise Skip("%s takes a dict: the duplicate name %r cannot be expressed" % (what, name))
        params[name] = text(value)
    return params


def instant_of(timestamp, implementation):
    """The aware datetime a case's timestamp (or clock) names, to pin `implementation`'s clock to."""
    try:
        value = datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        raise Skip("timestamp is not an instant %s's clock can be pinned to: %r"
                   % (implementation, timestamp))
    if value.tzinfo is None:
        raise Skip("timestamp has no time zone: %r" % timestamp)
    return value


def debian_version(package, fallback):
    """The exact version of the Debian package that provides the implementation."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", package],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        return out or fallback
    except Exception:  # noqa: BLE001 - dpkg-query missing: fall back to the library's own
        return fallback


def log(message):
    print(message, file=sys.stderr, flush=True)


def serve(hello, run, refusal):
    """Serves the protocol. run(operation, input) returns the output or raises Skip/Refused;
    refusal(exception) maps an exception raised by the implementation to a code, or None when
    the exception is an adapter failure."""
    sys.stdin.reconfigure(encoding="utf-8", errors="strict")
    sys.stdout.reconfigure(encoding="utf-8")
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            message = json.loads(line)
        except ValueError as error:
            log("adapter: not JSON: %s" % error)
            continue
        if message.get("type") == "hello":
            answer = dict(type="hello", protocol=1, **hello)
            out.write(json.dumps(answer, separators=(",", ":")) + "\n")
            out.flush()
            if message.get("protocol") != 1:
                break
            continue
        if message.get("type") != "case":
            log("adapter: ignoring message of type %r" % message.get("type"))
            continue
        case_id = message.get("id")
        try:
            answer = {"id": case_id, "status": "ok",
                      "output": run(message.get("operation"), message.get("input"))}
        except Skip as error:
            answer = {"id": case_id, "status": "skipped", "reason": str(error)}
        except Refused as error:
            answer = {"id": case_id, "status": "error", "code": error.code, "message": str(error)}
        except Exception as error:  # noqa: BLE001
            code = refusal(error)
            if code is None:
                log("adapter: case %s:\n%s" % (case_id, traceback.format_exc()))
                answer = {"id": case_id, "status": "internal",
                          "message": "%s: %s" % (type(error).__name__, error)}
            else:
                answer = {"id": case_id, "status": "error", "code": code,
                          "message": "%s: %s" % (type(error).__name__, error)}
        # ensure_ascii keeps lone surrogates representable (as \udXXX escapes).
        out.write(json.dumps(answer, ensure_ascii=True, separators=(",", ":")) + "\n")
        out.flush()
    sys.exit(0)


def raised_in(error, module_file_fragment):
    """Whether the exception was raised from inside the implementation's code."""
    return any(module_file_fragment in frame.filename
               for frame in traceback.extract_tb(error.__traceback__))
