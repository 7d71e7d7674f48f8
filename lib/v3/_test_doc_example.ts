// The worked example of Alibaba Cloud's "Request syntax and signature method
// V3" page, stage by stage, as printed there: data shared by the stage tests
// (a private helper: no entry imports it).

/** SHA-256 of no bytes: the hashed payload of a request without a body. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export const DOC = {
  method: "POST",
  host: "ecs.cn-shanghai.aliyuncs.com",
  action: "RunInstances",
  version: "2014-05-26",
  date: "2023-10-26T10:22:32Z",
  nonce: "3156853299f313e23d1673dc12e1703d",
  accessKeyId: "YourAccessKeyId",
  accessKeySecret: "YourAccessKeySecret",
  params: [
    ["ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"],
    ["RegionId", "cn-shanghai"],
  ] as [string, string][],
} as const;

export const DOC_CANONICAL_QUERY =
  "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai";
export const DOC_CANONICAL_HEADERS = "host:ecs.cn-shanghai.aliyuncs.com\n" +
  "x-acs-action:RunInstances\n" +
  `x-acs-content-sha256:${EMPTY_SHA256}\n` +
  "x-acs-date:2023-10-26T10:22:32Z\n" +
  "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n" +
  "x-acs-version:2014-05-26\n";
export const DOC_SIGNED_HEADERS =
  "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version";
export const DOC_CANONICAL_REQUEST = `POST\n/\n${DOC_CANONICAL_QUERY}\n${DOC_CANONICAL_HEADERS}\n` +
  `${DOC_SIGNED_HEADERS}\n${EMPTY_SHA256}`;
export const DOC_HASHED_CANONICAL_REQUEST =
  "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259";
export const DOC_STRING_TO_SIGN = `ACS3-HMAC-SHA256\n${DOC_HASHED_CANONICAL_REQUEST}`;
export const DOC_SIGNATURE = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";
export const DOC_AUTHORIZATION =
  `ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=${DOC_SIGNED_HEADERS},Signature=${DOC_SIGNATURE}`;
