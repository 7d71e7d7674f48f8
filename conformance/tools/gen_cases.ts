// Generates conformance/cases/*.json: each case's input and its expectation,
// derived by hand from the published rules in this file (never from acs-rpc:
// this script does not import the library), then confirmed against the
// independent implementations whose adapters are installed (everything in
// implementations.json but acs-rpc itself). evidence.implementations records
// exactly which peers agreed. The script fails when a derived output is
// contradicted by every peer that answered, unless the case says why the
// peers are expected to deviate.
//
//   deno run -A conformance/tools/gen_cases.ts          # write the files
//   deno run -A conformance/tools/gen_cases.ts --check  # fail if they would change

import { createHash, createHmac } from "node:crypto";
import { Adapter } from "../_client.ts";
import { commandOf, loadRegistry, probe } from "../_runner.ts";
import {
  type Case,
  type CaseFile,
  check,
  decodeText,
  type Evidence,
  type Group,
  GROUPS,
  type Mistake,
  type Profile,
  SUITE_VERSION,
  type Text,
} from "../_suite.ts";

// ---------------------------------------------------------------------------
// The published rules, written out independently of lib/.

/** Rule names quoted in evidence.rule. */
const RULES = {
  encode:
    "RPC signature v1.0, step 1 (percent-encoding): encode the UTF-8 bytes; keep A-Z a-z 0-9 '-' '_' '.' '~'; write every other byte as %XY in upper-case hex; space is %20 (not '+'), '*' is %2A, '~' stays",
  unicode:
    "UTF-8 (RFC 3629) has no encoding for a lone UTF-16 surrogate, so text holding one cannot be percent-encoded",
  sort:
    "RPC signature v1.0, step 1 (canonicalized query): sort the parameters by name, comparing the unencoded names by UTF-16 code unit (case-sensitive, as the official Java and JavaScript SDKs sort), then join percentEncode(name)=percentEncode(value) with '&'",
  duplicate:
    "A query parameter name occurs once (PROTOCOL.md section 5, duplicate-parameter): with two values the server and the signer may read different ones",
  stringToSign:
    "RPC signature v1.0, step 2: StringToSign = HTTPMethod + '&' + percentEncode('/') + '&' + percentEncode(CanonicalizedQueryString)",
  hmac:
    "RPC signature v1.0, step 3: Signature = Base64(HMAC-SHA1(AccessKeySecret + '&', StringToSign)), computed with node:crypto",
  url:
    "RPC request structure: GET sends every parameter and Signature=percentEncode(signature) in the query of https://<endpoint>/; POST sends them as an application/x-www-form-urlencoded body to https://<endpoint>/",
  common:
    "Common request parameters: Action, Format, Version, AccessKeyId, SignatureMethod=HMAC-SHA1, SignatureVersion=1.0, SignatureNonce, Timestamp (ISO 8601 UTC, yyyy-MM-ddTHH:mm:ssZ, no fraction of a second), SecurityToken with STS credentials",
  flatten:
    "RPC parameter forms: a repeat list is sent as Name.1, Name.2, … (numbered from 1, at any depth, e.g. Tag.N.Key); a nested object as Name.Field; true/false and numbers as their text; a JSON-valued parameter as its JSON text; an absent (null) value is not sent",
  reserved:
    "acs-rpc API rule (lib/errors.ts, reserved-parameter): common request parameters are set by options, never among the API parameters, compared case-insensitively",
  action:
    "acs-rpc API rule (invalid-action): the action is a non-empty API name of letters and digits",
  option: "acs-rpc API rule (invalid-option): method is GET or POST; format is JSON or XML",
  credentials:
    "acs-rpc API rule (invalid-credentials): access key id and secret are non-empty and not padded with white space",
  insecure:
    "acs-rpc API rule (insecure-protocol), after the request-structure page's advice to use HTTPS when a request carries a password or key: plain HTTP is refused for a security token or a parameter named *Password/*SecurityToken/*Secret/*PrivateKey/*KeyBody",
  name: "A parameter name is a non-empty string (PROTOCOL.md section 5, invalid-parameter-name)",
} as const;

/**
 * The rules that are acs-rpc's own input validation rather than the published
 * signature rules: a case whose expectation rests on one of them belongs to
 * the `strict` profile; every other case to `core`.
 */
const STRICT_RULES: ReadonlySet<string> = new Set([
  RULES.duplicate,
  RULES.reserved,
  RULES.action,
  RULES.option,
  RULES.credentials,
  RULES.insecure,
  RULES.name,
]);

function profileOf(draft: Draft): Profile {
  if (!("error" in draft.expected)) return "core";
  // The V3 page states how to sign, not what to refuse: every V3 refusal but
  // text with no UTF-8 form is acs-rpc's own validation.
  if (draft.operation === "sign-v3") {
    return draft.expected.error === "invalid-unicode" ? "core" : "strict";
  }
  return STRICT_RULES.has(draft.evidence.rule ?? "") ? "strict" : "core";
}

/** The suite version of the cases that do not say otherwise. */
const FIRST_SUITE = "1.0.0";
/** The suite version that added signature V3 (the `v3` group). */
const V3_SUITE = "1.1.0";

/** The version a case first appeared in. */
function sinceOf(draft: Draft): string {
  return draft.since ?? (draft.operation === "sign-v3" ? V3_SUITE : FIRST_SUITE);
}

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

class LoneSurrogate extends Error {}

function ruleEncode(text: string): string {
  if (!text.isWellFormed()) throw new LoneSurrogate(text);
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char)
      ? char
      : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function byCodeUnit(a: [string, string], b: [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function ruleCanonicalize(pairs: [string, string][]): string {
  const names = new Set<string>();
  for (const [name] of pairs) {
    if (names.has(name)) throw new Error(`duplicate ${name}`);
    names.add(name);
  }
  return [...pairs].sort(byCodeUnit)
    .map(([name, value]) => `${ruleEncode(name)}=${ruleEncode(value)}`).join("&");
}

function hmacSha1(secret: string, text: string): string {
  return createHmac("sha1", secret + "&").update(text, "utf8").digest("base64");
}

interface SignInput {
  action: string;
  method: "GET" | "POST";
  format: "JSON" | "XML";
  version: string;
  timestamp: string;
  clock?: string;
  nonce: string;
  accessKeyId: Text;
  accessKeySecret: Text;
  securityToken: Text | null;
  endpoint: string;
  protocol: "https" | "http";
  params: [Text, Text][];
}

function commonPairs(input: SignInput, timestamp = input.timestamp): [string, string][] {
  const pairs: [string, string][] = [
    ["Action", input.action],
    ["Format", input.format],
    ["Version", input.version],
    ["AccessKeyId", decodeText(input.accessKeyId)],
    ["SignatureMethod", "HMAC-SHA1"],
    ["SignatureVersion", "1.0"],
    ["SignatureNonce", input.nonce],
    ["Timestamp", timestamp],
  ];
  if (input.securityToken !== null) {
    pairs.push(["SecurityToken", decodeText(input.securityToken)]);
  }
  return pairs;
}

function ruleSign(input: SignInput, pairsOverride?: [string, string][]) {
  const pairs = pairsOverride ??
    [
      ...commonPairs(input),
      ...input.params.map(([n, v]) => [decodeText(n), decodeText(v)] as [string, string]),
    ];
  const canonicalQuery = ruleCanonicalize(pairs);
  const stringToSign = `${input.method}&${ruleEncode("/")}&${ruleEncode(canonicalQuery)}`;
  const signature = hmacSha1(decodeText(input.accessKeySecret), stringToSign);
  const signed = `${canonicalQuery}&Signature=${ruleEncode(signature)}`;
  const base = `${input.protocol}://${input.endpoint}/`;
  return input.method === "GET"
    ? { canonicalQuery, stringToSign, signature, url: `${base}?${signed}`, body: null }
    : { canonicalQuery, stringToSign, signature, url: base, body: signed };
}

// ---------------------------------------------------------------------------
// The cases.

interface Draft extends Omit<Case, "since" | "evidence" | "profile"> {
  evidence: Evidence;
  /** The suite version the case appeared in (default: the first, 1.0.0). */
  since?: string;
  /** Why the peers are expected to disagree with a derived output, if they are. */
  peersDeviate?: string;
}

const drafts: Record<Group, Draft[]> = {
  encode: [],
  canonicalize: [],
  sign: [],
  flatten: [],
  endpoint: [],
  error: [],
  v3: [],
};

function textFeatures(...texts: Text[]): string[] {
  return texts.some((t) => typeof t !== "string") ? ["utf16-text"] : [];
}

// encode -------------------------------------------------------------------

function encodeCase(
  id: string,
  description: string,
  text: Text,
  mistakes: Mistake[] = [],
  notes?: string,
): void {
  const value = decodeText(text);
  let expected: Draft["expected"];
  let rule: string = RULES.encode;
  try {
    expected = { output: { encoded: ruleEncode(value) } };
  } catch (error) {
    if (!(error instanceof LoneSurrogate)) throw error;
    expected = { error: "invalid-unicode" };
    rule = RULES.unicode;
  }
  const features = textFeatures(text);
  drafts.encode.push({
    id: `encode-${id}`,
    description,
    operation: "encode",
    ...(features.length ? { features } : {}),
    input: { text },
    expected,
    evidence: { rule, ...(notes ? { notes } : {}) },
    ...(mistakes.length ? { mistakes } : {}),
  });
}

const CHAR_NAMES: Record<string, string> = {
  " ": "space",
  "!": "exclamation-mark",
  '"': "quotation-mark",
  "#": "number-sign",
  "$": "dollar-sign",
  "%": "percent-sign",
  "&": "ampersand",
  "'": "apostrophe",
  "(": "left-parenthesis",
  ")": "right-parenthesis",
  "*": "asterisk",
  "+": "plus-sign",
  ",": "comma",
  "-": "hyphen-minus",
  ".": "full-stop",
  "/": "solidus",
  ":": "colon",
  ";": "semicolon",
  "<": "less-than-sign",
  "=": "equals-sign",
  ">": "greater-than-sign",
  "?": "question-mark",
  "@": "commercial-at",
  "[": "left-square-bracket",
  "\\": "reverse-solidus",
  "]": "right-square-bracket",
  "^": "circumflex-accent",
  "_": "low-line",
  "`": "grave-accent",
  "{": "left-curly-bracket",
  "|": "vertical-line",
  "}": "right-curly-bracket",
  "~": "tilde",
};

for (let code = 0x20; code <= 0x7e; code++) {
  const char = String.fromCharCode(code);
  const hex = code.toString(16).toUpperCase().padStart(2, "0");
  const name = CHAR_NAMES[char] ??
    (/[A-Z]/.test(char)
      ? `capital-${char.toLowerCase()}`
      : /[a-z]/.test(char)
      ? `small-${char}`
      : `digit-${char}`);
  const mistakes: Mistake[] = [];
  if (char === " ") mistakes.push({ name: "plus-for-space", stage: "encoded", value: "+" });
  if ("!'()*".includes(char)) {
    mistakes.push({ name: "unencoded-sub-delim", stage: "encoded", value: char });
  }
  if (char === "~") mistakes.push({ name: "encoded-tilde", stage: "encoded", value: "%7E" });
  if (/[A-F]/.test(hex) && !UNRESERVED.test(char)) {
    mistakes.push({ name: "lower-case-hex", stage: "encoded", value: `%${hex.toLowerCase()}` });
  }
  encodeCase(
    `ascii-${hex.toLowerCase()}-${name}`,
    `U+00${hex} ${JSON.stringify(char)} alone`,
    char,
    mistakes,
  );
}

encodeCase("empty", "The empty string encodes to the empty string", "");
encodeCase(
  "unreserved-all",
  "Every unreserved character stays as it is",
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~",
);
encodeCase(
  "reserved-set",
  "The RFC 3986 reserved set, all encoded",
  ":/?#[]@!$&'()*+,;=",
  [{
    name: "unencoded-sub-delim",
    stage: "encoded",
    value: "%3A%2F%3F%23%5B%5D%40!%24%26'()*%2B%2C%3B%3D",
  }],
);
encodeCase("space-inside", "A space inside text is %20, never '+'", "a b", [
  { name: "plus-for-space", stage: "encoded", value: "a+b" },
]);
encodeCase("spaces-leading-trailing", "Leading and trailing spaces are kept and encoded", "  x  ");
encodeCase("plus-literal", "A literal '+' is %2B, so it is not read back as a space", "1+1=2");
encodeCase(
  "sub-delims",
  "The characters encodeURIComponent leaves alone but the rule encodes",
  "!'()*",
  [
    { name: "unencoded-sub-delim", stage: "encoded", value: "!'()*" },
  ],
);
encodeCase("percent-literal", "A literal '%' is %25", "100%");
encodeCase("percent-encoded-looking", "Text that looks encoded is encoded again", "%20%2A", [
  { name: "no-double-encoding", stage: "encoded", value: "%20%2A" },
]);
encodeCase("tilde-inside", "'~' stays unencoded inside text", "a~b", [
  { name: "encoded-tilde", stage: "encoded", value: "a%7Eb" },
]);
encodeCase("timestamp", "A timestamp's colons are encoded", "2016-02-23T12:46:24Z");
encodeCase(
  "iso-with-milliseconds",
  "Milliseconds are just text to the encoder",
  "2016-02-23T12:46:24.123Z",
);
encodeCase(
  "base64-signature",
  "A Base64 signature's '+', '/' and '=' are encoded",
  "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
);
encodeCase("json-array", "A JSON-valued parameter", '["i-1","i-2"]');
encodeCase("latin1-e-acute", "U+00E9 is two UTF-8 bytes, upper-case hex", "é", [
  { name: "lower-case-hex", stage: "encoded", value: "%c3%a9" },
  { name: "latin1-not-utf8", stage: "encoded", value: "%E9" },
]);
encodeCase("nbsp", "U+00A0 no-break space is not a space", "\u00a0");
encodeCase("cjk-hangzhou", "CJK text: 杭州", "杭州");
encodeCase("cjk-instance-name", "CJK text: 测试实例", "测试实例");
encodeCase("japanese", "Japanese text", "日本語テキスト");
encodeCase("korean", "Hangul", "서울");
encodeCase("arabic", "Right-to-left text", "دبي");
encodeCase("emoji-grinning", "An astral character is four UTF-8 bytes", "😀");
encodeCase("emoji-thumbs-up-skin-tone", "An emoji with a modifier: two astral characters", "👍🏽");
encodeCase("emoji-zwj-family", "An emoji ZWJ sequence", "👨‍👩‍👧");
encodeCase("combining-acute", "A combining mark is encoded as is, never normalised", "e\u0301");
encodeCase(
  "combining-vs-precomposed",
  "Precomposed and combining forms encode differently",
  "\u00e9e\u0301",
);
encodeCase("tab-newline", "Control characters: tab, line feed, carriage return", "\t\n\r");
encodeCase("nul", "U+0000 is %00", "\u0000");
encodeCase("del", "U+007F is %7F", "\u007f");
encodeCase("bom", "U+FEFF is three bytes", "\ufeff");
encodeCase("max-bmp", "U+FFFF is three bytes", "\uffff");
encodeCase("max-code-point", "U+10FFFF is four bytes", "\u{10ffff}");
encodeCase("line-separator", "U+2028", "\u2028");
encodeCase("surrogate-pair-typed", "A valid surrogate pair written in the typed form", {
  utf16: [0xd83d, 0xde00],
});
encodeCase("lone-high-surrogate", "A lone high surrogate has no UTF-8 form", { utf16: [0xd800] });
encodeCase("lone-low-surrogate", "A lone low surrogate has no UTF-8 form", { utf16: [0xdc00] });
encodeCase("lone-surrogate-inside", "A lone surrogate between letters", {
  utf16: [0x61, 0xd83d, 0x62],
});
encodeCase("reversed-surrogate-pair", "A low surrogate before a high one is two lone surrogates", {
  utf16: [0xde00, 0xd83d],
});

// canonicalize ---------------------------------------------------------------

function canonicalizeCase(
  id: string,
  description: string,
  pairs: [Text, Text][],
  extra: Partial<Draft> = {},
): void {
  const plain = pairs.map(([n, v]) => [decodeText(n), decodeText(v)] as [string, string]);
  let expected: Draft["expected"];
  let rule: string = RULES.sort;
  try {
    expected = { output: { canonicalQuery: ruleCanonicalize(plain) } };
  } catch (error) {
    if (error instanceof LoneSurrogate) {
      expected = { error: "invalid-unicode" };
      rule = RULES.unicode;
    } else {
      expected = { error: "duplicate-parameter" };
      rule = RULES.duplicate;
    }
  }
  const features = textFeatures(...pairs.flat());
  drafts.canonicalize.push({
    id: `canonicalize-${id}`,
    description,
    operation: "canonicalize",
    ...(features.length ? { features } : {}),
    input: { pairs },
    expected,
    ...extra,
    evidence: { rule, ...(extra.evidence ?? {}) },
  });
}

const DOC_PAIRS: [string, string][] = [
  ["SignatureVersion", "1.0"],
  ["Action", "DescribeRegions"],
  ["Format", "XML"],
  ["SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"],
  ["Version", "2014-05-26"],
  ["AccessKeyId", "testid"],
  ["SignatureMethod", "HMAC-SHA1"],
  ["Timestamp", "2016-02-23T12:46:24Z"],
];
canonicalizeCase(
  "doc-example",
  "The documentation's worked example, in the order its URL lists them",
  DOC_PAIRS,
);

const ERRATUM_PAIRS = DOC_PAIRS.map(([n, v]) =>
  [n === "Timestamp" ? "TimeStamp" : n, v] as [string, string]
);
{
  const canonical = ruleCanonicalize(ERRATUM_PAIRS);
  const stringToSign = `GET&%2F&${ruleEncode(canonical)}`;
  const signature = hmacSha1("testsecret", stringToSign);
  if (signature !== "CT9X0VtwR86fNWSnsc6v8YGOjuE=") {
    throw new Error(
      `The TimeStamp erratum derives ${signature}, not the published CT9X0VtwR86fNWSnsc6v8YGOjuE=`,
    );
  }
  canonicalizeCase(
    "doc-erratum-timestamp-misspelled",
    "ERRATUM: an older edition of the signature documentation spelled the parameter 'TimeStamp'. " +
      "Names are case-sensitive, so the canonical query (and from it the string to sign and the signature " +
      "CT9X0VtwR86fNWSnsc6v8YGOjuE=) differs from the correct example's OLeaidS1JvxuMvnyHOwuJ+uX5qY=; the " +
      "server expects 'Timestamp'. Modelled as a canonicalize case because the sign operation always writes " +
      "the correct name; erratum below records the erratum's string to sign and signature, verified by the generator",
    ERRATUM_PAIRS,
    {
      erratum: {
        source: "Alibaba Cloud ECS API documentation, signature example (older edition)",
        stringToSign,
        signature,
        correctSignature: "OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
      },
    },
  );
}
canonicalizeCase(
  "upper-before-lower",
  "Upper-case letters sort before lower-case (code unit order)",
  [
    ["b", "1"],
    ["B", "2"],
    ["a", "3"],
    ["A", "4"],
  ],
  {
    mistakes: [{
      name: "case-insensitive-sort",
      stage: "canonicalQuery",
      value: "A=4&a=3&B=2&b=1",
    }],
  },
);
canonicalizeCase("punctuation-order", "'-' < '.' < 'B' < '_' < 'b' by code unit", [
  ["Ab", "1"],
  ["A_b", "2"],
  ["A-b", "3"],
  ["A.b", "4"],
  ["AB", "5"],
]);
canonicalizeCase("prefix-sorts-first", "A name sorts before the longer names it prefixes", [
  ["TagKey", "x"],
  ["Tag.1", "y"],
  ["Tag", "z"],
]);
{
  const ids = Array.from(
    { length: 12 },
    (_, i) => [`InstanceId.${i + 1}`, `i-${i + 1}`] as [string, string],
  );
  canonicalizeCase(
    "repeat-list-lexicographic",
    "InstanceId.10 sorts before InstanceId.2: names are text, not numbers",
    ids,
    {
      mistakes: [{
        name: "numeric-sort",
        stage: "canonicalQuery",
        value: ids.map(([n, v]) => `${n}=${v}`).join("&"),
      }],
    },
  );
}
canonicalizeCase(
  "sort-before-encoding-bracket",
  "'aZ' < 'a[' unencoded, but 'a%5B' < 'aZ' encoded: sort the unencoded names",
  [
    ["a[", "1"],
    ["aZ", "2"],
  ],
  { mistakes: [{ name: "sorted-after-encoding", stage: "canonicalQuery", value: "a%5B=1&aZ=2" }] },
);
canonicalizeCase(
  "sort-before-encoding-accent",
  "'a~' < 'aé' unencoded, but 'a%C3%A9' < 'a~' encoded",
  [
    ["aé", "1"],
    ["a~", "2"],
  ],
  {
    mistakes: [{ name: "sorted-after-encoding", stage: "canonicalQuery", value: "a%C3%A9=1&a~=2" }],
  },
);
canonicalizeCase(
  "code-unit-not-code-point",
  "U+1F600 (UTF-16 D83D DE00) sorts before U+FF5E by code unit, after it by code point or UTF-8 byte",
  [["\uff5e", "2"], ["😀", "1"]],
  {
    mistakes: [{
      name: "code-point-order",
      stage: "canonicalQuery",
      value: "%EF%BD%9E=2&%F0%9F%98%80=1",
    }],
  },
);
canonicalizeCase("empty-value", "An empty value is kept as 'Name='", [["Name", ""], [
  "Action",
  "X",
]]);
canonicalizeCase("case-distinct-names", "'name' and 'Name' are two parameters, not a duplicate", [
  ["name", "a"],
  ["Name", "b"],
]);
canonicalizeCase("value-with-delimiters", "'=' and '&' in a value are encoded", [[
  "Filter",
  "a=b&c=d",
]]);
canonicalizeCase("value-plus-sign", "'+' in a value is %2B", [["Expression", "1+1"]]);
canonicalizeCase("value-space", "A space in a value is %20", [["InstanceName", "my instance"]], {
  mistakes: [{
    name: "plus-for-space",
    stage: "canonicalQuery",
    value: "InstanceName=my+instance",
  }],
});
canonicalizeCase("name-needs-encoding", "A name is encoded like a value", [["My Name", "v"], [
  "Z",
  "z",
]]);
canonicalizeCase("value-percent", "'%' in a value is %25", [["Discount", "50%"]]);
canonicalizeCase("value-cjk", "CJK in a value", [["InstanceName", "测试实例"], [
  "Description",
  "杭州",
]]);
canonicalizeCase("value-emoji", "An emoji in a value", [["Description", "ok 👍"]]);
canonicalizeCase("value-sub-delims", "!'()* in a value are encoded", [[
  "Description",
  "it's (really) great!*",
]], {
  mistakes: [{
    name: "unencoded-sub-delim",
    stage: "canonicalQuery",
    value: "Description=it's%20(really)%20great!*",
  }],
});
canonicalizeCase("single-pair", "One pair", [["RegionId", "cn-hangzhou"]]);
canonicalizeCase("no-pairs", "No pairs give the empty string", []);
canonicalizeCase("already-sorted", "Sorted input stays in order", [["A", "1"], ["B", "2"], [
  "C",
  "3",
]]);
canonicalizeCase("duplicate-names", "The same name twice is refused", [
  ["InstanceId", "i-1"],
  ["InstanceId", "i-2"],
], { evidence: { rule: RULES.duplicate } });
canonicalizeCase(
  "duplicate-names-same-value",
  "The same name twice is refused even with equal values",
  [
    ["RegionId", "cn-hangzhou"],
    ["RegionId", "cn-hangzhou"],
  ],
);
canonicalizeCase("lone-surrogate-value", "A value holding a lone surrogate is refused", [[
  "Name",
  { utf16: [0x61, 0xd800] },
]]);
canonicalizeCase("lone-surrogate-name", "A name holding a lone surrogate is refused", [[
  { utf16: [0xdfff] },
  "x",
]]);

canonicalizeCase(
  "sort-key-is-the-name",
  "The sort key is the name alone: 'A' sorts before 'A!' (a prefix sorts first), although the " +
    "joined texts sort the other way ('A!,1' < 'A,2', 'A!=1' < 'A=2', 'A%21=1' < 'A=2'): a signer " +
    "that sorts name/value entries (Object.entries(query).sort()) or encoded 'name=value' fields " +
    "gets it wrong",
  [["A", "2"], ["A!", "1"]],
  {
    since: "1.1.0",
    mistakes: [{ name: "sorted-with-value", stage: "canonicalQuery", value: "A%21=1&A=2" }],
  },
);

// sign ---------------------------------------------------------------------

const DOC: SignInput = {
  action: "DescribeRegions",
  method: "GET",
  format: "XML",
  version: "2014-05-26",
  timestamp: "2016-02-23T12:46:24Z",
  nonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
  accessKeyId: "testid",
  accessKeySecret: "testsecret",
  securityToken: null,
  endpoint: "ecs.aliyuncs.com",
  protocol: "https",
  params: [],
};
const TOKEN =
  "CAIS+AF1q6Ft5B2yfSjIr5bSEsnmuu1E/e+3Y0PEhUPeJC7Y7YKt1Dz2IHFPeHJrBe0Xv/w0nG5U6fsalrh+T5RbRw==";

function signFeatures(input: SignInput): string[] {
  const features: string[] = [];
  if (input.method === "POST") features.push("post");
  if (input.securityToken !== null) features.push("security-token");
  if (input.format === "XML") features.push("xml-format");
  if (input.version !== "2014-05-26") features.push("custom-version");
  const texts: Text[] = [input.accessKeyId, input.accessKeySecret, ...input.params.flat()];
  if (input.securityToken !== null) texts.push(input.securityToken);
  return [...features, ...textFeatures(...texts)];
}

function signCase(
  id: string,
  description: string,
  changes: Partial<SignInput>,
  extra: { mistakes?: (input: SignInput) => Mistake[]; notes?: string } = {},
): SignInput {
  const input: SignInput = { ...DOC, ...changes };
  const features = signFeatures(input);
  const mistakes = extra.mistakes?.(input) ?? [];
  drafts.sign.push({
    id: `sign-${id}`,
    description,
    operation: "sign",
    ...(features.length ? { features } : {}),
    input: input as unknown as Record<string, unknown>,
    expected: { output: ruleSign(input) },
    evidence: {
      rule: [RULES.common, RULES.sort, RULES.encode, RULES.stringToSign, RULES.hmac, RULES.url]
        .join(
          " | ",
        ),
      ...(extra.notes ? { notes: extra.notes } : {}),
    },
    ...(mistakes.length ? { mistakes } : {}),
  });
  return input;
}

/** The canonical query a signer that gets one thing wrong would produce. */
function mistakenCanonical(
  input: SignInput,
  name: string,
  rewrite: (canonical: string) => string,
): Mistake {
  return { name, stage: "canonicalQuery", value: rewrite(ruleSign(input).canonicalQuery) };
}

const millisMistake = (input: SignInput): Mistake =>
  mistakenCanonical(
    input,
    "milliseconds-in-timestamp",
    (c) =>
      c.replace(
        `Timestamp=${ruleEncode(input.timestamp)}`,
        `Timestamp=${ruleEncode(input.timestamp.replace("Z", ".000Z"))}`,
      ),
  );

{
  const doc = signCase(
    "doc-example",
    "The documentation's worked example: DescribeRegions, XML, GET, testid/testsecret",
    {},
    {
      mistakes: (input) => [millisMistake(input)],
      notes: "Published signature: OLeaidS1JvxuMvnyHOwuJ+uX5qY=",
    },
  );
  if (ruleSign(doc).signature !== "OLeaidS1JvxuMvnyHOwuJ+uX5qY=") {
    throw new Error("The hand derivation does not reproduce the documentation's signature");
  }
}
signCase("doc-example-post", "The worked example sent as POST", { method: "POST" }, {
  mistakes: (input) => [millisMistake(input)],
});
signCase("doc-example-json", "The worked example with Format=JSON", { format: "JSON" }, {
  mistakes: (input) => [millisMistake(input)],
});
signCase("doc-example-json-post", "The worked example with Format=JSON, as POST", {
  format: "JSON",
  method: "POST",
}, { mistakes: (input) => [millisMistake(input)] });
const REGIONAL = {
  format: "JSON" as const,
  endpoint: "ecs.cn-hangzhou.aliyuncs.com",
  timestamp: "2024-05-06T07:08:09Z",
  nonce: "0c4b6b8e-5f0a-4d3c-9a8e-2b1f3c4d5e6f",
  accessKeyId: "LTAI5tExampleKeyId",
  accessKeySecret: "ExampleSecret0123456789abcdef",
};
for (const method of ["GET", "POST"] as const) {
  const m = method.toLowerCase();
  signCase(`region-${m}`, `DescribeInstances with RegionId, ${method}`, {
    ...REGIONAL,
    method,
    action: "DescribeInstances",
    params: [["RegionId", "cn-hangzhou"], ["PageSize", "50"]],
  });
  signCase(
    `security-token-${m}`,
    `STS credentials: the SecurityToken ('+', '/', '=') is signed and encoded, ${method}`,
    {
      ...REGIONAL,
      method,
      securityToken: TOKEN,
      params: [["RegionId", "cn-hangzhou"]],
      action: "DescribeInstances",
    },
    {
      mistakes: (input) => [
        mistakenCanonical(
          input,
          "unencoded-security-token",
          (c) => c.replace(ruleEncode(TOKEN), TOKEN),
        ),
      ],
    },
  );
  signCase(`chinese-${m}`, `Chinese parameter values, ${method}`, {
    ...REGIONAL,
    method,
    action: "ModifyInstanceAttribute",
    params: [["InstanceId", "i-bp1example"], ["InstanceName", "测试实例"], [
      "Description",
      "杭州 服务器",
    ]],
  });
  signCase(`emoji-${m}`, `An emoji in a value, ${method}`, {
    ...REGIONAL,
    method,
    action: "ModifyInstanceAttribute",
    params: [["InstanceId", "i-bp1example"], ["Description", "deploy 🚀 ok"]],
  });
  signCase(`space-${m}`, `Spaces in a value are %20 (and %2520 in the string to sign), ${method}`, {
    ...REGIONAL,
    method,
    action: "ModifyInstanceAttribute",
    params: [["InstanceId", "i-bp1example"], ["InstanceName", "web server 1"]],
  }, {
    mistakes: (input) => [
      mistakenCanonical(
        input,
        "plus-for-space",
        (c) => c.replace("web%20server%201", "web+server+1"),
      ),
    ],
  });
  signCase(
    `repeat-list-${m}`,
    `A repeat list of 12 instance ids (InstanceId.10 sorts before InstanceId.2), ${method}`,
    {
      ...REGIONAL,
      method,
      action: "DescribeInstanceStatus",
      params: [
        ["RegionId", "cn-hangzhou"],
        ...Array.from(
          { length: 12 },
          (_, i) => [`InstanceId.${i + 1}`, `i-${i + 1}`] as [string, string],
        ),
      ],
    },
  );
  signCase(`tag-list-${m}`, `A Tag list (Tag.N.Key, Tag.N.Value), ${method}`, {
    ...REGIONAL,
    method,
    action: "TagResources",
    params: [
      ["RegionId", "cn-hangzhou"],
      ["ResourceType", "instance"],
      ["ResourceId.1", "i-bp1example"],
      ["Tag.1.Key", "env"],
      ["Tag.1.Value", "prod"],
      ["Tag.2.Key", "team name"],
      ["Tag.2.Value", "core/platform"],
    ],
  });
  signCase(`sub-delims-${m}`, `!'()* in a value are encoded, ${method}`, {
    ...REGIONAL,
    method,
    action: "ModifyInstanceAttribute",
    params: [["InstanceId", "i-bp1example"], ["Description", "it's (really) great!*"]],
  }, {
    mistakes: (input) => [
      mistakenCanonical(
        input,
        "unencoded-sub-delim",
        (c) => c.replace("it%27s%20%28really%29%20great%21%2A", "it's%20(really)%20great!*"),
      ),
    ],
  });
}
signCase("json-valued-param", "A JSON-valued parameter (InstanceIds)", {
  ...REGIONAL,
  action: "DescribeInstances",
  params: [["RegionId", "cn-hangzhou"], ["InstanceIds", '["i-1","i-2"]']],
});
signCase("empty-value", "An empty parameter value is signed as 'Name='", {
  ...REGIONAL,
  action: "ModifyInstanceAttribute",
  params: [["InstanceId", "i-bp1example"], ["Description", ""]],
});
signCase("tilde-and-reserved", "'~' stays; ':/?#[]@' are encoded", {
  ...REGIONAL,
  action: "ModifyInstanceAttribute",
  params: [["InstanceId", "i-bp1example"], ["Description", "~home/a?b#c[d]@e:f"]],
}, {
  mistakes: (input) => [
    mistakenCanonical(input, "encoded-tilde", (c) => c.replace("Description=~", "Description=%7E")),
  ],
});
signCase("lower-case-hex", "Percent-encoding uses upper-case hex", {
  ...REGIONAL,
  action: "ModifyInstanceAttribute",
  params: [["InstanceId", "i-bp1example"], ["Description", "a*b:c"]],
}, {
  mistakes: (input) => [
    mistakenCanonical(input, "lower-case-hex", (c) => c.replace("a%2Ab%3Ac", "a%2ab%3ac")),
  ],
});
signCase("custom-version", "Another RPC API and version (VPC 2016-04-28)", {
  ...REGIONAL,
  action: "DescribeVpcs",
  version: "2016-04-28",
  endpoint: "vpc.aliyuncs.com",
  params: [["RegionId", "cn-hangzhou"]],
});
signCase(
  "clock-milliseconds-cut",
  "A clock reading with milliseconds: the Timestamp drops them (cut, not rounded)",
  {
    ...REGIONAL,
    action: "DescribeRegions",
    clock: "2024-05-06T07:08:09.999Z",
  },
  {
    mistakes: (input) => [
      mistakenCanonical(
        input,
        "milliseconds-in-timestamp",
        (c) => c.replace("07%3A08%3A09Z", "07%3A08%3A09.999Z"),
      ),
      mistakenCanonical(
        input,
        "rounded-timestamp",
        (c) => c.replace("07%3A08%3A09Z", "07%3A08%3A10Z"),
      ),
    ],
  },
);
signCase(
  "secret-with-ampersand",
  "A secret holding '&', '+', '/' and '=' is used as is, then '&' is appended",
  {
    ...REGIONAL,
    accessKeySecret: "a+b/c=&d",
    action: "DescribeRegions",
  },
);
signCase("plain-http", "Plain HTTP without secrets: only the URL's scheme changes", {
  ...REGIONAL,
  protocol: "http",
  action: "DescribeRegions",
});
signCase("regional-endpoint-post-many", "Many parameters, regional endpoint, POST", {
  ...REGIONAL,
  method: "POST",
  endpoint: "ecs.ap-southeast-1.aliyuncs.com",
  action: "RunInstances",
  params: [
    ["RegionId", "ap-southeast-1"],
    ["ImageId", "ubuntu_22_04_x64_20G_alibase_20240101.vhd"],
    ["InstanceType", "ecs.g7.large"],
    ["SecurityGroupId", "sg-t4nexample"],
    ["VSwitchId", "vsw-t4nexample"],
    ["SystemDisk.Category", "cloud_essd"],
    ["SystemDisk.Size", "40"],
    ["DataDisk.1.Size", "100"],
    ["DataDisk.1.Category", "cloud_essd"],
    ["Amount", "2"],
    ["DryRun", "true"],
  ],
});

// flatten --------------------------------------------------------------------

function flattenCase(
  id: string,
  description: string,
  params: Record<string, unknown>,
  pairs: [string, string][],
  extra: Partial<Draft> = {},
): void {
  const usesJson = JSON.stringify(params).includes('"$json"');
  drafts.flatten.push({
    id: `flatten-${id}`,
    description,
    operation: "flatten",
    ...(usesJson ? { features: ["json-params"] } : {}),
    input: { params },
    expected: { output: { pairs } },
    evidence: { rule: RULES.flatten },
    ...extra,
  });
}

flattenCase("strings", "Strings stay as they are", {
  RegionId: "cn-hangzhou",
  InstanceName: "测试",
}, [
  ["RegionId", "cn-hangzhou"],
  ["InstanceName", "测试"],
]);
flattenCase("repeat-list", "An array is a repeat list numbered from 1", {
  InstanceId: ["i-1", "i-2", "i-3"],
}, [
  ["InstanceId.1", "i-1"],
  ["InstanceId.2", "i-2"],
  ["InstanceId.3", "i-3"],
]);
flattenCase(
  "repeat-list-twelve",
  "Numbering goes on past 9",
  { SecurityGroupIds: Array.from({ length: 12 }, (_, i) => `sg-${i + 1}`) },
  Array.from({ length: 12 }, (_, i) => [`SecurityGroupIds.${i + 1}`, `sg-${i + 1}`]),
);
flattenCase("tag-list", "A Tag list of objects", {
  Tag: [{ Key: "env", Value: "prod" }, { Key: "team", Value: "core" }],
}, [
  ["Tag.1.Key", "env"],
  ["Tag.1.Value", "prod"],
  ["Tag.2.Key", "team"],
  ["Tag.2.Value", "core"],
]);
flattenCase("nested-object", "A nested object joins names with '.'", {
  SystemDisk: { Category: "cloud_essd", Size: 40 },
}, [["SystemDisk.Category", "cloud_essd"], ["SystemDisk.Size", "40"]]);
flattenCase("booleans", "Booleans are 'true' and 'false'", { DryRun: true, Force: false }, [
  ["DryRun", "true"],
  ["Force", "false"],
]);
flattenCase("numbers", "Numbers are their shortest decimal text", {
  PageSize: 10,
  Offset: 0,
  Ratio: 1.5,
  Delta: -3,
}, [["PageSize", "10"], ["Offset", "0"], ["Ratio", "1.5"], ["Delta", "-3"]]);
flattenCase("json-array", "A JSON-valued parameter is its JSON text", {
  InstanceIds: { $json: ["i-1", "i-2"] },
}, [
  ["InstanceIds", '["i-1","i-2"]'],
]);
flattenCase("json-object", "A JSON-valued object parameter", {
  Filter: { $json: { status: "Running" } },
}, [
  ["Filter", '{"status":"Running"}'],
]);
flattenCase("null-omitted", "A null value is not sent", {
  RegionId: "cn-hangzhou",
  NextToken: null,
}, [
  ["RegionId", "cn-hangzhou"],
]);
flattenCase("empty-string-kept", "An empty string is a value and is sent", { Description: "" }, [
  ["Description", ""],
]);
flattenCase("empty-array", "An empty array sends nothing", {
  RegionId: "cn-hangzhou",
  InstanceId: [],
}, [
  ["RegionId", "cn-hangzhou"],
]);
flattenCase("list-of-objects-with-lists", "Repeat lists nest inside repeat lists of objects", {
  DataDisk: [{ Size: 40, Tag: [{ Key: "a", Value: "b" }] }],
}, [["DataDisk.1.Size", "40"], ["DataDisk.1.Tag.1.Key", "a"], ["DataDisk.1.Tag.1.Value", "b"]]);
flattenCase(
  "list-of-lists",
  "A list of lists numbers each level",
  { Matrix: [["x", "y"], ["z"]] },
  [
    ["Matrix.1.1", "x"],
    ["Matrix.1.2", "y"],
    ["Matrix.2.1", "z"],
  ],
);
flattenCase("object-in-object", "Objects nest at any depth", {
  NetworkOptions: { EnableJumboFrame: true, Qos: { Level: 2 } },
}, [["NetworkOptions.EnableJumboFrame", "true"], ["NetworkOptions.Qos.Level", "2"]]);

// endpoint -------------------------------------------------------------------

const reference = JSON.parse(
  await Deno.readTextFile(new URL("../reference/ecs-endpoints.json", import.meta.url)),
) as {
  regions: {
    regionId: string;
    publicEndpoint: string;
    vpcEndpoint: string | null;
    basis: string;
    closed: boolean;
  }[];
};
const REFERENCE =
  "conformance/reference/ecs-endpoints.json (ECS endpoints compiled from Alibaba Cloud's request-structure pages 2018-2021, the current Endpoints page, the internal-network page and the official SDKs' endpoint data)";
for (const region of [...reference.regions].sort((a, b) => a.regionId < b.regionId ? -1 : 1)) {
  drafts.endpoint.push({
    id: `endpoint-${region.regionId}-public`,
    description: `${region.regionId}, public network${
      region.closed ? " (the region is marked closed)" : ""
    }`,
    operation: "endpoint",
    input: { regionId: region.regionId, network: "public" },
    expected: { output: { host: region.publicEndpoint } },
    evidence: { reference: REFERENCE, notes: `basis: ${region.basis}` },
  });
  drafts.endpoint.push({
    id: `endpoint-${region.regionId}-vpc`,
    description: `${region.regionId}, VPC network`,
    operation: "endpoint",
    input: { regionId: region.regionId, network: "vpc" },
    expected: region.vpcEndpoint === null
      ? { error: "no-vpc-endpoint" }
      : { output: { host: region.vpcEndpoint } },
    evidence: {
      reference: REFERENCE,
      notes: region.vpcEndpoint === null
        ? "the reference documents no VPC endpoint for this region"
        : `basis: ${region.basis}`,
    },
  });
}
for (
  const [id, regionId, note] of [
    ["typo", "cn-hangzou", "a misspelt region id"],
    ["upper-case", "CN-HANGZHOU", "region ids are lower case"],
    ["made-up", "us-west-9", "no such region"],
    ["empty", "", "the empty region id"],
  ]
) {
  drafts.endpoint.push({
    id: `endpoint-unknown-${id}`,
    description: `An unknown region id is refused: ${note}`,
    operation: "endpoint",
    input: { regionId, network: "public" },
    expected: { error: "unknown-region" },
    evidence: { reference: REFERENCE, notes: "the region id is not in the reference" },
  });
}

// error ----------------------------------------------------------------------

function errorCase(
  id: string,
  description: string,
  operation: Case["operation"],
  input: Record<string, unknown>,
  code: string,
  rule: string,
  features: string[] = [],
): void {
  drafts.error.push({
    id: `error-${id}`,
    description,
    operation,
    ...(features.length ? { features } : {}),
    input,
    expected: { error: code },
    evidence: { rule },
  });
}

const SIGN_BASE = { ...DOC, format: "JSON" };
errorCase(
  "sign-duplicate-parameter",
  "The same API parameter twice",
  "sign",
  {
    ...SIGN_BASE,
    params: [["InstanceId", "i-1"], ["InstanceId", "i-2"]],
  },
  "duplicate-parameter",
  RULES.duplicate,
);
errorCase(
  "sign-reserved-timestamp-misspelled",
  "The TimeStamp erratum as our API sees it: 'TimeStamp' passed among the API parameters is a common " +
    "parameter (compared case-insensitively) and is refused rather than signed next to the real Timestamp",
  "sign",
  { ...SIGN_BASE, params: [["TimeStamp", "2016-02-23T12:46:24Z"]] },
  "reserved-parameter",
  RULES.reserved,
);
errorCase(
  "sign-reserved-signature",
  "'Signature' among the API parameters",
  "sign",
  {
    ...SIGN_BASE,
    params: [["Signature", "OLeaidS1JvxuMvnyHOwuJ+uX5qY="]],
  },
  "reserved-parameter",
  RULES.reserved,
);
errorCase(
  "sign-reserved-action",
  "'Action' among the API parameters",
  "sign",
  {
    ...SIGN_BASE,
    params: [["Action", "DeleteInstance"]],
  },
  "reserved-parameter",
  RULES.reserved,
);
errorCase(
  "sign-reserved-lower-case",
  "'accesskeyid' among the API parameters (case-insensitive)",
  "sign",
  {
    ...SIGN_BASE,
    params: [["accesskeyid", "other"]],
  },
  "reserved-parameter",
  RULES.reserved,
);
errorCase(
  "sign-reserved-security-token",
  "'SecurityToken' among the API parameters",
  "sign",
  {
    ...SIGN_BASE,
    params: [["SecurityToken", TOKEN]],
  },
  "reserved-parameter",
  RULES.reserved,
);
errorCase(
  "sign-empty-action",
  "An empty action",
  "sign",
  { ...SIGN_BASE, action: "" },
  "invalid-action",
  RULES.action,
);
errorCase(
  "sign-action-with-space",
  "An action with a space",
  "sign",
  {
    ...SIGN_BASE,
    action: "Describe Regions",
  },
  "invalid-action",
  RULES.action,
);
errorCase(
  "sign-empty-access-key-id",
  "An empty access key id",
  "sign",
  {
    ...SIGN_BASE,
    accessKeyId: "",
  },
  "invalid-credentials",
  RULES.credentials,
);
errorCase(
  "sign-empty-secret",
  "An empty access key secret",
  "sign",
  {
    ...SIGN_BASE,
    accessKeySecret: "",
  },
  "invalid-credentials",
  RULES.credentials,
);
errorCase(
  "sign-padded-secret",
  "A secret with a trailing newline (pasted from a file)",
  "sign",
  {
    ...SIGN_BASE,
    accessKeySecret: "testsecret\n",
  },
  "invalid-credentials",
  RULES.credentials,
);
errorCase(
  "sign-padded-access-key-id",
  "An access key id with a leading space",
  "sign",
  {
    ...SIGN_BASE,
    accessKeyId: " testid",
  },
  "invalid-credentials",
  RULES.credentials,
);
errorCase(
  "sign-http-with-security-token",
  "Plain HTTP with a security token",
  "sign",
  {
    ...SIGN_BASE,
    protocol: "http",
    securityToken: TOKEN,
  },
  "insecure-protocol",
  RULES.insecure,
  ["security-token"],
);
errorCase(
  "sign-http-with-password",
  "Plain HTTP with a Password parameter",
  "sign",
  {
    ...SIGN_BASE,
    protocol: "http",
    action: "ModifyInstanceAttribute",
    params: [["InstanceId", "i-bp1example"], ["Password", "Secret123!"]],
  },
  "insecure-protocol",
  RULES.insecure,
);
errorCase(
  "sign-method-put",
  "Method PUT",
  "sign",
  { ...SIGN_BASE, method: "PUT" },
  "invalid-option",
  RULES.option,
);
errorCase(
  "sign-format-yaml",
  "Format YAML",
  "sign",
  { ...SIGN_BASE, format: "YAML" },
  "invalid-option",
  RULES.option,
);
errorCase(
  "sign-lone-surrogate-value",
  "An API parameter value holding a lone surrogate",
  "sign",
  {
    ...SIGN_BASE,
    params: [["InstanceName", { utf16: [0x41, 0xd800] }]],
  },
  "invalid-unicode",
  RULES.unicode,
  ["utf16-text"],
);
errorCase(
  "canonicalize-empty-name",
  "A pair with an empty name",
  "canonicalize",
  {
    pairs: [["", "x"]],
  },
  "invalid-parameter-name",
  RULES.name,
);
errorCase(
  "flatten-empty-name",
  "A parameter with an empty name",
  "flatten",
  {
    params: { "": "x" },
  },
  "invalid-parameter-name",
  RULES.name,
);
errorCase(
  "flatten-duplicate-after-flattening",
  "'Tag.1.Key' given flat and as a Tag list",
  "flatten",
  {
    params: { "Tag.1.Key": "a", Tag: [{ Key: "b" }] },
  },
  "duplicate-parameter",
  RULES.duplicate,
);

// The same refusals with Format=XML. Every sign error case above uses Format=JSON, so an
// implementation that always sends Format=XML (libcloud) would run none of them; these
// mirror them with only the format changed (same rule, same code), and add the feature.
// Appended here so the cases above keep their place in error.json.
for (
  const id of [
    "sign-reserved-timestamp-misspelled",
    "sign-reserved-signature",
    "sign-reserved-lower-case",
    "sign-empty-action",
    "sign-empty-secret",
    "sign-padded-secret",
    "sign-http-with-password",
    "sign-method-put",
  ]
) {
  const base = drafts.error.find((d) => d.id === `error-${id}`);
  if (base === undefined || base.input.format !== "JSON" || !("error" in base.expected)) {
    throw new Error(`error-${id} is not a Format=JSON sign error case to mirror`);
  }
  errorCase(
    `${id}-xml`,
    `${base.description}, with Format=XML`,
    "sign",
    { ...base.input, format: "XML" },
    base.expected.error,
    base.evidence.rule!,
    [...(base.features ?? []), "xml-format"],
  );
}
errorCase(
  "sign-empty-name-xml",
  "An API parameter with an empty name, with Format=XML",
  "sign",
  { ...SIGN_BASE, format: "XML", params: [["", "x"]] },
  "invalid-parameter-name",
  RULES.name,
  ["xml-format"],
);

// v3 -------------------------------------------------------------------------
//
// Signature V3 (ACS3-HMAC-SHA256), from Alibaba Cloud's "Request syntax and
// signature method V3" page, written out here with node:crypto only.

const RULES_V3 = {
  headers:
    "Signature V3, common request headers: host (the URL's host as an HTTP client sends it: lower case, no default port), x-acs-action, x-acs-version, x-acs-date (ISO 8601 UTC, yyyy-MM-ddTHH:mm:ssZ), x-acs-signature-nonce, x-acs-content-sha256 (hex SHA-256 of the body, of no bytes without one), x-acs-security-token with STS credentials, content-type with a body; the API parameters go in the query string for GET and POST alike",
  query:
    "Signature V3, CanonicalQueryString: the query parameters sorted by name (UTF-16 code unit order of the unencoded names, as the RPC signature sorts), name and value each percent-encoded with the RPC rule (UTF-8 bytes; A-Z a-z 0-9 - _ . ~ kept; %XY in upper-case hex; space %20), joined name=value with '&'; an empty value gives 'name='",
  canonicalHeaders:
    "Signature V3, CanonicalHeaders: of the headers sent, host, content-type and every x-acs-* header; names in lower case, values trimmed of spaces and tabs; sorted by name; each written 'name:value\\n'. SignedHeaders: the same names joined with ';'",
  request:
    "Signature V3, CanonicalRequest = HTTPMethod + '\\n' + '/' + '\\n' + CanonicalQueryString + '\\n' + CanonicalHeaders + '\\n' + SignedHeaders + '\\n' + HashedRequestPayload",
  sign:
    "Signature V3, StringToSign = 'ACS3-HMAC-SHA256\\n' + hex(SHA-256(CanonicalRequest)); Signature = hex(HMAC-SHA256(AccessKeySecret, StringToSign)) with the bare secret, computed with node:crypto; Authorization = 'ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<SignedHeaders>,Signature=<Signature>'",
  url:
    "Signature V3 request structure: <protocol>://<host>/ with the CanonicalQueryString as the query (no query without parameters); the body as given",
  contentType:
    "acs-rpc API rule (signRequestV3): a body is sent with the content-type the caller sets, else application/x-www-form-urlencoded for text and application/octet-stream for raw bytes",
  reserved:
    "acs-rpc API rule (reserved-parameter): the common parameters of the RPC signature (compared case-insensitively) and the headers the V3 signature sets itself (host, authorization, x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce, x-acs-content-sha256, x-acs-security-token) are set by options, never among the parameters or headers",
  header:
    "acs-rpc API rule (invalid-header), after RFC 9110 section 5: a header name is a token, and a signed value is visible ASCII, spaces and tabs only (a control character would end the header, a non-ASCII character has no agreed bytes)",
  duplicateHeader:
    "A header name occurs once, in any case (PROTOCOL.md section 5, duplicate-parameter): HTTP joins repeated values, and the signer and the server may sign different text",
  body: "acs-rpc API rule (invalid-option): a GET request has no body (fetch refuses one)",
  credentials:
    "acs-rpc API rule (invalid-credentials): the access key id goes into 'Credential=<id>,' of the Authorization header, so it holds no white space or comma; id and secret are non-empty",
} as const;

const V3_RULE = [
  RULES_V3.headers,
  RULES_V3.query,
  RULES_V3.canonicalHeaders,
  RULES_V3.request,
  RULES_V3.sign,
  RULES_V3.url,
].join(" | ");

interface V3Input {
  action: string;
  method: string;
  version: string;
  timestamp: string;
  clock?: string;
  nonce: string;
  accessKeyId: Text;
  accessKeySecret: Text;
  securityToken: Text | null;
  endpoint: string;
  protocol: "https" | "http";
  params: [Text, Text][];
  headers: [string, string][];
  body: null | { text: Text } | { base64: string };
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function bodyBytes(body: V3Input["body"]): Uint8Array | null {
  if (body === null) return null;
  if ("base64" in body) return Uint8Array.from(atob(body.base64), (c) => c.charCodeAt(0));
  return new TextEncoder().encode(decodeText(body.text));
}

function ruleSignV3(input: V3Input) {
  // What an HTTP client sends as Host for this URL.
  const host = new URL(`${input.protocol}://${input.endpoint}/`).host;
  const bytes = bodyBytes(input.body);
  const hashedPayload = sha256Hex(bytes ?? new Uint8Array(0));
  const given = input.headers.find(([name]) => name.toLowerCase() === "content-type");
  const contentType = given !== undefined
    ? undefined
    : input.body === null
    ? undefined
    : "text" in input.body
    ? "application/x-www-form-urlencoded"
    : "application/octet-stream";
  const sent: [string, string][] = [
    ["x-acs-action", input.action],
    ["x-acs-version", input.version],
    ["x-acs-date", input.timestamp],
    ["x-acs-signature-nonce", input.nonce],
    ["x-acs-content-sha256", hashedPayload],
  ];
  if (input.securityToken !== null) {
    sent.push(["x-acs-security-token", decodeText(input.securityToken)]);
  }
  if (contentType !== undefined) sent.push(["content-type", contentType]);
  for (const [name, value] of input.headers) sent.push([name, value]);
  const signed = new Map<string, string>([["host", host]]);
  for (const [name, value] of sent) {
    const lower = name.toLowerCase();
    if (lower === "content-type" || lower.startsWith("x-acs-")) {
      signed.set(lower, value.replace(/^[ \t]+|[ \t]+$/g, ""));
    }
  }
  const names = [...signed.keys()].sort();
  const canonicalHeaders = names.map((name) => `${name}:${signed.get(name)}\n`).join("");
  const signedHeaders = names.join(";");
  const canonicalQuery = ruleCanonicalize(
    input.params.map(([n, v]) => [decodeText(n), decodeText(v)] as [string, string]),
  );
  const canonicalRequest = [
    input.method,
    "/",
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    hashedPayload,
  ].join("\n");
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(new TextEncoder().encode(canonicalRequest))}`;
  const signature = createHmac("sha256", decodeText(input.accessKeySecret))
    .update(stringToSign, "utf8").digest("hex");
  const authorization = `ACS3-HMAC-SHA256 Credential=${
    decodeText(input.accessKeyId)
  },SignedHeaders=${signedHeaders},Signature=${signature}`;
  const headers: Record<string, string> = {};
  for (const name of names) if (name !== "host") headers[name] = signed.get(name)!;
  headers.authorization = authorization;
  return {
    canonicalRequest,
    stringToSign,
    signature,
    authorization,
    headers,
    url: `${input.protocol}://${host}/${canonicalQuery === "" ? "" : `?${canonicalQuery}`}`,
    body: bytes === null ? null : btoa(String.fromCharCode(...bytes)),
  };
}

const V3_DOC: V3Input = {
  action: "RunInstances",
  method: "POST",
  version: "2014-05-26",
  timestamp: "2023-10-26T10:22:32Z",
  nonce: "3156853299f313e23d1673dc12e1703d",
  accessKeyId: "YourAccessKeyId",
  accessKeySecret: "YourAccessKeySecret",
  securityToken: null,
  endpoint: "ecs.cn-shanghai.aliyuncs.com",
  protocol: "https",
  params: [
    ["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"],
    ["RegionId", "cn-shanghai"],
  ],
  headers: [],
  body: null,
};
/** A second base: a GET in another region, with another key. */
const V3_HZ: V3Input = {
  ...V3_DOC,
  action: "DescribeInstances",
  method: "GET",
  timestamp: "2024-05-06T07:08:09Z",
  nonce: "0c4b6b8e5f0a4d3c9a8e2b1f3c4d5e6f",
  accessKeyId: "LTAI5tExampleKeyId",
  accessKeySecret: "ExampleSecret0123456789abcdef",
  endpoint: "ecs.cn-hangzhou.aliyuncs.com",
  params: [["RegionId", "cn-hangzhou"]],
};
const V3_DOC_HASHED = "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259";
const V3_DOC_SIGNATURE = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";

function v3Features(input: V3Input): string[] {
  const features: string[] = [];
  if (input.method === "POST") features.push("post");
  if (input.securityToken !== null) features.push("security-token");
  if (input.version !== "2014-05-26") features.push("custom-version");
  const texts: Text[] = [input.accessKeyId, input.accessKeySecret, ...input.params.flat()];
  if (input.securityToken !== null) texts.push(input.securityToken);
  if (input.body !== null && "text" in input.body) texts.push(input.body.text);
  return [...features, ...textFeatures(...texts)];
}

function v3Case(
  id: string,
  description: string,
  changes: Partial<V3Input>,
  extra: { base?: V3Input; rule?: string; notes?: string; peersDeviate?: string } = {},
): void {
  const input: V3Input = { ...(extra.base ?? V3_HZ), ...changes };
  const features = v3Features(input);
  drafts.v3.push({
    id: `v3-${id}`,
    description,
    operation: "sign-v3",
    ...(features.length ? { features } : {}),
    input: input as unknown as Record<string, unknown>,
    expected: { output: ruleSignV3(input) },
    evidence: {
      rule: extra.rule === undefined ? V3_RULE : `${V3_RULE} | ${extra.rule}`,
      ...(extra.notes ? { notes: extra.notes } : {}),
    },
    ...(extra.peersDeviate ? { peersDeviate: extra.peersDeviate } : {}),
  });
}

function v3ErrorCase(
  id: string,
  description: string,
  changes: Partial<V3Input> & Record<string, unknown>,
  code: string,
  rule: string,
): void {
  const input = { ...V3_HZ, ...changes } as V3Input;
  const features = v3Features(input);
  drafts.v3.push({
    id: `v3-error-${id}`,
    description,
    operation: "sign-v3",
    ...(features.length ? { features } : {}),
    input: input as unknown as Record<string, unknown>,
    expected: { error: code },
    evidence: { rule },
  });
}

const NAMES_UNENCODED =
  "the Tea SDKs' getAuthorization writes parameter names unencoded in the canonical query";
const DOC_V3 = { base: V3_DOC };

v3Case("doc-example", "The documentation's worked example: RunInstances by POST, empty body", {}, {
  ...DOC_V3,
  notes:
    `The V3 signature page prints this canonical request, the hashed canonical request ${V3_DOC_HASHED} and the signature ${V3_DOC_SIGNATURE}; the derivation reproduces both`,
});
v3Case("doc-example-get", "The documentation's example sent with GET", { method: "GET" }, DOC_V3);
v3Case(
  "doc-example-sts",
  "The documentation's example with STS credentials: x-acs-security-token is signed",
  { securityToken: TOKEN },
  {
    ...DOC_V3,
    notes:
      "the documentation lists x-acs-security-token only; openapi-client and openapi-core also send and sign x-acs-accesskey-id with STS credentials",
  },
);
v3Case(
  "sts-with-accesskey-id-header",
  "STS credentials and an x-acs-accesskey-id header given by the caller (as the Tea SDKs add it)",
  { securityToken: TOKEN, headers: [["x-acs-accesskey-id", "LTAI5tExampleKeyId"]] },
);
v3Case("no-params", "DescribeRegions without parameters: an empty canonical query and no query", {
  action: "DescribeRegions",
  params: [],
  endpoint: "ecs.aliyuncs.com",
});
v3Case("custom-version", "Another API version in x-acs-version", {
  action: "DescribeRegions",
  version: "2016-03-14",
});
v3Case("http", "Plain HTTP (no secret in the request)", { protocol: "http" });
v3Case("endpoint-port", "A local endpoint with a port: the signed host keeps it", {
  endpoint: "127.0.0.1:8788",
  protocol: "http",
});
v3Case(
  "endpoint-default-port",
  "An endpoint with the default port: the host sent, and signed, has none",
  { endpoint: "ecs.cn-hangzhou.aliyuncs.com:443" },
  {
    notes: "an HTTP client sends Host without the scheme's default port",
    peersDeviate: "the Tea SDKs sign the host as the endpoint is written, ':443' included",
  },
);
v3Case(
  "endpoint-upper-case",
  "An endpoint in upper case: the host sent, and signed, is in lower case",
  { endpoint: "ECS.CN-Hangzhou.Aliyuncs.com" },
  {
    notes: "an HTTP client sends the host of a URL in lower case",
    peersDeviate: "the Tea SDKs sign the host as the endpoint is written, in upper case",
  },
);
v3Case("clock-milliseconds", "A clock with milliseconds: x-acs-date has none (cut, not rounded)", {
  clock: "2024-05-06T07:08:09.999Z",
});
v3Case("secret-non-ascii", "A secret with non-ASCII characters: the HMAC key is its UTF-8", {
  accessKeySecret: "秘密Key+/=",
});
v3Case("post-params-in-query", "A POST without a body: the parameters stay in the query", {
  method: "POST",
  action: "ModifyInstanceAttribute",
  params: [["InstanceId", "i-bp1example"], ["InstanceName", "web-01"]],
});
for (
  const [id, description, value] of [
    ["value-space", "A value with a space (%20, never '+')", "a b"],
    ["value-plus", "A value with '+' (%2B)", "a+b"],
    ["value-asterisk-tilde", "A value with '*' (%2A) and '~' (kept)", "a*b~c"],
    [
      "value-sub-delims",
      "A value with ' ( ) ! (encoded, though encodeURIComponent keeps them)",
      "it's (really) great!",
    ],
    ["value-reserved", "A value with every reserved character", ":/?#[]@$&=;,"],
    ["value-percent", "A value with '%' (%25)", "100% 50%25"],
    ["value-cjk", "Chinese text in a value", "测试实例"],
    ["value-emoji", "An emoji (a surrogate pair, four UTF-8 bytes)", "web 😀"],
    ["value-latin1", "Latin-1 letters (two UTF-8 bytes each)", "é ü ß"],
    ["value-controls", "A tab and a newline in a value", "a\tb\nc"],
  ] as const
) {
  v3Case(id, description, {
    action: "ModifyInstanceAttribute",
    params: [["InstanceId", "i-bp1example"], ["InstanceName", value]],
  });
}
v3Case("empty-value", "An empty value gives 'name='", {
  params: [["RegionId", "cn-hangzhou"], ["NextToken", ""]],
});
v3Case("all-empty-values", "Only empty values", { params: [["B", ""], ["A", ""]] });
v3Case(
  "repeat-list",
  "A repeat list of ten: InstanceId.10 sorts before InstanceId.2",
  {
    params: [
      ["RegionId", "cn-hangzhou"],
      ...Array.from(
        { length: 10 },
        (_, i) => [`InstanceId.${i + 1}`, `i-${i + 1}`] as [string, string],
      ),
    ],
  },
);
v3Case("repeat-list-tags", "Tags as a repeat list of objects (Tag.N.Key, Tag.N.Value)", {
  params: [
    ["RegionId", "cn-hangzhou"],
    ["Tag.1.Key", "env"],
    ["Tag.1.Value", "prod line"],
    ["Tag.2.Key", "owner"],
    ["Tag.2.Value", "张三"],
  ],
});
v3Case("name-sort-case", "Names sorted by code unit: upper case before '_' before lower case", {
  params: [["b", "1"], ["_x", "2"], ["B", "3"], ["a", "4"], ["A_b", "5"], ["Ab", "6"]],
});
v3Case(
  "name-space",
  "A parameter name with a space: encoded in the canonical query",
  { params: [["RegionId", "cn-hangzhou"], ["My Param", "x"]] },
  { peersDeviate: NAMES_UNENCODED },
);
v3Case(
  "name-non-ascii",
  "A non-ASCII parameter name: encoded in the canonical query",
  { params: [["RegionId", "cn-hangzhou"], ["名称", "值"]] },
  { peersDeviate: NAMES_UNENCODED },
);
v3Case(
  "name-sort-before-encoding",
  "'aZ' sorts before 'a[' unencoded, though '%5B' would sort first",
  { params: [["a[", "1"], ["aZ", "2"]] },
  { peersDeviate: NAMES_UNENCODED },
);
v3Case("sts-token-special", "An STS token with '+', '/' and '=': sent in a header as it is", {
  securityToken: "CAIS+AF1q6Ft5B2y/token==",
});
v3Case("header-extra-signed", "A caller's x-acs-* header is signed", {
  headers: [["x-acs-custom", "v"]],
});
v3Case("header-mixed-case", "A caller's header name in mixed case is signed in lower case", {
  headers: [["X-Acs-Custom", "Value"]],
});
v3Case("header-padded", "A header value's leading and trailing spaces are trimmed", {
  headers: [["x-acs-custom", "  padded value  "]],
});
v3Case("header-inner-whitespace", "Inner spaces and tabs of a header value are kept", {
  headers: [["x-acs-note", "a  b\tc"]],
});
v3Case("header-empty-value", "An x-acs-* header with an empty value is signed as 'name:'", {
  headers: [["x-acs-empty", ""]],
});
v3Case("header-unsigned", "Headers other than host, content-type and x-acs-* are not signed", {
  headers: [["x-custom-unsigned", "v"], ["Accept-Language", "en-US"]],
});
v3Case(
  "header-several-sorted",
  "Several x-acs-* headers sorted by name ('x-acs-a' < 'x-acs-a-b' < 'x-acs-b')",
  {
    headers: [["x-acs-b", "2"], ["x-acs-a-b", "3"], ["x-acs-a", "1"]],
  },
);
v3Case("header-content-type-without-body", "A content-type without a body is signed too", {
  headers: [["Content-Type", "application/json"]],
});
const FORM_POST = {
  method: "POST",
  action: "ModifyInstanceAttribute",
  params: [["InstanceId", "i-bp1example"]] as [Text, Text][],
};
v3Case(
  "form-body",
  "POST with a form body: content-type signed, the body's SHA-256 sent and signed",
  { ...FORM_POST, body: { text: "InstanceName=web%2001&Description=%C3%A9~x" } },
  { rule: RULES_V3.contentType },
);
v3Case(
  "form-body-sub-delims",
  "POST with a form body holding %27 %28 %29 %21 %2A: hashed as written",
  { ...FORM_POST, body: { text: "Description=it%27s%20%28really%29%20great%21%2A" } },
  {
    rule: RULES_V3.contentType,
    peersDeviate:
      "the Tea SDKs take a form body as fields and encode it with node:querystring, which leaves ' ( ) ! * unencoded: they send, and sign, another body",
  },
);
v3Case(
  "form-body-empty-field",
  "POST with a form body of one empty field",
  { ...FORM_POST, body: { text: "Description=" } },
  { rule: RULES_V3.contentType },
);
v3Case(
  "form-body-repeat-list",
  "POST with a repeat list in the form body",
  {
    ...FORM_POST,
    body: { text: "Tag.1.Key=env&Tag.1.Value=prod&Tag.2.Key=team&Tag.2.Value=a%20b" },
  },
  { rule: RULES_V3.contentType },
);
v3Case(
  "form-body-unicode",
  "POST with UTF-8 text in the form body",
  { ...FORM_POST, body: { text: "InstanceName=%E6%B5%8B%E8%AF%95%F0%9F%98%80" } },
  { rule: RULES_V3.contentType },
);
v3Case(
  "json-body",
  "POST with a JSON body and its content-type",
  {
    ...FORM_POST,
    params: [],
    headers: [["content-type", "application/json"]],
    body: { text: '{"InstanceId":"i-bp1example","Tags":["a","b"]}' },
  },
  { rule: RULES_V3.contentType },
);
v3Case(
  "bytes-body",
  "POST with raw bytes (not UTF-8) and their content-type",
  {
    ...FORM_POST,
    headers: [["content-type", "application/octet-stream"]],
    body: { base64: btoa(String.fromCharCode(0, 1, 2, 0x80, 0xfe, 0xff)) },
  },
  { rule: RULES_V3.contentType },
);
v3Case(
  "bytes-body-all-values",
  "POST with every byte value once",
  {
    ...FORM_POST,
    headers: [["Content-Type", "application/octet-stream"]],
    body: { base64: btoa(String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i))) },
  },
  { rule: RULES_V3.contentType },
);
v3Case(
  "bytes-body-default-type",
  "POST with raw bytes and no content-type: sent as application/octet-stream",
  { ...FORM_POST, body: { base64: btoa("\x00\x01\x02") } },
  {
    rule: RULES_V3.contentType,
    peersDeviate: "the Tea SDKs send raw bytes without a content-type",
  },
);
v3Case(
  "text-body-custom-type",
  "POST with a text body and a content-type of the caller's, padded",
  {
    ...FORM_POST,
    headers: [["Content-Type", " text/plain; charset=utf-8 "]],
    body: { text: "plain text body" },
  },
  { rule: RULES_V3.contentType },
);

v3ErrorCase(
  "reserved-timestamp",
  "A Timestamp parameter (the RPC signature's)",
  {
    params: [["Timestamp", "2024-05-06T07:08:09Z"]],
  },
  "reserved-parameter",
  RULES_V3.reserved,
);
v3ErrorCase(
  "reserved-lower-case",
  "A 'signaturenonce' parameter (compared case-insensitively)",
  {
    params: [["signaturenonce", "n"]],
  },
  "reserved-parameter",
  RULES_V3.reserved,
);
v3ErrorCase(
  "reserved-format",
  "A Format parameter (V3 has none)",
  {
    params: [["Format", "JSON"]],
  },
  "reserved-parameter",
  RULES_V3.reserved,
);
v3ErrorCase(
  "reserved-header-date",
  "An x-acs-date header of the caller's",
  {
    headers: [["x-acs-date", "2024-05-06T07:08:09Z"]],
  },
  "reserved-parameter",
  RULES_V3.reserved,
);
v3ErrorCase(
  "reserved-header-host",
  "A Host header of the caller's",
  {
    headers: [["Host", "other.example.com"]],
  },
  "reserved-parameter",
  RULES_V3.reserved,
);
v3ErrorCase(
  "reserved-header-authorization",
  "An Authorization header of the caller's",
  {
    headers: [["Authorization", "ACS3-HMAC-SHA256 Credential=x"]],
  },
  "reserved-parameter",
  RULES_V3.reserved,
);
v3ErrorCase(
  "header-newline",
  "A header value with a newline",
  {
    headers: [["x-acs-note", "a\r\nb"]],
  },
  "invalid-header",
  RULES_V3.header,
);
v3ErrorCase(
  "header-non-ascii",
  "A header value with a non-ASCII character",
  {
    headers: [["x-acs-note", "测试"]],
  },
  "invalid-header",
  RULES_V3.header,
);
v3ErrorCase(
  "header-name-space",
  "A header name with a space",
  {
    headers: [["x-acs bad", "v"]],
  },
  "invalid-header",
  RULES_V3.header,
);
v3ErrorCase(
  "header-twice",
  "The same header twice, in different case",
  {
    headers: [["X-Acs-Note", "a"], ["x-acs-note", "b"]],
  },
  "duplicate-parameter",
  RULES_V3.duplicateHeader,
);
v3ErrorCase(
  "duplicate-parameter",
  "The same parameter twice",
  {
    params: [["InstanceId", "i-1"], ["InstanceId", "i-2"]],
  },
  "duplicate-parameter",
  RULES.duplicate,
);
v3ErrorCase(
  "empty-name",
  "A parameter with an empty name",
  {
    params: [["", "x"]],
  },
  "invalid-parameter-name",
  RULES.name,
);
v3ErrorCase(
  "lone-surrogate-value",
  "A parameter value with a lone surrogate",
  {
    params: [["InstanceName", { utf16: [0x41, 0xd800] }]],
  },
  "invalid-unicode",
  RULES.unicode,
);
v3ErrorCase(
  "lone-surrogate-body",
  "A text body with a lone surrogate",
  {
    method: "POST",
    body: { text: { utf16: [0x61, 0x3d, 0xdc00] } },
  },
  "invalid-unicode",
  RULES.unicode,
);
v3ErrorCase(
  "body-on-get",
  "A body on a GET request",
  {
    body: { text: "a=1" },
  },
  "invalid-option",
  RULES_V3.body,
);
v3ErrorCase("method-put", "Method PUT", { method: "PUT" }, "invalid-option", RULES.option);
v3ErrorCase("empty-action", "An empty action", { action: "" }, "invalid-action", RULES.action);
v3ErrorCase(
  "empty-secret",
  "An empty access key secret",
  {
    accessKeySecret: "",
  },
  "invalid-credentials",
  RULES_V3.credentials,
);
v3ErrorCase(
  "access-key-id-comma",
  "An access key id with a comma",
  {
    accessKeyId: "LTAI5t,Example",
  },
  "invalid-credentials",
  RULES_V3.credentials,
);
v3ErrorCase(
  "http-with-token",
  "Plain HTTP with a security token",
  {
    protocol: "http",
    securityToken: TOKEN,
  },
  "insecure-protocol",
  RULES.insecure,
);
v3ErrorCase(
  "http-with-password",
  "Plain HTTP with a Password parameter",
  {
    protocol: "http",
    params: [["InstanceId", "i-bp1example"], ["Password", "Secret123!"]],
  },
  "insecure-protocol",
  RULES.insecure,
);

{
  const doc = ruleSignV3(V3_DOC);
  if (
    doc.stringToSign !== `ACS3-HMAC-SHA256\n${V3_DOC_HASHED}` || doc.signature !== V3_DOC_SIGNATURE
  ) {
    throw new Error("the V3 rules do not reproduce the documentation's worked example");
  }
}

// ---------------------------------------------------------------------------
// Confirming with the peers.

const SELF = new Set(["acs-rpc", "acs-rpc-inprocess", "acs-rpc-npm"]);

async function confirm(all: Draft[]): Promise<string[]> {
  const problems: string[] = [];
  const registry = (await loadRegistry()).filter((r) => !SELF.has(r.name) && r.command);
  const agreed = new Map<string, string[]>(all.map((d) => [d.id, []]));
  const answered = new Map<string, string[]>(all.map((d) => [d.id, []]));
  for (const registration of registry) {
    const missing = await probe(registration);
    if (missing !== null) {
      console.error(
        `gen_cases: peer ${registration.name} not installed (${missing}); not consulted`,
      );
      continue;
    }
    const adapter = new Adapter(commandOf(registration));
    let hello;
    try {
      hello = await adapter.start();
    } catch (error) {
      console.error(
        `gen_cases: peer ${registration.name} did not start: ${(error as Error).message}`,
      );
      continue;
    }
    const label = `${registration.name} ${hello.version}`;
    console.error(`gen_cases: consulting ${label}`);
    for (const draft of all) {
      if (!hello.operations.includes(draft.operation)) continue;
      if ((draft.features ?? []).some((f) => !hello.features.includes(f))) continue;
      const exchange = await adapter.send(draft, 10_000);
      if (exchange.kind !== "answer") continue;
      const status = exchange.answer.status;
      if (status === "skipped" || status === "internal") continue;
      answered.get(draft.id)!.push(label);
      const testCase = { ...draft, since: sinceOf(draft), profile: profileOf(draft) };
      if (check(testCase, exchange.answer).status === "pass") {
        agreed.get(draft.id)!.push(label);
      }
    }
    await adapter.stop();
  }
  for (const draft of all) {
    const yes = agreed.get(draft.id)!;
    const asked = answered.get(draft.id)!;
    if (yes.length > 0) draft.evidence.implementations = yes;
    if ("output" in draft.expected && asked.length > 0 && yes.length === 0) {
      if (draft.peersDeviate === undefined) {
        problems.push(
          `${draft.id}: derived output contradicted by every peer (${asked.join(", ")})`,
        );
      } else {
        draft.evidence.notes = [draft.evidence.notes, `peers deviate: ${draft.peersDeviate}`]
          .filter(Boolean).join("; ");
      }
    }
  }
  return problems;
}

const GROUP_DESCRIPTIONS: Record<Group, string> = {
  encode: "A string and its percent-encoding under the RPC signature rules",
  canonicalize: "Flat name/value pairs and the canonicalized query string",
  sign: "A whole request and every stage of its signature",
  flatten: "Structured API parameters and the flat pairs they are sent as",
  endpoint: "A region id and network and the ECS endpoint host",
  error: "Inputs that must be refused, compared by stable error code",
  v3:
    "Signature V3 (ACS3-HMAC-SHA256): a whole request and every stage of its signature, and the inputs a V3 signer must refuse",
};

const all = GROUPS.flatMap((g) => drafts[g]);
const ids = new Set<string>();
for (const draft of all) {
  if (ids.has(draft.id)) throw new Error(`Duplicate case id ${draft.id}`);
  ids.add(draft.id);
}
const problems = await confirm(all);
if (problems.length > 0) {
  console.error(problems.join("\n"));
  Deno.exit(1);
}

let changed = 0;
for (const group of GROUPS) {
  const file: CaseFile = {
    suite: SUITE_VERSION,
    group,
    description: GROUP_DESCRIPTIONS[group],
    cases: drafts[group].map(({ peersDeviate: _, ...draft }) => ({
      id: draft.id,
      description: draft.description,
      since: sinceOf(draft),
      operation: draft.operation,
      profile: profileOf(draft),
      ...(draft.features ? { features: draft.features } : {}),
      input: draft.input,
      expected: draft.expected,
      evidence: draft.evidence,
      ...(draft.mistakes ? { mistakes: draft.mistakes } : {}),
      ...(draft.erratum ? { erratum: draft.erratum } : {}),
    })),
  };
  const text = JSON.stringify(file, null, 2) + "\n";
  const url = new URL(`../cases/${group}.json`, import.meta.url);
  const before = await Deno.readTextFile(url).catch(() => null);
  if (before !== text) {
    changed++;
    if (Deno.args.includes("--check")) {
      console.error(`gen_cases: cases/${group}.json would change`);
    } else {
      await Deno.writeTextFile(url, text);
    }
  }
}
console.error(
  `gen_cases: ${all.length} cases, ${changed} file(s) ${
    Deno.args.includes("--check") ? "out of date" : "written"
  }`,
);
if (Deno.args.includes("--check") && changed > 0) Deno.exit(1);
