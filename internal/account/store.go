package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"openkyc/internal/db"
	"openkyc/internal/ids"
)

// Role is what a user may do in a project.
type Role string

// Roles, most powerful first.
const (
	Owner    Role = "owner"    // everything, including the team and deleting the project
	Admin    Role = "admin"    // settings, keys, webhooks, review
	Reviewer Role = "reviewer" // the review queue
	Viewer   Role = "viewer"   // read only
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == Owner || r == Admin || r == Reviewer || r == Viewer }

// User is a dashboard account.
type User struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	CreatedAt time.Time `json:"created_at"`
	Disabled  bool      `json:"disabled"`
}

// Errors.
var (
	ErrNotFound      = errors.New("account: not found")
	ErrExists        = errors.New("account: a user with this e-mail exists")
	ErrBadEmail      = errors.New("account: invalid e-mail address")
	ErrBadLogin      = errors.New("account: wrong e-mail or password")
	ErrBadRole       = errors.New("account: unknown role")
	ErrNotAMember    = errors.New("account: not a member of the project")
	ErrLastOwnerGone = errors.New("account: a project keeps at least one owner")
)

// Store keeps users and their memberships.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore is a store on d; now is the clock (time.Now when nil).
func NewStore(d *db.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: d, now: now}
}

// normalizeEmail checks an address and lower-cases it: logins are not
// case-sensitive.
func normalizeEmail(s string) (string, error) {
	a, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil || a.Name != "" || len(a.Address) > 254 {
		return "", ErrBadEmail
	}
	return strings.ToLower(a.Address), nil
}

// Create adds a user with a password.
func (s *Store) Create(ctx context.Context, email, password string) (User, error) {
	email, err := normalizeEmail(email)
	if err != nil {
		return User{}, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return User{}, err
	}
	u := User{ID: ids.New("usr"), Email: email, CreatedAt: s.now().UTC().Truncate(time.Millisecond)}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT 1 FROM users WHERE email = ?`), email).Scan(&one)
		if err == nil {
			return ErrExists
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, ?, ?)`),
			u.ID, u.Email, hash, u.CreatedAt.UnixMilli())
		return err
	})
	return u, err
}

// Login checks an e-mail and password. A wrong address, a wrong password
// and a disabled account all answer ErrBadLogin. A hash made with weaker
// parameters than today's is replaced.
func (s *Store) Login(ctx context.Context, email, password string) (User, error) {
	email, err := normalizeEmail(email)
	if err != nil {
		return User{}, ErrBadLogin
	}
	var u User
	var hash string
	var created int64
	var disabled sql.NullInt64
	err = s.db.Read.QueryRowContext(ctx, s.db.Rebind(`SELECT id, email, password_hash, created_at, disabled_at FROM users WHERE email = ?`), email).
		Scan(&u.ID, &u.Email, &hash, &created, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		// Spend the time a real check takes, so that timing does not tell
		// which addresses have accounts.
		VerifyPassword(password, dummyHash)
		return User{}, ErrBadLogin
	}
	if err != nil {
		return User{}, err
	}
	ok, rehash, err := VerifyPassword(password, hash)
	if err != nil || !ok || disabled.Valid {
		return User{}, ErrBadLogin
	}
	if rehash {
		if err := s.SetPassword(ctx, u.ID, password); err != nil {
			return User{}, err
		}
	}
	u.CreatedAt = time.UnixMilli(created).UTC()
	return u, nil
}

// dummyHash is checked against when there is no such user.
var dummyHash, _ = HashPassword("openkyc-no-such-user")

// SetPassword replaces a user's password (a reset by an admin, or a
// rehash).
func (s *Store) SetPassword(ctx context.Context, userID, password string) error {
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.Rebind(`UPDATE users SET password_hash = ? WHERE id = ?`), hash, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// ByEmail finds a user.
func (s *Store) ByEmail(ctx context.Context, email string) (User, error) {
	email, err := normalizeEmail(email)
	if err != nil {
		return User{}, err
	}
	var u User
	var created int64
	var disabled sql.NullInt64
	err = s.db.Read.QueryRowContext(ctx, s.db.Rebind(`SELECT id, email, created_at, disabled_at FROM users WHERE email = ?`), email).
		Scan(&u.ID, &u.Email, &created, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	u.CreatedAt, u.Disabled = time.UnixMilli(created).UTC(), disabled.Valid
	return u, err
}

// SetRole makes the user a member of the project with role (or changes
// the role). The project's last owner cannot be demoted.
func (s *Store) SetRole(ctx context.Context, userID, projectID string, role Role) error {
	if !role.Valid() {
		return fmt.Errorf("%w %q", ErrBadRole, role)
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		var current string
		err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT role FROM memberships WHERE user_id = ? AND project_id = ?`), userID, projectID).Scan(&current)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO memberships (user_id, project_id, role) VALUES (?, ?, ?)`), userID, projectID, role)
			return err
		case err != nil:
			return err
		}
		if Role(current) == Owner && role != Owner {
			var owners int
			if err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT COUNT(*) FROM memberships WHERE project_id = ? AND role = 'owner'`), projectID).Scan(&owners); err != nil {
				return err
			}
			if owners <= 1 {
				return ErrLastOwnerGone
			}
		}
		_, err = tx.ExecContext(ctx, s.db.Rebind(`UPDATE memberships SET role = ? WHERE user_id = ? AND project_id = ?`), role, userID, projectID)
		return err
	})
}

// RoleIn is the user's role in the project, or ErrNotAMember.
func (s *Store) RoleIn(ctx context.Context, userID, projectID string) (Role, error) {
	var r string
	err := s.db.Read.QueryRowContext(ctx, s.db.Rebind(`SELECT role FROM memberships WHERE user_id = ? AND project_id = ?`), userID, projectID).Scan(&r)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotAMember
	}
	return Role(r), err
}
