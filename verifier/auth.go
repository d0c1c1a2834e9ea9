package verifier

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"
)

// Role is what an nkey user may do on the NATS server.
type Role string

// Roles of the access layout.
const (
	// RoleVerifier runs the service: it alone may publish verdicts, flags
	// and replies, and use JetStream.
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

// RolePermissions returns the publish/subscribe permissions of a role.
// Everything not allowed is denied: a miner credential cannot publish on
// the verdict or flag subjects, nor touch JetStream's API.
func RolePermissions(r Role) (*server.Permissions, error) {
	listen := &server.SubjectPermission{Allow: []string{"_INBOX.>", SubjectFlags + ".*", SubjectVerdicts + ".*"}}
	queries := []string{SubjectPrefix + ".query.*", SubjectExportSolidity}
	switch r {
	case RoleVerifier:
		return &server.Permissions{
			Publish:   &server.SubjectPermission{Allow: []string{">"}},
			Subscribe: &server.SubjectPermission{Allow: []string{">"}},
		}, nil
	case RoleMiner:
		return &server.Permissions{
			Publish:   &server.SubjectPermission{Allow: append([]string{SubjectSubmitAttestation, SubjectSubmitReport}, queries...)},
			Subscribe: listen,
		}, nil
	case RoleClient:
		return &server.Permissions{
			Publish:   &server.SubjectPermission{Allow: append([]string{SubjectSubmitReport}, queries...)},
			Subscribe: listen,
		}, nil
	case RoleOps:
		return &server.Permissions{
			Publish:   &server.SubjectPermission{Allow: append([]string{"$SRV.>"}, queries...)},
			Subscribe: listen,
		}, nil
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

var userNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// LoadAuthLayout reads and checks a layout file.
func LoadAuthLayout(path string) (*AuthLayout, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrAuth, err)
	}
	if len(b) > 16<<20 {
		return nil, fmt.Errorf("%w: %s is too large", ErrAuth, path)
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

// ServerNkeys returns the layout as the embedded server's nkey users.
func (l *AuthLayout) ServerNkeys() ([]*server.NkeyUser, error) {
	var out []*server.NkeyUser
	for _, u := range l.Users {
		p, err := RolePermissions(u.Role)
		if err != nil {
			return nil, err
		}
		out = append(out, &server.NkeyUser{Nkey: u.NKey, Permissions: p})
	}
	return out, nil
}

// ServerConfig renders the layout as a nats-server configuration block,
// for operators who run their own server or cluster.
func (l *AuthLayout) ServerConfig() (string, error) {
	var b strings.Builder
	b.WriteString("# bwproof verifier access layout (generated by `bwproof verifier creds`)\n")
	b.WriteString("authorization {\n  users = [\n")
	users := append([]AuthUser(nil), l.Users...)
	sort.SliceStable(users, func(i, j int) bool { return users[i].Role < users[j].Role })
	for _, u := range users {
		p, err := RolePermissions(u.Role)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "    # %s (%s)\n    { nkey: %s, permissions: { publish: { allow: %s }, subscribe: { allow: %s } } }\n",
			u.Name, u.Role, u.NKey, quoteList(p.Publish.Allow), quoteList(p.Subscribe.Allow))
	}
	b.WriteString("  ]\n}\n")
	return b.String(), nil
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
