#!/usr/bin/python3
"""Conformance adapter for dns-lexicon's Aliyun provider (Debian python3-lexicon,
lexicon.providers.aliyun), speaking conformance/PROTOCOL.md version 1. Run with
/usr/bin/python3.

What it calls (nothing re-implemented):
  * Provider._calculate_signature(http_method, query_params): sorts the parameters, builds
    the canonical query with urllib.parse.urlencode, the string to sign with quote_plus, and
    HMAC-SHA1s it with secret + "&". The canonical query and the string to sign are observed
    as the result of its urlencode call and the message of its hmac.new call (the module's
    `urllib` and `hmac` are wrapped while it runs).
  * Provider._build_signature_parameters(): SignatureMethod, SignatureVersion, SignatureNonce,
    Timestamp and AccessKeyId, as lexicon makes them (with its clock and nonce pinned).
  * encode and canonicalize run _calculate_signature on {"a": text} and on the pairs; encode
    reports the value's part of the observed canonical query ("a=" stripped).
  * sign: the parameters are assembled in lexicon's order (_request_aliyun: the API
    parameters, then the default parameters, then the signature parameters, later ones
    winning). lexicon's _build_default_query_params is Alibaba Cloud DNS specific (DomainName,
    Format "json", Version "2015-01-09"), so the adapter gives Action, Format and Version
    from the case instead. The url is what lexicon's _request sends,
    requests.request("GET", endpoint, params=query_params), prepared with
    requests.Request(...).prepare() and never sent (the endpoint is the case's instead of
    lexicon's fixed https://alidns.aliyuncs.com).

Clock and nonce: _build_signature_parameters reads datetime.datetime.utcnow() and
uuid.uuid4(); while it runs the module's `datetime` and `uuid` are replaced by shims that
return the case's clock reading (or its timestamp's instant) and nonce (lexicon formats the
instant itself: isoformat() after dropping microseconds, plus "Z"). The provider is built from an explicit
ConfigResolver dict (no environment, no config files) and nothing touches the network.

What lexicon cannot express is answered `skipped`: it signs GET only, has no STS
security-token option, and takes a dict (no duplicate names). Python strings hold lone
surrogates, so utf16-text is declared; lexicon's refusal to encode one (UnicodeEncodeError)
is mapped to invalid-unicode, and its refusal of an empty access key id or secret (ValueError
"... is not specified, did you forget that?") to invalid-credentials.
"""

import contextlib
import datetime as real_datetime
import hmac as real_hmac
import os
import sys
import types
import urllib as real_urllib
import urllib.parse

sys.dont_write_bytecode = True  # keep the repository free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import requests  # noqa: E402
import lexicon.providers.aliyun as aliyun  # noqa: E402
from lexicon.config import ConfigResolver  # noqa: E402

from _protocol import (Skip, debian_version, instant_of, pairs_to_dict, raised_in,  # noqa: E402
                       serve, text)


def provider(key_id, secret):
    config = ConfigResolver().with_dict({
        "provider_name": "aliyun", "domain": "example.com",
        "aliyun": {"auth_key_id": key_id, "auth_secret": secret},
    })
    return aliyun.Provider(config)


@contextlib.contextmanager
def observed(instant=None, nonce=None):
    seen = {"canonical": None, "string_to_sign": None}
    saved = (aliyun.urllib, aliyun.hmac, aliyun.datetime, aliyun.uuid)

    def urlencode(query, *args, **kwargs):
        result = real_urllib.parse.urlencode(query, *args, **kwargs)
        seen["canonical"] = result
        return result

    def hmac_new(key, msg=None, digestmod=""):
        seen["string_to_sign"] = msg
        return real_hmac.new(key, msg, digestmod)

    parse = types.SimpleNamespace(urlencode=urlencode, quote_plus=real_urllib.parse.quote_plus)
    aliyun.urllib = types.SimpleNamespace(parse=parse)
    aliyun.hmac = types.SimpleNamespace(new=hmac_new)
    if instant is not None:
        naive_utc = instant.astimezone(real_datetime.timezone.utc).replace(tzinfo=None)
        aliyun.datetime = types.SimpleNamespace(
            datetime=types.SimpleNamespace(utcnow=lambda: naive_utc))
    if nonce is not None:
        aliyun.uuid = types.SimpleNamespace(uuid4=lambda: nonce)
    try:
        yield seen
    finally:
        aliyun.urllib, aliyun.hmac, aliyun.datetime, aliyun.uuid = saved



def encode(input):
    with observed() as seen:
        provider("id", "secret")._calculate_signature("GET", {"a": text(input["text"])})
    canonical = seen["canonical"]
    assert canonical.startswith("a="), canonical
    return {"encoded": canonical[2:]}


def canonicalize(input):
    params = pairs_to_dict(input["pairs"], "lexicon")
    with observed() as seen:
        provider("id", "secret")._calculate_signature("GET", params)
    return {"canonicalQuery": seen["canonical"]}


def sign(input):
    if input["method"] != "GET":
        raise Skip("lexicon signs GET only")
    if input.get("securityToken") is not None:
        raise Skip("lexicon's Aliyun provider has no STS security-token option")
    query_params = pairs_to_dict(input["params"], "lexicon")
    p = provider(input["accessKeyId"], input["accessKeySecret"])
    # The clock reading to pin is "clock" when the case gives one (PROTOCOL.md, sign), else the
    # timestamp's instant; lexicon cuts the sub-seconds itself (replace(microsecond=0)).
    instant = instant_of(input.get("clock") or input["timestamp"], "lexicon")
    with observed(instant, input["nonce"]) as seen:
        query_params.update({"Action": input["action"], "Format": input["format"],
                             "Version": input["version"]})
        query_params.update(p._build_signature_parameters())
        signature = p._calculate_signature("GET", query_params)
    query_params.update({"Signature": signature})
    endpoint = "%s://%s/" % (input["protocol"], input["endpoint"])
    url = requests.Request("GET", endpoint, params=query_params).prepare().url
    string_to_sign = seen["string_to_sign"]
    if isinstance(string_to_sign, bytes):
        string_to_sign = string_to_sign.decode("utf-8")
    return {"canonicalQuery": seen["canonical"], "stringToSign": string_to_sign,
            "signature": signature, "url": url, "body": None}


OPERATIONS = {"encode": encode, "canonicalize": canonicalize, "sign": sign}


def run(operation, input):
    if operation not in OPERATIONS:
        raise Skip("operation not supported: %s" % operation)
    return OPERATIONS[operation](input)


def refusal(error):
    if not (raised_in(error, "/lexicon/") or raised_in(error, "/urllib/")
            or raised_in(error, "/requests/")):
        return None
    if isinstance(error, UnicodeError):
        return "invalid-unicode"
    if isinstance(error, ValueError) and "is not specified" in str(error):
        # _build_signature_parameters / _calculate_signature refuse an empty access key id or
        # secret ("auth-key-id (access key id) is not specified, did you forget that?").
        return "invalid-credentials"
    return "unknown"


def version():
    try:
        import importlib.metadata
        fallback = importlib.metadata.version("dns-lexicon")
    except Exception:  # noqa: BLE001
        fallback = "unknown"
    return debian_version("python3-lexicon", fallback)


if __name__ == "__main__":
    serve({"name": "lexicon", "version": version(),
           "operations": list(OPERATIONS),
           "features": ["utf16-text", "xml-format", "custom-version"]},
          run, refusal)
