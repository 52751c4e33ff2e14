package sim

// Storage types. They are what go-memdb holds and what a state export lists;
// wire types of the WeChat API live in httpapi. Objects read from memdb are
// copied before they are changed, never modified in place.

// App is a mini program or official account known to the simulator.
type App struct {
	AppID      string `json:"appid"`
	Secret     string `json:"secret"`
	Name       string `json:"name"`
	OriginalID string `json:"original_id"` // gh_..., the ToUserName of pushes
	CreatedAt  int64  `json:"created_at"`
	Push       Push   `json:"push"`
}

// Push is where and how an app's event pushes go (the message server
// settings of the MP console).
type Push struct {
	URL    string `json:"url"`     // empty: pushes are logged, not sent
	Token  string `json:"token"`   // signs every push
	AESKey string `json:"aes_key"` // EncodingAESKey, 43 characters
	Mode   string `json:"mode"`    // plain, safe or compat
}

// Sequence is a global id sequence: audit ids and store ids are unique
// across apps, so the admin API can name an audit by its id alone.
type Sequence struct {
	Name string `json:"name"`
	Next uint64 `json:"next"`
}

// Token kinds: the two endpoints keep separate tokens that do not invalidate
// each other (REFERENCE.md, "Tokens and media").
const (
	TokenKindPlain  = "token"
	TokenKindStable = "stable"
)

// Token is an issued access_token.
type Token struct {
	Value     string `json:"access_token"`
	AppID     string `json:"appid"`
	Kind      string `json:"kind"`
	IssuedAt  int64  `json:"issued_at"`
	ExpiresAt int64  `json:"expires_at"`
	// RevokedAt, when not zero, is the moment a newer token made this one
	// invalid ("not latest"); it may lie up to five minutes in the future.
	RevokedAt int64 `json:"revoked_at,omitempty"`
}

// StableState is an app's stable_token bookkeeping.
type StableState struct {
	AppID      string `json:"appid"`
	Current    string `json:"current"`
	ForceDay   string `json:"force_day"` // the China Standard Time date of ForceCount
	ForceCount int    `json:"force_count"`
	LastForce  int64  `json:"last_force"`
}

// Counters are an app's sequences and running totals, kept so that caps are
// checked without scanning.
type Counters struct {
	AppID          string `json:"appid"`
	NextRoleID     uint32 `json:"next_role_id"`
	NextPromoterID uint64 `json:"next_promoter_id"`
	Records        int    `json:"records"`            // promoters held, cancelled ones included
	Declared       int    `json:"declared"`           // promoters with decl_status 1
	Messages       int    `json:"messages,omitempty"` // messages held (at most MaxMessagesHeld)
	NextRelationID uint64 `json:"next_relation_id"`
	NextOrderID    uint64 `json:"next_order_id"`
	RelationCount  int    `json:"relation_count"` // reach records held
	OrderCount     int    `json:"order_count"`    // orders held, refunded ones included
}

// Role is a promoter role.
type Role struct {
	AppID  string `json:"appid"`
	RoleID uint32 `json:"role_id"`
	Name   string `json:"name"`
	Desc   string `json:"desc"`
}

// Promoter auth_status and decl_status values (seed 000, getpromoter).
const (
	AuthNone      = 0
	AuthAccepted  = 1
	AuthCancelled = 2

	DeclDeclared  = 1
	DeclCancelled = 2
)

// Promoter is a declared promoter.
type Promoter struct {
	AppID      string `json:"appid"`
	ID         uint64 `json:"id"`
	OpenID     string `json:"openid"` // as declared; its unionid is UnionIDOf(OpenID)
	RoleID     uint32 `json:"role_id"`
	RetailID   string `json:"retail_id"`
	ExtraInfo  string `json:"extra_info"`
	Name       string `json:"name"`
	Phone      string `json:"phone"`
	AuthStatus int    `json:"auth_status"`
	DeclStatus int    `json:"decl_status"`
	UpdateTime int64  `json:"update_time"`
	// MsgReceive is what happens to messages sent to the promoter
	// (ReceiveAccept, ReceiveRefuse or ReceiveFail); set by the admin API.
	MsgReceive int `json:"msg_receive,omitempty"`
}
