#!/usr/bin/python3
"""Conformance adapter for Apache Libcloud's Aliyun signer (Debian python3-libcloud,
libcloud.common.aliyun), speaking conformance/PROTOCOL.md version 1. Run with /usr/bin/python3.

What it calls (nothing re-implemented):
  * encode:       libcloud.common.aliyun._percent_encode(text).
  * canonicalize: AliyunRequestSignerAlgorithmV1_0._sign_request(params, "GET", "/"), the
                  routine that sorts, encodes and signs; the canonical query is observed as
                  the argument of its urlquote(..., safe='-_.~') call (the module's urlquote
                  is wrapped while it runs).
  * sign:         the signer of a SignedAliyunConnection(user_id, key, api_version=version),
                  through its public get_request_params(params, method, path="/"), which
                  itself adds Format, Version, AccessKeyId, SignatureMethod,
                  SignatureVersion, SignatureNonce and Timestamp and then the Signature.
                  The string to sign is observed as the message passed to hmac.new (the
                  module's hmac is wrapped while it runs). url/body are built by libcloud's
                  Connection.request, which is not called (it would send), so they are not
                  reported.

Clock and nonce: get_request_params reads time.gmtime() and _get_signature_nonce()
(uuid.uuid4()); the adapter pins them while it runs: the module's `time` is replaced by a
shim whose gmtime() returns the case's clock reading, or its timestamp's instant (strftime is the real one, so libcloud formats
it itself), and the module's _get_signature_nonce returns the case's nonce. Nothing touches
the network: constructing a connection does not connect.

What libcloud cannot express is answered `skipped`: its signer always sets Format=XML
(a case with another format is skipped), it has no STS security-token option, and it takes a
dict (no duplicate names). Python strings hold lone surrogates, so utf16-text is declared;
libcloud's refusal to encode one (UnicodeEncodeError) is mapped to invalid-unicode.
"""

import contextlib
import hmac as real_hmac
import os
import sys
import time as real_time
import types

sys.dont_write_bytecode = True  # keep the repository free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import libcloud  # noqa: E402
import libcloud.common.aliyun as aliyun  # noqa: E402

from _protocol import (Skip, debian_version, instant_of, pairs_to_dict, raised_in,  # noqa: E402
                       serve, text)


@contextlib.contextmanager
def observed(instant=None, nonce=None):
    """Wraps libcloud.common.aliyun's urlquote and hmac to record what its signer computes,
    and pins its clock and nonce when given."""
    seen = {"canonical": None, "string_to_sign": None}
    saved = (aliyun.urlquote, aliyun.hmac, aliyun.time, aliyun._get_signature_nonce)
    real_urlquote = aliyun.urlquote

    def urlquote(s, safe="/"):
        if safe == "-_.~":  # _sign_request's quote of the joined canonical query
            seen["canonical"] = s
        return real_urlquote(s, safe)

    def hmac_new(key, msg=None, digestmod=""):
        seen["string_to_sign"] = msg
        return real_hmac.new(key, msg, digestmod=digestmod)

    aliyun.urlquote = urlquote
    aliyun.hmac = types.SimpleNamespace(new=hmac_new)
    if instant is not None:
        aliyun.time = types.SimpleNamespace(
            gmtime=lambda *args: real_time.gmtime(instant.timestamp()),
            strftime=real_time.strftime)
    if nonce is not None:
        aliyun._get_signature_nonce = lambda: nonce
    try:
        yield seen
    finally:
        aliyun.urlquote, aliyun.hmac, aliyun.time, aliyun._get_signature_nonce = saved



def encode(input):
    return {"encoded": aliyun._percent_encode(text(input["text"]))}


def canonicalize(input):
    params = pairs_to_dict(input["pairs"], "libcloud")
    signer = aliyun.AliyunRequestSignerAlgorithmV1_0("id", "secret", "2014-05-26")
    with observed() as seen:
        signer._sign_request(params, "GET", "/")
    return {"canonicalQuery": seen["canonical"]}


def sign(input):
    if input["format"] != "XML":
        raise Skip("libcloud's signer always sends Format=XML")
    if input.get("securityToken") is not None:
        raise Skip("libcloud's Aliyun signer has no STS security-token option")
    params = pairs_to_dict(input["params"], "libcloud")
    params["Action"] = input["action"]  # libcloud's drivers put Action among the params
    connection = aliyun.SignedAliyunConnection(
        input["accessKeyId"], input["accessKeySecret"],
        secure=input["protocol"] == "https", host=input["endpoint"],
        api_version=input["version"])
    # The clock reading to pin is "clock" when the case gives one (PROTOCOL.md, sign), else the
    # timestamp's instant; libcloud cuts the sub-seconds itself (time.gmtime, strftime).
    instant = instant_of(input.get("clock") or input["timestamp"], "libcloud")
    with observed(instant, input["nonce"]) as seen:
        signed = connection.signer.get_request_params(params, method=input["method"], path="/")
    string_to_sign = seen["string_to_sign"]
    if isinstance(string_to_sign, bytes):
        string_to_sign = string_to_sign.decode("utf-8")
    return {"canonicalQuery": seen["canonical"], "stringToSign": string_to_sign,
            "signature": signed["Signature"]}


OPERATIONS = {"encode": encode, "canonicalize": canonicalize, "sign": sign}


def run(operation, input):
    if operation not in OPERATIONS:
        raise Skip("operation not supported: %s" % operation)
    return OPERATIONS[operation](input)


def refusal(error):
    if not raised_in(error, "/libcloud/"):
        return None
    if isinstance(error, UnicodeError):
        return "invalid-unicode"
    return "unknown"


if __name__ == "__main__":
    serve({"name": "libcloud",
           "version": debian_version("python3-libcloud", libcloud.__version__),
           "operations": list(OPERATIONS),
           "features": ["utf16-text", "post", "xml-format", "custom-version"]},
          run, refusal)
