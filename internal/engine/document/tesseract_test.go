package document

import (
	"testing"

	"openkyc/internal/engine/ocr"
	"openkyc/internal/engine/ocr/tess"
)

// The readings are PaddleOCR's and Tesseract's (rus) of lines of a
// generated Russian passport (ENGINE-NOTES-style measurements in
// tesseract.go).
func TestNativeReading(t *testing.T) {
	tests := []struct {
		pp     string
		ppConf float64
		tess   string
		conf   float64
		want   bool
	}{
		{"COKONOB", 0.94, "СОКОЛОВ", 0.87, true},
		{"YEPHbIWEB", 0.94, "ЧЕРНЫШЁВ", 0.90, true},
		{"KonrocynapcTBa/Code", 0.90, "Код государства / Соде", 0.94, true},
		{"MB80233", 0.99, "МВД 80233", 0.96, true},
		{"EVGENII", 0.96, "ЕМСЕМИ", 0.85, false},
		{"SOKOLOV", 1.00, "$ОКОГОМ", 0.32, false},
		{"RUS", 0.99, "ВУ5", 0.15, false},
		{"23.04.1983", 1.00, "23.04.1983", 0.96, false},
		{"M/M", 0.99, "ММ", 0.00, false},
	}
	for _, tt := range tests {
		got := nativeReading(ocr.Text{Text: tt.pp, Confidence: tt.ppConf}, tess.Result{Text: tt.tess, Confidence: tt.conf}, "rus")
		if got != tt.want {
			t.Errorf("nativeReading(%q, %q) = %v, want %v", tt.pp, tt.tess, got, tt.want)
		}
	}
}

func TestPlainLatin(t *testing.T) {
	for s, want := range map[string]bool{
		"SOKOLOV": true, "Tun/Type": true, "Passport No.": true,
		"HoMep": false, "KonrocynapcTBa": false, "YEPHbIWEB": false, "ZIELIŃSKI": false,
	} {
		if got := plainLatin(s); got != want {
			t.Errorf("plainLatin(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestMRZRows(t *testing.T) {
	for s, want := range map[string]bool{
		"P<RUSBELYKH<<SVETLANA<<<<<<":    true,
		"7390675948RUS8408185F2310244":   true, // a row split at its fillers
		"LARSSON<<LARS<<<<<<<<<<<<<<<<<": true,
		"MINISTRY OF INTERIOR":           false,
		"UNITEDKINGDOMOFGREATBRITAIN":    false,
		"12SEP/SEPT2024":                 false,
		"公民身份号码31011519830423915X":       false,
	} {
		if got := mrzish(s); got != want {
			t.Errorf("mrzish(%q) = %v, want %v", s, got, want)
		}
	}
	row := func(text string, y float64) ocr.LineResult {
		return ocr.LineResult{Line: ocr.Line{Text: text, Box: ocr.Quad{{X: 70, Y: y}, {X: 900, Y: y}, {X: 900, Y: y + 30}, {X: 70, Y: y + 30}}}}
	}
	res := []ocr.LineResult{row("PKCZESPECIMENKCVZORSIKS", 686), row("99006000<8CZE11022991160906411522211", 744), row("alamy stock photo", 861)}
	if !aboveMRZ(res[0], res) {
		t.Error("the first MRZ line without fillers is not taken for one")
	}
	if aboveMRZ(res[2], res) {
		t.Error("a line below the MRZ is taken for its first line")
	}
}

func TestMixScripts(t *testing.T) {
	tests := []struct {
		pp     string
		ppConf float64
		tess   string
		want   string
	}{
		{"JANG MINJI", 0.90, "장민지 ]4416 41401", "장민지 JANG MINJI"},
		{"Name", 0.97, "성명 43006@", "성명 Name"},
		{"35", 1.00, "월배로 35", "월배로 35"},
		{"2号", 0.45, "2종보통", "2종보통"},               // PaddleOCR's fragment of native text
		{"ssue", 0.66, "발급일 15646@", "발급일 15646@"}, // too unsure to keep
		{"", 0, "자동차운전면허증", "자동차운전면허증"},
	}
	for _, tt := range tests {
		got := mixScripts(ocr.Text{Text: tt.pp, Confidence: tt.ppConf}, tess.Result{Text: tt.tess, Confidence: 0.9}, "kor")
		if got.Text != tt.want {
			t.Errorf("mixScripts(%q, %q) = %q, want %q", tt.pp, tt.tess, got.Text, tt.want)
		}
	}
}
