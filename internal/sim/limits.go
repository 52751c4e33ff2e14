package sim

// Limits of the promoter family (seed 000 and REFERENCE.md). Lengths are
// UTF-8 byte lengths: "a Chinese character length of 3" (seed 000,
// getpromoter). The request schemas state the same limits; a test keeps the
// two in step.
const (
	MaxRoles             = 100
	MaxRoleNameBytes     = 50
	MaxRoleDescBytes     = 200
	MaxPromotersPerBatch = 10
	MaxDeclared          = 50000  // "the total number can not exceed 50000"
	MaxRecords           = 100000 // "binds a maximum of 100 thousand promoters"
	MaxRetailIDBytes     = 20
	MaxExtraInfoBytes    = 80
	MaxNameBytes         = 30
	MaxPhoneBytes        = 20
	PromoterPageSize     = 2000 // "the maximum number of pulls per page is 2,000"
)
