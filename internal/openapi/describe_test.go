package openapi_test

import (
	"fmt"
	"strings"

	verrors "github.com/pb33f/libopenapi-validator/errors"
)

// describe writes the validator's errors on one line each.
func describe(errs []*verrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "\n  %s: %s", e.Message, e.Reason)
		for _, se := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n    %s at %s", se.Reason, se.FieldPath)
		}
	}
	return b.String()
}
