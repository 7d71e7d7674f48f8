// deno-fmt-ignore-file -- kept line for line with adapter.mjs.
// adapter.mjs with three classic mistakes, to show how the runner names them (and for its tests):
// "+" for a space, ! ' ( ) * left unencoded, and milliseconds in the Timestamp.
// Run it with: deno run -A jsr:@acs/rpc/conformance --adapter buggy="node buggy_adapter.mjs"
import { createHmac } from "node:crypto";
import process from "node:process";
import { createInterface } from "node:readline";

const text = (t) => typeof t === "string" ? t : String.fromCharCode(...t.utf16); // {"utf16": [...]}
// UTF-8, every byte but A-Z a-z 0-9 - _ . ~ as %XY; encodeURIComponent throws URIError on a lone surrogate.
const encode = (s) => encodeURIComponent(s).replaceAll("%20", "+"); // BUG: "+" for a space; BUG: !'()* kept
const byName = ([a], [b]) => a < b ? -1 : a > b ? 1 : 0; // by UTF-16 code unit, as the rules sort
const canonicalize = (pairs) =>
  pairs.map(([n, v]) => [text(n), text(v)]).sort(byName).map(([n, v]) => `${encode(n)}=${encode(v)}`).join("&");

function sign(i) {
  const pairs = [["Action", i.action], ["Format", i.format], ["Version", i.version], ["AccessKeyId", i.accessKeyId],
    ["SignatureMethod", "HMAC-SHA1"], ["SignatureVersion", "1.0"], ["SignatureNonce", i.nonce],
    ["Timestamp", new Date(i.timestamp).toISOString()], // BUG: "….000Z"
    ...i.params, ...(i.securityToken === null ? [] : [["SecurityToken", i.securityToken]])];
  const canonicalQuery = canonicalize(pairs);
  const stringToSign = `${i.method}&%2F&${encode(canonicalQuery)}`;
  const signature = createHmac("sha1", `${text(i.accessKeySecret)}&`).update(stringToSign).digest("base64");
  const fields = `${canonicalQuery}&Signature=${encode(signature)}`, base = `${i.protocol}://${i.endpoint}/`;
  const get = i.method === "GET"; // GET: every field in the query; POST: in a form body
  return { canonicalQuery, stringToSign, signature, url: get ? `${base}?${fields}` : base, body: get ? null : fields };
}

const operations = { encode: (i) => ({ encoded: encode(text(i.text)) }),
  canonicalize: (i) => ({ canonicalQuery: canonicalize(i.pairs) }), sign };
function answer({ id, operation, input }) {
  try {
    return { id, status: "ok", output: operations[operation](input) };
  } catch (error) { // the one refusal the core profile asks for: text that has no UTF-8 form
    if (error instanceof URIError) return { id, status: "error", code: "invalid-unicode" };
    return { id, status: "internal", message: String(error) };
  }
}
// One JSON message a line on stdin and stdout (logs go to stderr only). The runner escapes U+2028 and
// U+2029, at which readline would also break a line.
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  const message = JSON.parse(line);
  console.log(JSON.stringify(message.type !== "hello" ? answer(message) : { type: "hello", protocol: 1,
    name: "buggy-js", version: "1.0.0", operations: Object.keys(operations), profiles: ["core"],
    features: ["utf16-text", "post", "security-token", "xml-format", "custom-version"] }));
}
