// Package openapi builds wxmock's OpenAPI 3.1 document at run time: every
// WeChat endpoint the server routes, from the same embedded JSON Schemas
// that validate its requests and answers, and the control API under
// /__wxmock/.
//
// The schemas' JSON Schema 2020-12 is OpenAPI 3.1's own dialect, so they go
// in as they are, with three rewrites that make the document
// self-contained: each schema file becomes a component (its path with "."
// for "/": "promoter.addpromoter.request"), each entry of a file's $defs a
// component of its own ("wxa.get_district.response.region"), and every
// $ref points into components/schemas. wxmock's keyword "maxBytes" (a
// length in UTF-8 bytes) becomes "x-maxBytes", an annotation that generic
// validators ignore instead of a keyword they do not know, with the
// "maxLength" it implies: no standard keyword counts bytes, so a generic
// validator passes a Chinese text that wxmock finds too long.
//
// The errcodes a request schema documents ("x-errcodes" and "x-errcode",
// see package schemas), with the errcodes of the checks every endpoint runs
// first (token, method, empty body, JSON syntax), become named examples of
// the endpoint's error answer, with the catalogue's errmsg.
package openapi
