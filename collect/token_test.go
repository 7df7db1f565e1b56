package collect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTokenFromEnv(t *testing.T) {
	// Each case sets the variables it names; the others are empty. Files
	// are written under a fresh directory, "$D" in paths.
	tests := []struct {
		name    string
		env     map[string]string
		files   map[string]string // path under $D -> content
		want    string
		wantErr string
	}{
		{name: "none", want: ""},
		{name: "HF_TOKEN first",
			env: map[string]string{"HF_TOKEN": " hf_env\n", "HUGGING_FACE_HUB_TOKEN": "hf_legacy",
				"HF_HOME": "$D/hf"},
			files: map[string]string{"hf/token": "hf_file"}, want: "hf_env"},
		{name: "legacy variable next",
			env:   map[string]string{"HUGGING_FACE_HUB_TOKEN": "\thf_legacy ", "HF_HOME": "$D/hf"},
			files: map[string]string{"hf/token": "hf_file"}, want: "hf_legacy"},
		{name: "blank variables fall back",
			env: map[string]string{"HF_TOKEN": "  ", "HUGGING_FACE_HUB_TOKEN": "\n",
				"HF_HOME": "$D/hf"},
			files: map[string]string{"hf/token": "hf_file\n"}, want: "hf_file"},
		{name: "HF_TOKEN_PATH before HF_HOME",
			env:   map[string]string{"HF_TOKEN_PATH": "$D/secret", "HF_HOME": "$D/hf"},
			files: map[string]string{"secret": " hf_path \n", "hf/token": "hf_file"},
			want:  "hf_path"},
		{name: "HF_TOKEN_PATH missing is no token",
			env:   map[string]string{"HF_TOKEN_PATH": "$D/nothing", "HF_HOME": "$D/hf"},
			files: map[string]string{"hf/token": "hf_file"}, want: ""},
		{name: "HF_HOME",
			env:   map[string]string{"HF_HOME": "$D/hf", "XDG_CACHE_HOME": "$D/xdg"},
			files: map[string]string{"hf/token": "  hf_file \n", "xdg/huggingface/token": "hf_xdg"},
			want:  "hf_file"},
		{name: "XDG_CACHE_HOME",
			env: map[string]string{"XDG_CACHE_HOME": "$D/xdg", "HOME": "$D/home"},
			files: map[string]string{"xdg/huggingface/token": "hf_xdg",
				"home/.cache/huggingface/token": "hf_home"},
			want: "hf_xdg"},
		{name: "home cache",
			env:   map[string]string{"HOME": "$D/home"},
			files: map[string]string{"home/.cache/huggingface/token": "hf_home\n"},
			want:  "hf_home"},
		{name: "empty file", env: map[string]string{"HF_HOME": "$D/hf"},
			files: map[string]string{"hf/token": " \n"}, want: ""},
		{name: "inner space", env: map[string]string{"HF_TOKEN": "hf_a b"},
			wantErr: "in HF_TOKEN contains spaces"},
		{name: "legacy inner space", env: map[string]string{"HUGGING_FACE_HUB_TOKEN": "hf_a\tb"},
			wantErr: "in HUGGING_FACE_HUB_TOKEN contains"},
		{name: "file with newline inside", env: map[string]string{"HF_TOKEN_PATH": "$D/secret"},
			files: map[string]string{"secret": "hf_a\nhf_b"}, wantErr: "secret contains"},
		{name: "unreadable file", env: map[string]string{"HF_TOKEN_PATH": "$D/dir"},
			files: map[string]string{"dir/x": ""}, wantErr: "reading the Hub token"},
	}
	vars := []string{"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH", "HF_HOME",
		"XDG_CACHE_HOME", "HOME"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, v := range vars {
				t.Setenv(v, strings.ReplaceAll(tt.env[v], "$D", dir))
			}
			if tt.env["HOME"] == "" {
				t.Setenv("HOME", filepath.Join(dir, "no-home")) // never the real one
			}
			for name, content := range tt.files {
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			got, err := TokenFromEnv()
			switch {
			case tt.wantErr == "" && (err != nil || got != tt.want):
				t.Errorf("TokenFromEnv() = %q, %v; want %q", got, err, tt.want)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("TokenFromEnv() = %q, %v; want an error with %q", got, err, tt.wantErr)
			case err != nil && strings.Contains(err.Error(), "hf_a"):
				t.Errorf("TokenFromEnv() error %q shows the token", err)
			}
		})
	}
}
