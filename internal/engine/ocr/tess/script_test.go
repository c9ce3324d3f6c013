package tess

import (
	"math"
	"testing"
)

func TestScriptOf(t *testing.T) {
	tests := []struct {
		text, want string
	}{
		{"대한민국 여권", ScriptHangul},
		{"성명 홍길동", ScriptHangul},
		{"주소 서울특별시 종로구 세종대로 209", ScriptHangul},
		{"日本国旅券", ScriptHan}, // kanji only: indistinguishable from Chinese
		{"ヤマダ タロウ", ScriptJapanese},
		{"やまだ たろう", ScriptJapanese},
		{"山田 たろう", ScriptJapanese},    // kana makes the kanji Japanese
		{"コーヒー", ScriptJapanese},      // ー is Common, not Katakana
		{"氏名 山田太郎 ヤ", ScriptJapanese}, // 1 kana + 6 kanji beat nothing else
		{"РОССИЙСКАЯ ФЕДЕРАЦИЯ", ScriptCyrillic},
		{"Фамилия Иванов", ScriptCyrillic},
		{"Дата рождения 12.03.1985", ScriptCyrillic},
		{"中华人民共和国", ScriptHan},
		{"PASSPORT", ScriptLatin},
		{"Иванов Ivan", ScriptCyrillic}, // 6 Cyrillic letters to 4 Latin
		{"주소 Seoul", ScriptLatin},       // 2 Hangul to 5 Latin
		{"ab 가나", ScriptHangul},         // tie: the earlier script wins
		{"12.03.1985", ""},              // no letters
		{"", ""},
		{"   -/.", ""},
		{"Ελλάδα", ""},      // Greek: another script
		{"Ελλάδα Ivan", ""}, // more Greek than Latin
		{"  ヤマダ\tタロウ\n", ScriptJapanese},
	}
	for _, tt := range tests {
		if got := ScriptOf(tt.text); got != tt.want {
			t.Errorf("ScriptOf(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestScriptShare(t *testing.T) {
	tests := []struct {
		text, lang string
		want       float64
		ok         bool
	}{
		{"대한민국 여권", "kor", 1, true},
		{"대한민국 여권", "rus", 0, true},
		{"04378 007^4라18 12.03.1985", "kor", 0.5, true}, // kor reading a Cyrillic line: ^ counts
		{"ヤマダ タロウ", "jpn", 1, true},
		{"山田 太郎", "jpn", 1, true},
		{"コーヒー", "jpn", 1, true},
		{"POCCMMCKA のEEPALIM", "jpn", 1.0 / 17, true}, // jpn reading Cyrillic
		{"MBAHOB", "jpn", 0, true},
		{"Дата рождения 12.03.1985", "rus", 1, true}, // digits and dots are neutral
		{"УхЯ ян", "rus", 1, true},
		{"39=а=", "rus", 1.0 / 3, true},
		{"12.03.1985", "rus", 0, true}, // nothing counted: not evidence for rus
		{"", "kor", 0, true},
		{"PASSPORT", "eng", 1, true},
		{"中华人民共和国", "chi_sim", 1, true},
		{"PASSPORT", "fra", 0, false}, // no script known for fra
	}
	for _, tt := range tests {
		got, ok := ScriptShare(tt.text, tt.lang)
		if ok != tt.ok || math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("ScriptShare(%q, %q) = %v, %v; want %v, %v", tt.text, tt.lang, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNormalizeSpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  \n", ""},
		{"성명 홍길동\n", "성명 홍길동"},
		{" a \t b\n\nc  ", "a b c"},
		{"ヤマダ\u3000タロウ", "ヤマダ タロウ"}, // ideographic space
	}
	for _, tt := range tests {
		if got := normalizeSpace(tt.in); got != tt.want {
			t.Errorf("normalizeSpace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCER(t *testing.T) {
	tests := []struct {
		got, want string
		cer       float64
	}{
		{"", "", 0},
		{"abc", "", 1},
		{"", "abc", 1},
		{"민천광역시 광진구", "인천광역시 광진구", 1.0 / 9},
		{"日本国旅券", "日本国旅券", 0},
		{"ab", "abc", 1.0 / 3},
	}
	for _, tt := range tests {
		if got := cer(tt.got, tt.want); math.Abs(got-tt.cer) > 1e-9 {
			t.Errorf("cer(%q, %q) = %v, want %v", tt.got, tt.want, got, tt.cer)
		}
	}
}
