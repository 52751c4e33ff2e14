// Package schemas holds wxmock's JSON Schemas, one request and one response
// schema per WeChat endpoint, embedded; Load lists them, and each is
// decoded and compiled at its first use (Warm compiles some ahead).
//
// Two annotations tie a request schema to WeChat's answers:
//
//   - "x-errcodes" at the root maps a failing keyword to the endpoint's errcode
//     ("type" → 47001, "maxBytes" → 103002, "*" → the rest);
//   - "x-errcode" on a property overrides that map for its own keywords (an
//     openid that fails "pattern" is 103007);
//   - "x-itemized" names an array whose items fail one by one: a violation
//     inside one of its items (other than a wrong type) is reported with
//     Itemized set, and the endpoint answers it in its fail_list instead of
//     rejecting the request.
//
// A request schema with "x-in": "query" describes the query string of an
// endpoint that takes no JSON body (GET endpoints and the media upload).
//
// The keyword "maxBytes" limits a string's length in UTF-8 bytes, as the
// promoter documents count it ("a Chinese character length of 3").
//
// DecodeRequest reads a request body with bounded work: a preflight walks
// the raw text against the schema's size limits (maxItems, maxBytes,
// maxLength) and the bounds every body keeps (MaxDepth, MaxValues,
// MaxItems), and answers a body over a limit before the schema library,
// which validates every item and collects every error, is given it.
package schemas
