package crypto

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// MasterKeyEnv is the environment variable that holds the master key: 32
// bytes in hex or standard base64.
const MasterKeyEnv = "OPENKYC_MASTER_KEY"

// MasterKeyFile is the key file in the data directory used when the
// environment has none.
const MasterKeyFile = "master.key"

// ParseKey reads a 32-byte key written in hex or standard base64.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if b, err := hex.DecodeString(s); err == nil && len(b) == KeySize {
		return b, nil
	}
	if b, err := base64.StdEncoding.DecodeString(s); err == nil && len(b) == KeySize {
		return b, nil
	}
	return nil, fmt.Errorf("crypto: a master key is %d bytes in hex (%d characters) or base64", KeySize, 2*KeySize)
}

// LoadMasterKey returns the master key: from envValue (the content of
// OPENKYC_MASTER_KEY) when set, else from dataDir/master.key, which is
// created with a random key and mode 0600 on first use (and logged, since
// losing that file loses every sealed value). A key file readable by
// others is refused.
func LoadMasterKey(envValue, dataDir string, log *slog.Logger) ([]byte, error) {
	if envValue != "" {
		return ParseKey(envValue)
	}
	path := filepath.Join(dataDir, MasterKeyFile)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		info, err := os.Stat(path)
		if err != nil {
			return nil, err
		}
		if info.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("crypto: %s is readable by others (mode %o): chmod 600 it", path, info.Mode().Perm())
		}
		return ParseKey(string(b))
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("crypto: read master key: %w", err)
	}
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("crypto: create master key: %w", err)
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if log != nil {
		log.Warn("generated a new master key; back it up, or set "+MasterKeyEnv, "path", path, "key_id", KeyID(key))
	}
	return key, nil
}

// NextKeyFile holds, in the data directory, the key a rotation moves to
// until every value is sealed under it (openkyc admin rotate-key).
const NextKeyFile = "master.key.next"

// SaveKey writes a key file (hex, mode 0600) atomically: a reader finds
// the old file or the new one.
func SaveKey(path string, key []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".key-*")
	if err != nil {
		return fmt.Errorf("crypto: save key: %w", err)
	}
	defer os.Remove(tmp.Name()) // nothing left to remove after the rename
	if _, err := tmp.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
