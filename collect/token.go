package collect

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// TokenFromEnv returns the Hub token the way huggingface_hub finds it
// (hub-api §7): the HF_TOKEN environment variable, else the legacy
// HUGGING_FACE_HUB_TOKEN, else the file named by HF_TOKEN_PATH, which
// defaults to token in $HF_HOME, itself defaulting to huggingface in
// $XDG_CACHE_HOME or else in ~/.cache. Surrounding whitespace is trimmed,
// and an empty value counts as unset. With no token anywhere it returns ""
// and a nil error: the Hub is then used anonymously. A token file that
// exists but cannot be read, or a token with spaces or control characters
// inside, is an error.
func TokenFromEnv() (string, error) {
	for _, name := range []string{"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"} {
		if tok := strings.TrimSpace(os.Getenv(name)); tok != "" {
			return checkToken(tok, name)
		}
	}
	path := tokenPath()
	if path == "" {
		return "", nil
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("reading the Hub token: %w", err)
	}
	return checkToken(strings.TrimSpace(string(data)), path)
}

// tokenPath returns the path of the token file: HF_TOKEN_PATH when set (a
// missing file there means no token, as for huggingface_hub, not a look
// elsewhere), else $HF_HOME/token. It returns "" when neither can be
// known because there is no home directory.
func tokenPath() string {
	if p := os.Getenv("HF_TOKEN_PATH"); p != "" {
		return p
	}
	home := os.Getenv("HF_HOME")
	if home == "" {
		cache := os.Getenv("XDG_CACHE_HOME")
		if cache == "" {
			userHome, err := os.UserHomeDir()
			if err != nil {
				return ""
			}
			cache = filepath.Join(userHome, ".cache")
		}
		home = filepath.Join(cache, "huggingface")
	}
	return filepath.Join(home, "token")
}

// checkToken refuses a token that could not be sent in a header as is.
// The message names where the token came from, never the token.
func checkToken(tok, source string) (string, error) {
	if strings.ContainsFunc(tok, isBadTokenRune) {
		return "", fmt.Errorf("the Hub token in %s contains spaces or control characters", source)
	}
	return tok, nil
}
