"""A complete conformance adapter: the RPC signature (version 1.0) in Python, standard library only.
Run it with: deno run -A jsr:@acs/rpc/conformance --adapter mine="python3 adapter.py" """
import base64, hashlib, hmac, json, sys
from urllib.parse import quote

def encode(text):  # UTF-8, every byte but A-Z a-z 0-9 - _ . ~ as %XY (upper-case hex)
    return quote(text, safe="", encoding="utf-8", errors="strict")

def canonicalize(pairs):  # sorted by name, comparing UTF-16 code units as the rules do
    pairs = sorted(pairs, key=lambda pair: pair[0].encode("utf-16-be", "surrogatepass"))
    return "&".join(encode(name) + "=" + encode(value) for name, value in pairs)

def sign(i):
    pairs = [("Action", i["action"]), ("Format", i["format"]), ("Version", i["version"]),
             ("AccessKeyId", i["accessKeyId"]), ("SignatureMethod", "HMAC-SHA1"),
             ("SignatureVersion", "1.0"), ("SignatureNonce", i["nonce"]),
             ("Timestamp", i["timestamp"])] + [tuple(pair) for pair in i["params"]]
    if i["securityToken"] is not None:
        pairs.append(("SecurityToken", i["securityToken"]))
    query = canonicalize(pairs)
    string_to_sign = i["method"] + "&%2F&" + encode(query)
    key = (i["accessKeySecret"] + "&").encode("utf-8")
    signature = base64.b64encode(hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha1).digest()).decode()
    fields, base = query + "&Signature=" + encode(signature), i["protocol"] + "://" + i["endpoint"] + "/"
    get = i["method"] == "GET"
    return {"canonicalQuery": query, "stringToSign": string_to_sign, "signature": signature,
            "url": base + "?" + fields if get else base, "body": None if get else fields}

OPERATIONS = {"encode": lambda i: {"encoded": encode(i["text"])},
              "canonicalize": lambda i: {"canonicalQuery": canonicalize(i["pairs"])}, "sign": sign}
for line in sys.stdin:  # one JSON message a line; answers on stdout, logs on stderr only
    message = json.loads(line)
    if message["type"] == "hello":
        answer = {"type": "hello", "protocol": 1, "name": "mine-python", "version": "1.0.0",
                  "operations": list(OPERATIONS), "profiles": ["core"],
                  "features": ["post", "security-token", "xml-format", "custom-version"]}
    else:
        answer = {"id": message["id"], "status": "ok",
                  "output": OPERATIONS[message["operation"]](message["input"])}
    print(json.dumps(answer), flush=True)
