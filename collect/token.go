package collect

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// TokenFromEnv returns the Hub token the way huggingface_hub finds it:
// the HF_TOKEN environment variable, else the file token in $HF_HOME
// (default ~/.cache/huggingface). Surrounding whitespace is trimmed; an
// empty value counts as unset. With no token anywhere it returns "" and a
// nil error: the Hub is then used anonymously. A token file that exists
// but cannot be read, or a token with spaces or control characters
// inside, is an error.
func TokenFromEnv() (string, error) {
	if tok := strings.TrimSpace(os.Getenv("HF_TOKEN")); tok != "" {
		return checkToken(tok, "HF_TOKEN")
	}
	home := os.Getenv("HF_HOME")
	if home == "" {
		userHome, err := os.UserHomeDir()
		if err != nil {
			return "", nil
		}
		home = filepath.Join(userHome, ".cache", "huggingface")
	}
	path := filepath.Join(home, "token")
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("reading the Hub token: %w", err)
	}
	return checkToken(strings.TrimSpace(string(data)), path)
}

// checkToken refuses a token that could not be sent in a header as is.
// The message names where the token came from, never the token.
func checkToken(tok, source string) (string, error) {
	if strings.ContainsFunc(tok, isBadTokenRune) {
		return "", fmt.Errorf("the Hub token in %s contains spaces or control characters", source)
	}
	return tok, nil
}
