package verifier

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"

	"github.com/bwproof/bwproof/internal/fsutil"
)

// Role is what an nkey user may do on the NATS server.
type Role string

// Roles of the access layout.
const (
	// RoleVerifier runs the service: its users live in the verifier
	// account (VerifierAccount), the only one with JetStream.
	RoleVerifier Role = "verifier"
	// RoleMiner may submit attestations and reports, query, and listen to
	// flags and verdicts.
	RoleMiner Role = "miner"
	// RoleClient may submit reports, query, and listen to flags and verdicts.
	RoleClient Role = "client"
	// RoleOps may use the micro discovery subjects ($SRV: `nats micro
	// ls/info/stats`) and query.
	RoleOps Role = "ops"
)

// Roles lists the roles in a stable order.
var Roles = []Role{RoleVerifier, RoleMiner, RoleClient, RoleOps}

// VerifierAccount is the NATS account of the verifier users. It alone has
// JetStream; it exports the service endpoints, the micro discovery
// subjects and the flag and verdict events. Every other user has an
// account of its own (UserAccount) that imports them: a request reaches
// the verifier with a reply subject the server made up (_R_...), which
// leads back to the requester's account only, and the server stamps the
// requester's account on it (Nats-Request-Info), which no client can
// forge. See README.md, "Security model".
const VerifierAccount = "BWPROOF"

// UserAccount is the account of a non-verifier user: one per user, named
// after its public nkey (unique, and a valid subject token).
func UserAccount(u AuthUser) string { return "U_" + u.NKey }

// roleImports are the service subjects a role's account imports (and the
// only ones its users may publish on, with $SRV for ops).
func roleImports(r Role) []string {
	queries := []string{SubjectQueryChannel, SubjectQueryStanding, SubjectQueryEpoch, SubjectExportSolidity}
	switch r {
	case RoleMiner:
		return append([]string{SubjectSubmitAttestation, SubjectSubmitBatch, SubjectSubmitReport}, queries...)
	case RoleClient:
		return append([]string{SubjectSubmitReport}, queries...)
	case RoleOps:
		return append([]string{srvSubjects}, queries...)
	}
	return nil
}

// srvSubjects are the micro framework's discovery subjects.
const srvSubjects = "$SRV.>"

// eventSubjects are the event subjects exported to every user account.
var eventSubjects = []string{SubjectFlags + ".*", SubjectVerdicts + ".*"}

// RolePermissions returns the publish/subscribe permissions of a role.
// Everything not allowed is denied. The verifier may publish only on its
// own JetStream subjects (in its own account) and, through
// allow_responses, on the reply subject of a request it received; users
// may publish only their role's requests and subscribe only to their
// inboxes (in their own account) and to the events.
func RolePermissions(r Role) (*server.Permissions, error) {
	listen := &server.SubjectPermission{Allow: append([]string{"_INBOX.>"}, eventSubjects...)}
	switch r {
	case RoleVerifier:
		return &server.Permissions{
			Publish: &server.SubjectPermission{Allow: []string{"$JS.API.>", "$JS.FC.>", "$JS.ACK.>",
				"$KV." + BucketChannels + ".>", "$KV." + BucketAccounting + ".>", "$KV." + BucketStanding + ".>",
				SubjectPrefix + ".log.>", SubjectPrefix + ".events.>"}},
			Subscribe: &server.SubjectPermission{Allow: []string{"_INBOX.>", SubjectPrefix + ".>", srvSubjects}},
			Response:  &server.ResponsePermission{MaxMsgs: 1, Expires: 2 * time.Minute},
		}, nil
	case RoleMiner, RoleClient, RoleOps:
		return &server.Permissions{Publish: &server.SubjectPermission{Allow: roleImports(r)}, Subscribe: listen}, nil
	}
	return nil, fmt.Errorf("%w: unknown role %q", ErrAuth, r)
}

// AuthUser is one nkey user of the layout.
type AuthUser struct {
	Name string `json:"name"`
	Role Role   `json:"role"`
	NKey string `json:"nkey"` // public user nkey (U...)
}

// AuthLayout is the access-control layout: who is which role. It is a
// JSON file (auth.json); the seeds stay with their owners.
type AuthLayout struct {
	Users []AuthUser `json:"users"`
}

// AuthFile is the layout's file name in a credentials directory.
const AuthFile = "auth.json"

// MaxAuthLayoutSize bounds the layout file read (a user is ~200 bytes).
const MaxAuthLayoutSize = 16 << 20

var userNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// LoadAuthLayout reads and checks a layout file.
func LoadAuthLayout(path string) (*AuthLayout, error) {
	b, err := fsutil.ReadFileLimit(path, MaxAuthLayoutSize)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAuth, err)
	}
	var l AuthLayout
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrAuth, path, err)
	}
	if err := l.Check(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &l, nil
}

// Check validates names, roles and keys, and refuses duplicates.
func (l *AuthLayout) Check() error {
	names, keys := map[string]bool{}, map[string]bool{}
	for _, u := range l.Users {
		if !userNameRe.MatchString(u.Name) {
			return fmt.Errorf("%w: bad user name %q", ErrAuth, u.Name)
		}
		if _, err := RolePermissions(u.Role); err != nil {
			return err
		}
		if !nkeys.IsValidPublicUserKey(u.NKey) {
			return fmt.Errorf("%w: user %s: not a public user nkey", ErrAuth, u.Name)
		}
		if names[u.Name] || keys[u.NKey] {
			return fmt.Errorf("%w: duplicate user %s", ErrAuth, u.Name)
		}
		names[u.Name], keys[u.NKey] = true, true
	}
	return nil
}

// Save writes the layout atomically.
func (l *AuthLayout) Save(path string) error {
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("%w: %w", ErrAuth, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("%w: %w", ErrAuth, err)
	}
	return nil
}

// NewUser generates a user nkey for role, adds it to the layout and
// returns its seed (the secret the user connects with).
func (l *AuthLayout) NewUser(name string, role Role) ([]byte, error) {
	kp, err := nkeys.CreateUser()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAuth, err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAuth, err)
	}
	seed, err := kp.Seed()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAuth, err)
	}
	l.Users = append(l.Users, AuthUser{Name: name, Role: role, NKey: pub})
	if err := l.Check(); err != nil {
		l.Users = l.Users[:len(l.Users)-1]
		return nil, err
	}
	return seed, nil
}

// ServerConfig renders the layout as a nats-server configuration block:
// the verifier account with JetStream and its exports, and one account
// per other user with its imports. The embedded server runs this very
// block (StartServer), so an external server configured with it behaves
// the same. Operators who already have an accounts block merge the
// accounts into it; the server needs JetStream enabled (jetstream {}).
func (l *AuthLayout) ServerConfig() (string, error) {
	if err := l.Check(); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("# bwproof verifier access layout (generated by `bwproof verifier creds`)\n")
	b.WriteString("accounts {\n")
	fmt.Fprintf(&b, "  # The verifier: JetStream lives here and nowhere else.\n  %s {\n    jetstream: enabled\n    users = [\n", VerifierAccount)
	var others []AuthUser
	for _, u := range l.Users {
		if u.Role != RoleVerifier {
			others = append(others, u)
			continue
		}
		if err := writeUser(&b, u); err != nil {
			return "", err
		}
	}
	b.WriteString("    ]\n    exports = [\n")
	for _, s := range []string{SubjectSubmitAttestation, SubjectSubmitBatch, SubjectSubmitReport, SubjectQueryChannel, SubjectQueryStanding,
		SubjectQueryEpoch, SubjectExportSolidity} {
		fmt.Fprintf(&b, "      { service: %q }\n", s)
	}
	// Every verifier instance answers a discovery ping.
	fmt.Fprintf(&b, "      { service: %q, response_type: stream }\n", srvSubjects)
	for _, s := range eventSubjects {
		fmt.Fprintf(&b, "      { stream: %q }\n", s)
	}
	b.WriteString("    ]\n  }\n")
	sort.SliceStable(others, func(i, j int) bool { return others[i].Role < others[j].Role })
	for _, u := range others {
		fmt.Fprintf(&b, "  # %s (%s): an account of its own, so replies and inboxes are its alone.\n  %s {\n    users = [\n", u.Name, u.Role, UserAccount(u))
		if err := writeUser(&b, u); err != nil {
			return "", err
		}
		b.WriteString("    ]\n    imports = [\n")
		for _, s := range roleImports(u.Role) {
			// share: the request carries the requester's identity
			// (Nats-Request-Info), set by the server.
			fmt.Fprintf(&b, "      { service: { account: %s, subject: %q }, share: true }\n", VerifierAccount, s)
		}
		for _, s := range eventSubjects {
			fmt.Fprintf(&b, "      { stream: { account: %s, subject: %q } }\n", VerifierAccount, s)
		}
		b.WriteString("    ]\n  }\n")
	}
	b.WriteString("}\n")
	return b.String(), nil
}

func writeUser(b *strings.Builder, u AuthUser) error {
	p, err := RolePermissions(u.Role)
	if err != nil {
		return err
	}
	resp := ""
	if p.Response != nil {
		resp = fmt.Sprintf(", allow_responses: { max: %d, expires: %q }", p.Response.MaxMsgs, p.Response.Expires.String())
	}
	fmt.Fprintf(b, "      # %s (%s)\n      { nkey: %s, permissions: { publish: { allow: %s }, subscribe: { allow: %s }%s } }\n",
		u.Name, u.Role, u.NKey, quoteList(p.Publish.Allow), quoteList(p.Subscribe.Allow), resp)
	return nil
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// WriteSeed writes a seed file readable only by its owner.
func WriteSeed(dir, name string, seed []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("%w: %w", ErrAuth, err)
	}
	p := filepath.Join(dir, name+".nk")
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrAuth, err)
	}
	_, err = f.Write(append(append([]byte(nil), seed...), '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrAuth, err)
	}
	return p, nil
}
