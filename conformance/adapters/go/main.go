// Conformance adapter for github.com/denverdino/aliyungo (Debian package
// golang-github-denverdino-aliyungo-dev), speaking conformance/PROTOCOL.md version 1 over
// stdin/stdout. Built in GOPATH mode by run.sh; logs go to stderr only.
//
// What it calls (nothing is re-implemented; only glue that maps the case to aliyungo's own
// types and back):
//
//   - encode:       url.QueryEscape (what aliyungo's signer applies to every name and value,
//                   through url.Values.Encode) followed by aliyungo's own util.percentReplace.
//   - canonicalize: util.percentReplace(values.Encode()), the exact expression on the first
//                   line of util.CreateSignatureForRequest. percentReplace is unexported, so it
//                   is reached with go:linkname (see empty.s); values is a url.Values built
//                   with Add from the pairs, in their order.
//   - sign:         the common parameters go into aliyungo's own common.Request struct (the
//                   fields its unexported Request.init sets), flattened with
//                   util.ConvertToQueryValues, the API parameters merged with
//                   util.SetQueryValues (as common.Client.Invoke does), the secret taken from
//                   common.Client.Init (which appends the "&"), and the signature made by
//                   util.CreateSignatureForRequest(method, ...). The string to sign is
//                   internal to CreateSignatureForRequest, so that stage is not reported.
//                   url/body are assembled exactly as common.Client.Invoke (GET) and
//                   common.Client.InvokeByAnyMethod (POST) assemble them (client.go), with the
//                   endpoint "<protocol>://<endpoint>/" (aliyungo's own endpoints have no
//                   trailing slash; on the wire both give the request target "/").
//
// Clock and nonce: aliyungo reads time.Now() and util.CreateRandomString() only inside the
// unexported Request.init, which the adapter does not call; the adapter puts the case's
// nonce into Request.SignatureNonce and the case's instant (parsed with aliyungo's own
// ISO6801Time.UnmarshalJSON) into Request.Timestamp; when the case gives a "clock" reading,
// Request.Timestamp is util.NewISO6801Time(clock), as Request.init makes it from time.Now().
// Nothing is sent over the network: Client.Init only stores its arguments and builds an
// unused http.Client.
//
// Strings: Go strings are UTF-8 byte strings and cannot hold a lone UTF-16 surrogate, so
// the adapter does not declare utf16-text; a {"utf16": [...]} value that has one is skipped.
// aliyungo has no flattening of generic structured input (util.SetQueryValues walks Go
// struct types and their tags), so flatten is not declared either.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode/utf16"
	_ "unsafe" // for go:linkname

	"github.com/denverdino/aliyungo/common"
	"github.com/denverdino/aliyungo/util"
)

// aliyungo's util.percentReplace (util/signature.go).
//
//go:linkname percentReplace github.com/denverdino/aliyungo/util.percentReplace
func percentReplace(str string) string

// Set at build time by run.sh from `dpkg-query -W -f '${Version}' golang-github-denverdino-aliyungo-dev`.
var implVersion = "unknown"

type skip struct{ reason string }

func (s skip) Error() string { return s.reason }

// text decodes a protocol Text: a JSON string or {"utf16": [code units]}.
func text(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var typed struct {
		UTF16 []uint16 `json:"utf16"`
	}
	if err := json.Unmarshal(raw, &typed); err != nil || typed.UTF16 == nil {
		return "", fmt.Errorf("not a Text: %s", string(raw))
	}
	for i := 0; i < len(typed.UTF16); i++ {
		u := typed.UTF16[i]
		if utf16.IsSurrogate(rune(u)) {
			if u < 0xDC00 && i+1 < len(typed.UTF16) && typed.UTF16[i+1] >= 0xDC00 && typed.UTF16[i+1] <= 0xDFFF {
				i++
				continue
			}
			return "", skip{"Go strings cannot hold a lone UTF-16 surrogate"}
		}
	}
	return string(utf16.Decode(typed.UTF16)), nil
}

func pairs(raw []json.RawMessage) ([][2]string, error) {
	out := make([][2]string, 0, len(raw))
	for _, p := range raw {
		var two []json.RawMessage
		if err := json.Unmarshal(p, &two); err != nil || len(two) != 2 {
			return nil, fmt.Errorf("not a pair: %s", string(p))
		}
		k, err := text(two[0])
		if err != nil {
			return nil, err
		}
		v, err := text(two[1])
		if err != nil {
			return nil, err
		}
		out = append(out, [2]string{k, v})
	}
	return out, nil
}

func valuesOf(ps [][2]string) url.Values {
	values := url.Values{}
	for _, p := range ps {
		values.Add(p[0], p[1])
	}
	return values
}

func encodeOp(input json.RawMessage) (interface{}, error) {
	var in struct {
		Text json.RawMessage `json:"text"`
	}
	if err := json.Unmarshal(input, &in); err != nil {
		return nil, err
	}
	s, err := text(in.Text)
	if err != nil {
		return nil, err
	}
	return map[string]string{"encoded": percentReplace(url.QueryEscape(s))}, nil
}

func canonicalizeOp(input json.RawMessage) (interface{}, error) {
	var in struct {
		Pairs []json.RawMessage `json:"pairs"`
	}
	if err := json.Unmarshal(input, &in); err != nil {
		return nil, err
	}
	ps, err := pairs(in.Pairs)
	if err != nil {
		return nil, err
	}
	values := valuesOf(ps)
	return map[string]string{"canonicalQuery": percentReplace(values.Encode())}, nil
}

func signOp(input json.RawMessage) (interface{}, error) {
	var in struct {
		Action          string            `json:"action"`
		Method          string            `json:"method"`
		Format          string            `json:"format"`
		Version         string            `json:"version"`
		Timestamp       string            `json:"timestamp"`
		Clock           *string           `json:"clock"`
		Nonce           string            `json:"nonce"`
		AccessKeyID     string            `json:"accessKeyId"`
		AccessKeySecret string            `json:"accessKeySecret"`
		SecurityToken   *string           `json:"securityToken"`
		Endpoint        string            `json:"endpoint"`
		Protocol        string            `json:"protocol"`
		Params          []json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal(input, &in); err != nil {
		return nil, err
	}
	ps, err := pairs(in.Params)
	if err != nil {
		return nil, err
	}

	// The instant, parsed by aliyungo's own ISO6801Time (it accepts
	// 2006-01-02T15:04:05Z and 2006-01-02T15:04Z).
	var ts util.ISO6801Time
	if in.Clock != nil {
		// A clock reading to pin (PROTOCOL.md, sign): what Request.init does with time.Now(),
		// util.NewISO6801Time, which cuts the sub-seconds itself.
		t, err := time.Parse(time.RFC3339Nano, *in.Clock)
		if err != nil {
			return nil, skip{"clock is not an instant aliyungo can be given: " + *in.Clock}
		}
		ts = util.NewISO6801Time(t.UTC())
	} else if err := ts.UnmarshalJSON([]byte(`"` + in.Timestamp + `"`)); err != nil {
		// Not a form aliyungo parses (e.g. with fractional seconds): pin to the instant the
		// text denotes; aliyungo formats it itself (NewISO6801Time drops sub-seconds).
		t, err2 := time.Parse(time.RFC3339Nano, in.Timestamp)
		if err2 != nil {
			return nil, skip{"timestamp is not an instant aliyungo can be given: " + in.Timestamp}
		}
		ts = util.NewISO6801Time(t)
	}

	endpoint := in.Protocol + "://" + in.Endpoint + "/"
	var client common.Client
	client.Init(endpoint, in.Version, in.AccessKeyID, in.AccessKeySecret)

	// The fields common.Request.init sets, with the case's values.
	request := common.Request{
		Format:           in.Format,
		Version:          in.Version,
		AccessKeyId:      client.AccessKeyId,
		SignatureMethod:  common.SignatureMethod,
		SignatureVersion: common.SignatureVersion,
		SignatureNonce:   in.Nonce,
		Timestamp:        ts,
		Action:           in.Action,
	}
	if in.SecurityToken != nil {
		request.SecurityToken = *in.SecurityToken
	}
	query := util.ConvertToQueryValues(request)
	util.SetQueryValues(valuesOf(ps), &query)

	canonical := percentReplace(query.Encode())
	signature := util.CreateSignatureForRequest(in.Method, &query, client.AccessKeySecret)

	out := map[string]interface{}{
		"canonicalQuery": canonical,
		"signature":      signature,
	}
	if in.Method == "GET" {
		// common.Client.Invoke
		out["url"] = endpoint + "?" + query.Encode() + "&Signature=" + url.QueryEscape(signature)
		out["body"] = nil
	} else {
		// common.Client.InvokeByAnyMethod (path "")
		query.Add("Signature", signature)
		out["url"] = endpoint
		out["body"] = query.Encode()
	}
	return out, nil
}

func answer(id string, op string, input json.RawMessage) (res map[string]interface{}) {
	res = map[string]interface{}{"id": id}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "aliyungo adapter: panic in case %s: %v\n", id, r)
			res = map[string]interface{}{"id": id, "status": "error", "code": "unknown", "message": fmt.Sprint("panic: ", r)}
		}
	}()
	var out interface{}
	var err error
	switch op {
	case "encode":
		out, err = encodeOp(input)
	case "canonicalize":
		out, err = canonicalizeOp(input)
	case "sign":
		out, err = signOp(input)
	default:
		err = skip{"operation not supported: " + op}
	}
	var s skip
	switch {
	case errors.As(err, &s):
		res["status"] = "skipped"
		res["reason"] = s.reason
	case err != nil:
		res["status"] = "internal"
		res["message"] = err.Error()
	default:
		res["status"] = "ok"
		res["output"] = out
	}
	return res
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	for {
		line, err := in.ReadString('\n')
		line = strings.TrimRight(line, "\r\n")
		if line != "" {
			var msg struct {
				Type      string          `json:"type"`
				Protocol  int             `json:"protocol"`
				ID        string          `json:"id"`
				Operation string          `json:"operation"`
				Input     json.RawMessage `json:"input"`
			}
			if jerr := json.Unmarshal([]byte(line), &msg); jerr != nil {
				fmt.Fprintf(os.Stderr, "aliyungo adapter: bad line: %v\n", jerr)
			} else if msg.Type == "hello" {
				enc.Encode(map[string]interface{}{
					"type": "hello", "protocol": 1, "name": "aliyungo", "version": implVersion,
					"operations": []string{"encode", "canonicalize", "sign"},
					"features":   []string{"post", "security-token", "xml-format", "custom-version"},
				})
				if msg.Protocol != 1 {
					os.Exit(0)
				}
			} else if msg.Type == "case" {
				enc.Encode(answer(msg.ID, msg.Operation, msg.Input))
			} else {
				fmt.Fprintf(os.Stderr, "aliyungo adapter: ignoring message of type %q\n", msg.Type)
			}
		}
		if err != nil {
			return
		}
	}
}
