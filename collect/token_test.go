package collect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenFromEnv(t *testing.T) {
	home := t.TempDir()
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(home, "token"), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, env, file string
		want            string
		wantErr         bool
	}{
		{name: "env", env: " hf_env\n", file: "hf_file", want: "hf_env"},
		{name: "blank env falls back", env: "  ", file: "hf_file\n", want: "hf_file"},
		{name: "file", file: "  hf_file \n", want: "hf_file"},
		{name: "none", want: ""},
		{name: "inner space", env: "hf_a b", wantErr: true},
		{name: "file with newline inside", file: "hf_a\nhf_b", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(filepath.Join(home, "token"))
			if tt.file != "" {
				write(tt.file)
			}
			t.Setenv("HF_TOKEN", tt.env)
			t.Setenv("HF_HOME", home)
			got, err := TokenFromEnv()
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("TokenFromEnv() = %q, %v; want %q (error %v)",
					got, err, tt.want, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "hf_a") {
				t.Errorf("TokenFromEnv() error %q shows the token", err)
			}
		})
	}
}

func TestTokenFromEnvDefaultHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("HF_HOME", "")
	t.Setenv("HF_TOKEN", "")
	dir := filepath.Join(home, ".cache", "huggingface")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "token"), []byte("hf_home\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := TokenFromEnv(); got != "hf_home" || err != nil {
		t.Errorf("TokenFromEnv() = %q, %v; want hf_home from ~/.cache/huggingface/token", got, err)
	}
}
