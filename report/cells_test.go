package report

import (
	"math/big"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/spacejudge/spacejudge/score"
)

// rat parses an exact number for a test.
func rat(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("bad test number %q", s)
	}
	return r
}

// TestExactText wants every weight written exactly, in its shortest exact
// form, and the text to read back as the same number.
func TestExactText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1", "1"},
		{"0", "0"},
		{"100", "100"},
		{"1/2", "0.5"},
		{"0.10000000000000000001", "0.10000000000000000001"},
		{"3/40", "0.075"},
		{"5/4", "1.25"},
		{"1/1024", "0.0009765625"},
		{"2.50", "2.5"},
		{"1e-30", "0.000000000000000000000000000001"},
		{"1/3", "1/3"},
		{"7/6", "7/6"},
		{"2/30", "1/15"},
		{"1/125", "0.008"},
		{"1/3125", "0.00032"},
		{"1/15625", "0.000064"},
		{"1/6103515625", "0.00000000016384"}, // 1/5^14
		{"1/6103515626", "1/6103515626"},
	}
	for _, tt := range tests {
		r := rat(t, tt.in)
		got := exactText(r)
		if got != tt.want {
			t.Errorf("exactText(%s) = %q, want %q", tt.in, got, tt.want)
		}
		if back, ok := new(big.Rat).SetString(got); !ok || back.Cmp(r) != 0 {
			t.Errorf("exactText(%s) = %q reads back as %v", tt.in, got, back)
		}
	}
	if got := weightText(nil); got != "1" {
		t.Errorf("weightText(nil) = %q, want \"1\", the rules' default", got)
	}
}

// TestExactTextHuge wants a denominator of a thousand digits handled
// exactly, both when the expansion ends and when it does not.
func TestExactTextHuge(t *testing.T) {
	den := new(big.Int).Exp(big.NewInt(5), big.NewInt(1500), nil)
	r := new(big.Rat).SetFrac(big.NewInt(3), den)
	got := exactText(r)
	if back, ok := new(big.Rat).SetString(got); !ok || back.Cmp(r) != 0 ||
		len(got) != len("0.")+1500 {
		t.Errorf("exactText(3/5^1500) = %.30q… (%d bytes), want 1500 exact decimals",
			got, len(got))
	}
	r.SetFrac(big.NewInt(1), den.Mul(den, big.NewInt(3)))
	if got := exactText(r); !strings.HasPrefix(got, "1/") {
		t.Errorf("exactText(1/(3·5^1500)) = %.30q…, want a fraction", got)
	}
}

// TestWeightCell wants a number cell only when the number is exactly the
// weight, and the exact text otherwise.
func TestWeightCell(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"1", 1.0},
		{"1/2", 0.5},
		{"0.1", 0.1},
		{"123456789012.345", 123456789012.345},
		{"1234567890123.456", "1234567890123.456"}, // 16 digits
		{"0.10000000000000000001", "0.10000000000000000001"},
		{"1/3", "1/3"},
		{"1e30", "1000000000000000000000000000000"},
	}
	for _, tt := range tests {
		if got := weightCell(rat(t, tt.in)); got != tt.want {
			t.Errorf("weightCell(%s) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
	if got := weightCell(nil); got != 1.0 {
		t.Errorf("weightCell(nil) = %#v, want 1", got)
	}
}

// TestDecimal wants overall scores with 4 decimals and criterion values as
// integers, the same in CSV and in the workbook.
func TestDecimal(t *testing.T) {
	st := &styles{integer: 1, score: 2}
	tests := []struct {
		name string
		d    decimal
		csv  string
		xlsx any
	}{
		{"overall", scoreIn(score.Overall, big.NewRat(43, 10)), "4.3000",
			excelize.Cell{StyleID: 2, Value: 4.3}},
		{"overall rounded", overallScore(big.NewRat(2, 3)), "0.6667",
			excelize.Cell{StyleID: 2, Value: 0.6667}},
		{"overall integer", overallScore(big.NewRat(3, 1)), "3.0000",
			excelize.Cell{StyleID: 2, Value: 3.0}},
		{"criterion", scoreIn("likes", big.NewRat(356, 1)), "356",
			excelize.Cell{StyleID: 1, Value: int64(356)}},
		{"criterion zero", scoreIn("staff_pick", new(big.Rat)), "0",
			excelize.Cell{StyleID: 1, Value: int64(0)}},
		{"none", overallScore(nil), "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := tt.d.MarshalCSV(); got != tt.csv {
				t.Errorf("MarshalCSV() = %q, want %q", got, tt.csv)
			}
			if got := tt.d.xlsx(nil, st); len(got) != 1 || got[0] != tt.xlsx {
				t.Errorf("xlsx() = %#v, want [%#v]", got, tt.xlsx)
			}
		})
	}
}
