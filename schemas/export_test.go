package schemas

// Accepts reports whether the hand-written accepter of endpoint's request
// schema, if it has one, accepts doc.
func Accepts(endpoint string, doc any) bool {
	f := accepters()[endpoint+"."+Request]
	return f != nil && f(doc)
}
