package fields

import (
	"maps"
	"slices"
	"testing"
	"time"
	"unicode"

	"openkyc/internal/engine/ocr"
)

// ln lays out one OCR line at (x, y) with text height h, as wide as its
// text: CJK and Hangul characters are square, others 0.6 h wide.
func ln(text string, x, y, h float64) ocr.Line {
	w := 0.0
	for _, r := range text {
		if cjk(r) {
			w += h
		} else {
			w += 0.6 * h
		}
	}
	return lnw(text, x, y, w, h)
}

// lnw lays out a line with an explicit width (a box whose words are far
// apart).
func lnw(text string, x, y, w, h float64) ocr.Line {
	return ocr.Line{
		Box:        ocr.Quad{{X: x, Y: y}, {X: x + w, Y: y}, {X: x + w, Y: y + h}, {X: x, Y: y + h}},
		Text:       text,
		Confidence: 0.95,
		Recognizer: "test",
	}
}

var now = time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)

func TestExtract(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		lines   []ocr.Line
		typ     string
		country string
		script  string
		want    map[string]string // exactly the fields expected
	}{
		{
			name: "German ID card, trilingual labels above values",
			lines: []ocr.Line{
				ln("BUNDESREPUBLIK DEUTSCHLAND", 20, 10, 16),
				ln("FEDERAL REPUBLIC OF GERMANY", 20, 30, 12),
				ln("PERSONALAUSWEIS IDENTITY CARD CARTE D'IDENTITÉ", 20, 46, 12),
				ln("Name/Surname/Nom", 250, 70, 12),
				ln("MUSTERMANN", 250, 86, 20),
				ln("Geburtsname/Name at birth/Nom de naissance", 250, 116, 12),
				ln("GABLER", 250, 132, 20),
				ln("Vornamen/Given names/Prénoms", 250, 164, 12),
				ln("ERIKA", 250, 180, 20),
				lnw("Geburtstag/Date of birth/Date de naissance", 250, 212, 250, 12),
				lnw("Staatsangehörigkeit/Nationality/Nationalité", 520, 212, 250, 12),
				ln("12.08.1983", 250, 228, 20),
				ln("DEUTSCH", 520, 228, 20),
				ln("Geburtsort/Place of birth/Lieu de naissance", 250, 260, 12),
				ln("BERLIN", 250, 276, 20),
				ln("Gültig bis/Date of expiry/Date d'expiration", 250, 308, 12),
				ln("01.08.2031", 250, 324, 20),
			},
			typ: TypeIDCard, country: "D", script: "latin",
			want: map[string]string{
				Surname: "MUSTERMANN", GivenNames: "ERIKA", BirthDate: "1983-08-12",
				Nationality: "D", ExpiryDate: "2031-08-01",
			},
		},
		{
			name: "French ID card, labels and values on one line",
			lines: []ocr.Line{
				ln("RÉPUBLIQUE FRANÇAISE", 20, 10, 16),
				ln("CARTE NATIONALE D'IDENTITÉ / IDENTITY CARD", 20, 32, 14),
				ln("NOM / Surname: MARTIN", 250, 60, 16),
				ln("Prénoms / Given names: MAËLYS-GAËLLE, MARIE", 250, 84, 16),
				ln("SEXE / SEX F  NATIONALITÉ / NATIONALITY FRA", 250, 108, 16),
				ln("DATE DE NAISS. / DATE OF BIRTH 13 07 1990", 250, 132, 16),
				ln("N° DU DOCUMENT / DOCUMENT NO X4RTBPFW4", 250, 156, 16),
				ln("DATE D'EXPIR. / EXPIRY DATE 11 02 2030", 250, 180, 16),
				ln("IDFRAX4RTBPFW46<<<<<<<<<<<<<<<", 20, 220, 20),
				ln("9007138F3002119FRA<<<<<<<<<<<6", 20, 244, 20),
				ln("MARTIN<<MAELYS<GAELLE<MARIE<<<", 20, 268, 20),
			},
			typ: TypeIDCard, country: "FRA", script: "latin",
			want: map[string]string{
				Surname: "MARTIN", GivenNames: "MAËLYS-GAËLLE, MARIE", Sex: "F", Nationality: "FRA",
				BirthDate: "1990-07-13", DocumentNumber: "X4RTBPFW4", ExpiryDate: "2030-02-11",
			},
		},
		{
			name: "UK passport page, bilingual labels with field numbers",
			lines: []ocr.Line{
				ln("UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", 300, 10, 12),
				ln("PASSPORT", 300, 28, 14),
				ln("Type/Type", 300, 70, 10),
				ln("Code/Code", 400, 70, 10),
				ln("Passport No./Passeport No.", 500, 70, 10),
				ln("P", 300, 84, 16),
				ln("GBR", 400, 84, 16),
				ln("925076473", 500, 84, 16),
				ln("Surname/Nom (1)", 300, 110, 10),
				ln("UK SPECIMEN", 300, 124, 16),
				ln("Given names/Prénoms (2)", 300, 150, 10),
				ln("ANGELA ZOE", 300, 164, 16),
				ln("Nationality/Nationalité (3)", 300, 190, 10),
				ln("BRITISH CITIZEN", 300, 204, 16),
				ln("Date of birth/Date de naissance (4)", 300, 230, 10),
				ln("04 DEC /DEC 88", 300, 244, 16),
				lnw("Sex/Sexe (5) Place of birth/Lieu de naissance (6)", 300, 270, 300, 10),
				lnw("F CROYDON", 300, 284, 180, 16),
				ln("Date of issue/Date de délivrance (7)", 300, 310, 10),
				ln("Authority/Autorité (8)", 540, 310, 10),
				ln("16 JUN /JUIN 15", 300, 324, 16),
				ln("HMPO", 540, 324, 16),
				ln("Date of expiry/Date d'expiration (9)", 300, 350, 10),
				ln("16 JUN /JUIN 25", 300, 364, 16),
				ln("P<GBRUK<SPECIMEN<<ANGELA<ZOE<<<<<<<<<<<<<<<<", 20, 420, 20),
				ln("9250764733GBR8812049F2506162<<<<<<<<<<<<<<04", 20, 446, 20),
			},
			typ: TypePassport, country: "GBR", script: "latin",
			want: map[string]string{
				DocumentNumber: "925076473", Surname: "UK SPECIMEN", GivenNames: "ANGELA ZOE",
				Nationality: "GBR", BirthDate: "1988-12-04", Sex: "F",
				IssueDate: "2015-06-16", ExpiryDate: "2025-06-16",
			},
		},
		{
			name: "Korean resident card with labels",
			lines: []ocr.Line{
				ln("주민등록증", 20, 10, 24),
				ln("성명 홍길동 (洪吉童)", 20, 50, 20),
				ln("주민등록번호 850312-1234567", 20, 80, 20),
				ln("주소 서울특별시 종로구 세종대로 209", 20, 110, 20),
				ln("(세종로, 정부서울청사)", 80, 134, 20),
				ln("발급일 2015.06.01", 20, 170, 20),
				ln("서울특별시 종로구청장", 120, 200, 20),
			},
			typ: TypeIDCard, country: "KOR", script: "hangul",
			want: map[string]string{
				FullNameNative: "홍길동", PersonalNumber: "850312-1234567", BirthDate: "1985-03-12", Sex: "M",
				Address: "서울특별시 종로구 세종대로 209 (세종로, 정부서울청사)", IssueDate: "2015-06-01",
			},
		},
		{
			name: "Korean resident card as printed, without labels",
			lines: []ocr.Line{
				ln("주민등록증", 20, 10, 24),
				ln("홍길순(洪吉順)", 20, 50, 22),
				ln("020514-4123456", 20, 80, 20),
				ln("서울특별시 종로구 세종대로 209", 20, 110, 20),
				ln("2021. 6. 1.", 140, 170, 18),
				ln("서울특별시 종로구청장", 120, 200, 20),
			},
			typ: TypeIDCard, country: "KOR", script: "hangul",
			want: map[string]string{
				FullNameNative: "홍길순", PersonalNumber: "020514-4123456", BirthDate: "2002-05-14", Sex: "F",
				IssueDate: "2021-06-01",
			},
		},
		{
			name: "Japanese driving licence",
			lines: []ocr.Line{
				ln("氏名 山田 太郎 昭和60年3月12日生", 20, 20, 20),
				ln("住所 東京都千代田区霞が関2-1-2", 20, 50, 20),
				ln("交付 令和03年05月10日 12345", 20, 80, 20),
				ln("2026年(令和08年)04月12日まで有効", 20, 110, 22),
				ln("免許の条件等 眼鏡等", 20, 140, 18),
				ln("第 123456789012 号", 20, 170, 20),
				ln("運転免許証", 200, 260, 22),
				ln("東京都公安委員会", 300, 290, 18),
			},
			typ: TypeDriversLicense, country: "JPN", script: "japanese",
			want: map[string]string{
				FullNameNative: "山田 太郎", BirthDate: "1985-03-12", Address: "東京都千代田区霞が関2-1-2",
				IssueDate: "2021-05-10", ExpiryDate: "2026-04-12", DocumentNumber: "123456789012",
			},
		},
		{
			// As read from a generated Russian passport: Tesseract garbles
			// the English half of each bilingual label, each Cyrillic name
			// stands above its romanisation, and the authority column
			// starts right of the issue date's label.
			name: "Russian passport, bilingual labels read by Tesseract",
			lines: []ocr.Line{
				lnw("РОССИЙСКАЯ ФЕДЕРАЦИЯ / ВО$З1АМ ЕЕРЕВАТЮМ", 189, 31, 700, 25),
				lnw("Фамилия / $игпате", 384, 191, 180, 21),
				lnw("СОКОЛОВ", 385, 218, 120, 29),
				lnw("SOKOLOV", 385, 257, 120, 28),
				lnw("Имя / Смеп пате$", 383, 292, 180, 21),
				lnw("ЕВГЕНИЙ", 384, 317, 120, 29),
				lnw("EVGENII", 385, 358, 110, 27),
				lnw("Дата рождения / Ва{е оГЫми", 382, 464, 260, 21),
				lnw("Пол / 5ех", 669, 465, 90, 20),
				lnw("23.04.1983", 385, 491, 130, 25),
				lnw("M/M", 670, 489, 40, 26),
				lnw("Дата выдачи / Оа(е о! 155ие", 382, 537, 260, 20),
				lnw("Орган, выдавший документ / Ац{погКу", 671, 537, 330, 21),
				lnw("06.10.2017", 385, 563, 130, 25),
				lnw("МВД 80233", 672, 562, 120, 27),
			},
			typ: "", country: "RUS", script: "cyrillic",
			want: map[string]string{
				Surname: "SOKOLOV", GivenNames: "EVGENII", FullNameNative: "СОКОЛОВ ЕВГЕНИЙ", Sex: "M",
				BirthDate: "1983-04-23", IssueDate: "2017-10-06",
			},
		},
		{
			name: "Russian internal passport",
			lines: []ocr.Line{
				ln("РОССИЙСКАЯ ФЕДЕРАЦИЯ", 20, 10, 16),
				ln("Паспорт выдан ОТДЕЛОМ УФМС РОССИИ ПО ГОР. МОСКВЕ", 20, 40, 14),
				ln("Дата выдачи 01.04.2005 Код подразделения 770-001", 20, 70, 14),
				ln("Фамилия ИВАНОВ", 150, 150, 16),
				ln("Имя ИВАН", 150, 180, 16),
				ln("Отчество ИВАНОВИЧ", 150, 210, 16),
				ln("Пол МУЖ. Дата рождения 12.03.1985", 150, 240, 16),
				ln("Место рождения ГОР. МОСКВА", 150, 270, 16),
				ln("PNRUSIVANOV<<IVAN<IVANOVICH<<<<<<<<<<<<<<<<<", 20, 320, 20),
				ln("4503123456RUS8503122M<<<<<<<4050401770001<32", 20, 346, 20),
			},
			typ: TypePassport, country: "RUS", script: "cyrillic",
			want: map[string]string{
				Surname: "ИВАНОВ", GivenNames: "ИВАН", Patronymic: "ИВАНОВИЧ", Sex: "M",
				BirthDate: "1985-03-12", IssueDate: "2005-04-01", FullNameNative: "ИВАНОВ ИВАН ИВАНОВИЧ",
			},
		},
		{
			name: "UK driving licence, EU field numbers",
			lines: []ocr.Line{
				ln("DRIVING LICENCE", 20, 10, 18),
				ln("1. MORGAN", 250, 50, 16),
				ln("2. SARAH MEREDITH", 250, 74, 16),
				ln("3. 11.03.1976 UNITED KINGDOM", 250, 98, 16),
				ln("4a. 19.01.2013 4c. DVLA", 250, 122, 16),
				ln("4b. 18.01.2033", 250, 146, 16),
				ln("5. MORGA753116SM9IJ 35", 250, 170, 16),
				ln("8. 122 BURNS CRESCENT EDINBURGH EH1 9GP", 250, 194, 16),
			},
			typ: TypeDriversLicense, country: "GBR", script: "latin",
			want: map[string]string{
				Surname: "MORGAN", GivenNames: "SARAH MEREDITH", BirthDate: "1976-03-11",
				IssueDate: "2013-01-19", ExpiryDate: "2033-01-18", DocumentNumber: "MORGA753116SM9IJ",
				Address: "122 BURNS CRESCENT EDINBURGH EH1 9GP",
			},
		},
		{
			name: "US driving licence, month-first dates",
			lines: []ocr.Line{
				ln("USA", 20, 10, 14),
				ln("DRIVER LICENSE", 80, 10, 18),
				ln("4d DLN I1234568", 250, 50, 16),
				ln("4b EXP 08/31/2029", 250, 74, 16),
				ln("1 SMITH", 250, 98, 16),
				ln("2 JOHN ALAN", 250, 122, 16),
				ln("3 DOB 03/04/1985", 250, 146, 16),
				ln("15 SEX M", 250, 170, 16),
			},
			typ: TypeDriversLicense, country: "USA", script: "latin",
			want: map[string]string{
				DocumentNumber: "I1234568", ExpiryDate: "2029-08-31", Surname: "SMITH", GivenNames: "JOHN ALAN",
				BirthDate: "1985-03-04", Sex: "M",
			},
		},
		{
			name: "Japanese My Number card: a name that is also a label",
			lines: []ocr.Line{
				ln("個人番号カード", 200, 5, 22),
				ln("氏名 番号 花子", 20, 30, 20),
				ln("住所 東京都千代田区霞が関2-1-2", 20, 60, 20),
				ln("平成元年 3月31日生 性別 女", 20, 90, 20),
				ln("2025年03月31日まで有効", 20, 120, 20),
			},
			typ: TypeIDCard, country: "JPN", script: "japanese",
			want: map[string]string{
				FullNameNative: "番号 花子", Address: "東京都千代田区霞が関2-1-2", BirthDate: "1989-03-31",
				Sex: "F", ExpiryDate: "2025-03-31",
			},
		},
		{
			name: "Chinese resident identity card",
			lines: []ocr.Line{
				ln("中华人民共和国 居民身份证", 20, 5, 22),
				ln("姓名 张伟", 20, 30, 20),
				ln("性别 男 民族 汉", 20, 60, 20),
				ln("出生 1985年3月12日", 20, 90, 20),
				ln("住址 北京市朝阳区建国路88号", 20, 120, 20),
				ln("公民身份号码 110105198503120012", 20, 150, 20),
			},
			typ: TypeIDCard, country: "CHN", script: "han",
			want: map[string]string{
				FullNameNative: "张伟", Sex: "M", BirthDate: "1985-03-12", Address: "北京市朝阳区建国路88号",
				PersonalNumber: "110105198503120012",
			},
		},
		{
			name: "Korean passport, bilingual labels, OCR lost the spaces",
			lines: []ocr.Line{
				ln("대한민국 여권 REPUBLIC OF KOREA PASSPORT", 20, 5, 22),
				ln("성/Surname", 20, 30, 10),
				ln("HONG", 20, 42, 16),
				ln("이름/Givennames", 20, 62, 10),
				ln("GILDONG", 20, 74, 16),
				ln("생년월일/Dateofbirth12MAR1985", 20, 94, 16),
				ln("기간만료일/Date of expiry", 20, 126, 10),
				ln("12 MAR 2030", 20, 138, 16),
			},
			typ: TypePassport, country: "KOR", script: "latin",
			want: map[string]string{
				Surname: "HONG", GivenNames: "GILDONG", BirthDate: "1985-03-12", ExpiryDate: "2030-03-12",
			},
		},
		{
			name: "Student card",
			lines: []ocr.Line{
				ln("UNIVERSITY OF EXAMPLE", 20, 10, 18),
				ln("STUDENT ID CARD", 20, 34, 16),
				ln("Name: JANE DOE", 200, 70, 16),
				ln("Student No. 20231234", 200, 94, 16),
				ln("Valid until 31.08.2026", 200, 118, 16),
			},
			typ: TypeOther, script: "latin",
			want: map[string]string{FullNameNative: "JANE DOE", ExpiryDate: "2026-08-31"},
		},
		{
			name: "Payment card",
			lines: []ocr.Line{
				ln("EXAMPLE BANK", 20, 10, 18),
				ln("4242 4242 4242 4242", 20, 120, 22),
				ln("VALID THRU 12/28", 120, 150, 12),
				ln("JOHN SMITH", 20, 175, 16),
				ln("VISA", 300, 175, 22),
			},
			typ: TypeOther, script: "latin",
			want: map[string]string{},
		},
		{
			name: "no labels, no titles: nothing invented",
			lines: []ocr.Line{
				ln("HELLO WORLD", 20, 10, 18),
				ln("JOHN", 20, 40, 18),
				ln("12345", 20, 70, 18),
				ln("30.02.1985", 20, 100, 18),
				ln("12.03.1985", 20, 130, 18),
				ln("霞が関2-1-2", 20, 160, 18),
			},
			typ: "", script: "latin",
			want: map[string]string{},
		},
		{
			name:  "empty",
			lines: nil,
			want:  map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Extract(tt.lines, now)
			// The OCR's line order must not matter.
			rev := slices.Clone(tt.lines)
			slices.Reverse(rev)
			for name, f := range Extract(rev, now).Fields {
				if r.Fields[name].Value != f.Value {
					t.Errorf("lines reversed: %s = %q, in order %q", name, f.Value, r.Fields[name].Value)
				}
			}
			if r.DocumentType != tt.typ || r.IssuingCountry != tt.country || r.Script != tt.script {
				t.Errorf("type %q country %q script %q; want %q %q %q (keywords %q)",
					r.DocumentType, r.IssuingCountry, r.Script, tt.typ, tt.country, tt.script, r.Keywords)
			}
			if (r.DocumentType == "") != (r.TypeConfidence == 0) || r.TypeConfidence > 1 {
				t.Errorf("type %q with confidence %v", r.DocumentType, r.TypeConfidence)
			}
			got := map[string]string{}
			for name, f := range r.Fields {
				got[name] = f.Value
				if f.Name != name || f.Source != SourceVisual || f.Confidence <= 0 || f.Confidence > 1 ||
					f.Line < 0 || f.Line >= len(tt.lines) || f.Box != tt.lines[f.Line].Box {
					t.Errorf("field %s: bad metadata %+v", name, f)
				}
			}
			for _, name := range slices.Sorted(maps.Keys(got)) {
				if want, ok := tt.want[name]; !ok {
					t.Errorf("%s = %q, want absent", name, got[name])
				} else if got[name] != want {
					t.Errorf("%s = %q, want %q", name, got[name], want)
				}
			}
			for _, name := range slices.Sorted(maps.Keys(tt.want)) {
				if _, ok := got[name]; !ok {
					t.Errorf("%s missing, want %q", name, tt.want[name])
				}
			}
		})
	}
}

// TestValueBelowOrBeside checks the three places a value can be: after
// the label, in a separate box to its right, and under it; and that a
// label directly under an empty label is not taken for its value.
func TestValueBelowOrBeside(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		lines []ocr.Line
		want  map[string]string
	}{
		{"same line", []ocr.Line{ln("Surname: SMITH", 10, 10, 16)}, map[string]string{Surname: "SMITH"}},
		{"glued by OCR", []ocr.Line{ln("SurnameSMITH", 10, 10, 16)}, map[string]string{Surname: "SMITH"}},
		{"right box", []ocr.Line{ln("Surname", 10, 10, 16), ln("SMITH", 120, 11, 16)}, map[string]string{Surname: "SMITH"}},
		{"below", []ocr.Line{ln("Surname", 10, 10, 12), ln("SMITH", 12, 26, 16)}, map[string]string{Surname: "SMITH"}},
		{"missing value", []ocr.Line{
			ln("Surname", 10, 10, 12), ln("Given names", 10, 26, 12), ln("JOHN", 10, 42, 16),
		}, map[string]string{GivenNames: "JOHN"}},
		{"too far below", []ocr.Line{ln("Surname", 10, 10, 12), ln("SMITH", 10, 80, 16)}, map[string]string{}},
		{"not under the label", []ocr.Line{ln("Surname", 10, 10, 12), ln("SMITH", 300, 26, 16)}, map[string]string{}},
		{"short label needs a boundary", []ocr.Line{ln("NOMURA KEN", 10, 10, 16)}, map[string]string{}},
		{"Korean surname is not a label", []ocr.Line{ln("성명", 10, 10, 16), ln("성춘향", 10, 30, 16)},
			map[string]string{FullNameNative: "성춘향"}},
		{"one misread letter in a long label", []ocr.Line{ln("Dale of birth 12.03.1985", 10, 10, 16)},
			map[string]string{BirthDate: "1985-03-12"}},
		{"but not in a short one", []ocr.Line{ln("Sux F", 10, 10, 16)}, map[string]string{}},
		{"bracketed plural label", []ocr.Line{ln("Prénom(s) : MARIE", 10, 10, 16)},
			map[string]string{GivenNames: "MARIE"}},
		{"rotated boxes", []ocr.Line{
			{Box: ocr.Quad{{X: 10, Y: 10}, {X: 90, Y: 14}, {X: 89, Y: 26}, {X: 9, Y: 22}}, Text: "Surname", Confidence: 0.9},
			{Box: ocr.Quad{{X: 10, Y: 30}, {X: 70, Y: 33}, {X: 69, Y: 47}, {X: 9, Y: 44}}, Text: "SMITH", Confidence: 0.9},
		}, map[string]string{Surname: "SMITH"}},
		{"comma name", []ocr.Line{ln("Name SMITH, JOHN", 10, 10, 16)},
			map[string]string{Surname: "SMITH", GivenNames: "JOHN"}},
		{"bilingual value keeps Latin", []ocr.Line{ln("Фамилия / Surname ИВАНОВ / IVANOV", 10, 10, 16)},
			map[string]string{Surname: "IVANOV"}},
		{"full-width digits", []ocr.Line{ln("生年月日 １９８５年３月１２日", 10, 10, 16)},
			map[string]string{BirthDate: "1985-03-12"}},
		{"year-only birth date is reported as such", []ocr.Line{ln("Date of birth 1985", 10, 10, 16)},
			map[string]string{BirthDate: "1985"}},
		{"invalid date is no date", []ocr.Line{ln("Date of birth 30.02.1985", 10, 10, 16)}, map[string]string{}},
		{"validity range", []ocr.Line{ln("有效期限 2015.06.01-2035.06.01", 10, 10, 16)},
			map[string]string{IssueDate: "2015-06-01", ExpiryDate: "2035-06-01"}},
		{"compact date under a date label", []ocr.Line{ln("Fecha de nacimiento / Date of birth", 10, 10, 12), ln("13062000", 12, 26, 16)},
			map[string]string{BirthDate: "2000-06-13"}},
		{"glued validity range", []ocr.Line{ln("적성검사기간 2027.01.012027.12.31", 10, 10, 16)},
			map[string]string{IssueDate: "2027-01-01", ExpiryDate: "2027-12-31"}},
		{"next column's label is no value", []ocr.Line{
			lnw("Utfardandedatum/Dateofissue/Datededelivrance", 383, 468, 320, 16),
			lnw("Myndighet/Authority/Autorite", 730, 466, 219, 19),
			lnw("14AUG2024", 384, 491, 191, 24),
			lnw("MINISTRY OFINTERIOR", 729, 488, 265, 21),
		}, map[string]string{IssueDate: "2024-08-14"}},
		{"Japanese licence number without 号", []ocr.Line{ln("番号 第620966469961", 10, 10, 16), ln("号", 300, 10, 16)},
			map[string]string{DocumentNumber: "620966469961"}},
		{"まで有効 misread", []ocr.Line{ln("2026年（今和08年）10月20日二有效", 10, 10, 16)},
			map[string]string{ExpiryDate: "2026-10-20"}},
		{"letter-spaced labels boxed one character at a time", []ocr.Line{
			lnw("姓", 84, 114, 32, 35), lnw("名", 130, 115, 26, 33), lnw("张浩然", 225, 105, 137, 48),
			lnw("性", 84, 206, 32, 37), lnw("别", 124, 209, 37, 32), lnw("男", 223, 206, 40, 38),
		}, map[string]string{FullNameNative: "张浩然", Sex: "M"}},
		{"unlabelled dates on a labelled document", []ocr.Line{
			ln("Surname SMITH", 10, 10, 16), ln("01.02.1990", 10, 40, 16), ln("03.04.2010", 10, 70, 16), ln("05.06.2030", 10, 100, 16),
		}, map[string]string{Surname: "SMITH", BirthDate: "1990-02-01", IssueDate: "2010-04-03", ExpiryDate: "2030-06-05"}},
		{"an expired document's unlabelled dates", []ocr.Line{
			ln("Surname SMITH", 10, 10, 16), ln("01.02.1990", 10, 40, 16), ln("03.04.2010", 10, 70, 16), ln("02.04.2020", 10, 100, 16),
		}, map[string]string{Surname: "SMITH", BirthDate: "1990-02-01", IssueDate: "2010-04-03", ExpiryDate: "2020-04-02"}},
		{"three unlabelled past dates are not guessed", []ocr.Line{
			ln("Surname SMITH", 10, 10, 16), ln("01.02.1990", 10, 40, 16), ln("03.04.2010", 10, 70, 16),
			ln("02.04.2020", 10, 100, 16), ln("02.04.2021", 10, 130, 16),
		}, map[string]string{Surname: "SMITH", BirthDate: "1990-02-01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := map[string]string{}
			for name, f := range Extract(tt.lines, now).Fields {
				got[name] = f.Value
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParsers(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"F / F": "F", "МУЖ.": "M", "ЖЕН": "F", "남": "M", "여자": "F", "女性": "F", "Male": "M", "weiblich": "F", "<": "",
	} {
		if got, _ := parseSex(in); got != want {
			t.Errorf("parseSex(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"BRITISH CITIZEN": "GBR", "DEUTSCH": "D", "FRANÇAISE": "FRA", "UTO": "UTO", "РОССИЯ": "RUS",
		"대한민국": "KOR", "Utopian": "UTO", "unknown land": "",
	} {
		if got, _ := parseNationality(in); got != want {
			t.Errorf("parseNationality(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"No. X12345678": "X12345678", "45 03 123456": "45 03 123456", "MORGA753116SM9IJ 35": "MORGA753116SM9IJ",
		"№ 1234567": "1234567", "ABC": "", "12": "", "１２３４５６": "123456",
	} {
		if got, _ := parseNumber(in); got != want {
			t.Errorf("parseNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeRRN(t *testing.T) {
	t.Parallel()
	tests := []struct{ front, back, date, sex string }{
		{"850312", "1234567", "1985-03-12", "M"},
		{"850312", "2234567", "1985-03-12", "F"},
		{"020514", "3123456", "2002-05-14", "M"},
		{"020514", "4123456", "2002-05-14", "F"},
		{"850312", "5234567", "1985-03-12", "M"},
		{"491614", "4124423", "", ""}, // month 16: a synthetic card's number
		{"000229", "3123456", "2000-02-29", "M"},
		{"000229", "1123456", "", ""}, // 1900 was not a leap year
	}
	for _, tt := range tests {
		d, sex, ok := decodeRRN(tt.front, tt.back)
		if tt.date == "" {
			if ok {
				t.Errorf("decodeRRN(%s-%s) = %v %s, want nothing", tt.front, tt.back, d, sex)
			}
			continue
		}
		if !ok || d.String() != tt.date || sex != tt.sex {
			t.Errorf("decodeRRN(%s-%s) = %v %s %v, want %s %s", tt.front, tt.back, d, sex, ok, tt.date, tt.sex)
		}
	}
}

func TestLabelTable(t *testing.T) {
	t.Parallel()
	// Every label must compile to something matchable, and a label may
	// not mean two different fields.
	seen := map[string]string{}
	for _, l := range compiledLabels() {
		if len(l.key) == 0 {
			t.Errorf("label %q has no letters", l.src)
			continue
		}
		k := string(l.key)
		if f, ok := seen[k]; ok && f != l.field {
			t.Errorf("label %q means both %s and %s", l.src, f, l.field)
		}
		seen[k] = l.field
		if !unicode.IsLetter(l.key[0]) {
			t.Errorf("label %q does not start with a letter", l.src)
		}
	}
}

// FuzzExtract checks that no line text makes Extract fail or report a
// field from a line that does not exist.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{"Surname", "1. SMITH", "4a.", "성명", "第 1 号", "850312-1234567", "Prénom(s)", "No"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := []ocr.Line{ln("DRIVING LICENCE", 0, 0, 10), ln(s, 0, 20, 10), ln(s, 0, 40, 10)}
		for name, fl := range Extract(lines, now).Fields {
			if fl.Line < 0 || fl.Line >= len(lines) || fl.Value == "" {
				t.Fatalf("%q: field %s = %+v", s, name, fl)
			}
		}
	})
}

// TestKoreanLicence: the unlabelled licence number, and a validity range
// that is an aptitude-test window beside a labelled issue date.
func TestKoreanLicence(t *testing.T) {
	lines := []ocr.Line{
		ln("자동차운전면허증 Driver's License", 100, 40, 40),
		ln("REPUBLIC OF KOREA", 800, 40, 20),
		ln("13-25-253318-80", 300, 150, 40),
		ln("성명 Name 윤지훈 YOON JIHOON", 300, 210, 30),
		ln("주민등록번호 530602-1846353", 300, 260, 30),
		ln("적성검사기간 2035.01.01 ~ 2035.12.31", 300, 420, 30),
		ln("발급일 Issue 2025.12.02", 300, 470, 30),
	}
	r := Extract(lines, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	for name, want := range map[string]string{
		DocumentNumber: "13-25-253318-80", ExpiryDate: "2035-12-31", IssueDate: "2025-12-02",
		BirthDate: "1953-06-02", Sex: "M", FullNameNative: "윤지훈", Surname: "YOON", GivenNames: "JIHOON",
	} {
		if got := r.Fields[name].Value; got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if r.DocumentType != TypeDriversLicense || r.IssuingCountry != "KOR" {
		t.Errorf("type %q country %q", r.DocumentType, r.IssuingCountry)
	}
}

// TestKoreanNameBoxes: the label, the Hangul name and its romanisation as
// three boxes on one row, as the text detector finds them on a licence.
func TestKoreanNameBoxes(t *testing.T) {
	for _, latin := range []string{"SONG SUNGMIN", "SONGSUNGMIN"} {
		lines := []ocr.Line{
			ln("REPUBLIC OF KOREA", 800, 40, 20),
			ln("성명", 300, 210, 30),
			ln("송성민", 420, 205, 36),
			ln(latin, 560, 212, 28),
			ln("주민등록번호 620413-1220798", 300, 260, 30),
		}
		r := Extract(lines, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		for name, want := range map[string]string{FullNameNative: "송성민", Surname: "SONG", GivenNames: "SUNGMIN"} {
			if got := r.Fields[name].Value; got != want {
				t.Errorf("%s: %s = %q, want %q", latin, name, got, want)
			}
		}
	}
}

func TestSplitKoreanRomanisation(t *testing.T) {
	for _, tt := range []struct{ native, latin, want string }{
		{"박태윤", "PARKTAEYUN", "PARK TAEYUN"},
		{"이서연", "LEESEOYEON", "LEE SEOYEON"},
		{"정민수", "JUNGMINSU", "JUNG MINSU"},
		{"박태윤", "KIMTAEYUN", ""}, // the romanisation is of another surname
		{"김", "KIM", ""},         // nothing left for the given names
		{"존", "JOHNSMITH", ""},   // not a known surname syllable
	} {
		if got := splitKoreanRomanisation(tt.native, tt.latin); got != tt.want {
			t.Errorf("splitKoreanRomanisation(%q, %q) = %q, want %q", tt.native, tt.latin, got, tt.want)
		}
	}
}
