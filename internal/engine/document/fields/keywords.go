package fields

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"openkyc/internal/engine/document/dates"
)

// Document types, as in truth.jsonl. "other" is a card that is not a
// government ID (student, employee, membership, payment card).
const (
	TypePassport        = "passport"
	TypeIDCard          = "id_card"
	TypeDriversLicense  = "drivers_license"
	TypeResidencePermit = "residence_permit"
	TypeVisa            = "visa"
	TypeOther           = "other"
)

// typeKeywords are the titles printed on each kind of document. Weights
// say how sure a keyword alone makes us: a title (PASSPORT) is 1, a word
// that only suggests the type (BANK, MEMBER) less.
var typeKeywords = []struct {
	typ    string
	weight float64
	words  []string
}{
	{TypePassport, 1, []string{"PASSPORT", "PASSEPORT", "REISEPASS", "PASAPORTE", "PASSAPORTO", "PASSAPORTE",
		"PASPOORT", "PASZPORT", "ПАСПОРТ", "여권", "旅券", "护照", "護照"}},
	{TypeIDCard, 1, []string{"IDENTITY CARD", "ID CARD", "NATIONAL ID", "CARTE D'IDENTITÉ", "CARTE NATIONALE D'IDENTITÉ",
		"PERSONALAUSWEIS", "DOCUMENTO NACIONAL DE IDENTIDAD", "CARTA D'IDENTITÀ", "IDENTITEITSKAART", "DOWÓD OSOBISTY",
		"CARTÃO DE CIDADÃO", "주민등록증", "個人番号カード", "マイナンバー", "居民身份证", "公民身份号码", "УДОСТОВЕРЕНИЕ ЛИЧНОСТИ"}},
	{TypeDriversLicense, 1, []string{"DRIVING LICENCE", "DRIVING LICENSE", "DRIVER LICENSE", "DRIVER'S LICENSE",
		"DRIVERS LICENSE", "DRIVER LICENCE", "PERMIS DE CONDUIRE", "FÜHRERSCHEIN", "PERMISO DE CONDUCCIÓN",
		"PERMISO DE CONDUCIR", "PATENTE DI GUIDA", "RIJBEWIJS", "PRAWO JAZDY", "CARTA DE CONDUÇÃO",
		"ВОДИТЕЛЬСКОЕ УДОСТОВЕРЕНИЕ", "운전면허증", "자동차운전면허증", "運転免許証", "驾驶证", "機動車駕駛執照"}},
	// Japanese licences print their title vertically, which the line
	// recogniser often misses; the issuing police commission and the
	// licence-condition label are printed on licences only.
	// 公安委 and 免許の: PaddleOCR drops 員 and splits 免許の / 条件等.
	{TypeDriversLicense, 0.8, []string{"公安委員会", "公安委", "免許の条件", "免許の", "免許証番号"}},
	{TypeResidencePermit, 1, []string{"RESIDENCE PERMIT", "RESIDENT CARD", "PERMANENT RESIDENT", "TITRE DE SÉJOUR",
		"AUFENTHALTSTITEL", "PERMISO DE RESIDENCIA", "PERMESSO DI SOGGIORNO", "VERBLIJFSVERGUNNING",
		"ВИД НА ЖИТЕЛЬСТВО", "외국인등록증", "在留カード", "特別永住者証明書"}},
	{TypeVisa, 1, []string{"VISA", "VISAS", "VISUM", "ВИЗА", "사증", "査証"}},
	{TypeOther, 1, []string{"STUDENT", "STUDENT CARD", "STUDENT ID", "UNIVERSITY", "UNIVERSITÄT", "UNIVERSITÉ",
		"UNIVERSIDAD", "UNIVERSITÀ", "COLLEGE", "SCHOOL", "EMPLOYEE", "STAFF", "MEMBERSHIP", "VALID THRU",
		"VALID THROUGH", "GOOD THRU", "MASTERCARD", "DEBIT", "CREDIT", "LIBRARY", "INSURANCE",
		"학생증", "대학교", "사원증", "学生証", "大学", "社員証", "保険証", "被保険者証", "健康保険",
		"СТУДЕНЧЕСКИЙ", "УНИВЕРСИТЕТ"}},
	{TypeOther, 0.5, []string{"MEMBER", "BANK", "CARDHOLDER"}},
}

// paymentWords make VISA a card brand rather than a visa.
var paymentWords = []string{"VALID THRU", "VALID THROUGH", "GOOD THRU", "MASTERCARD", "DEBIT", "CREDIT", "BANK", "CARDHOLDER"}

// cardNumber is a payment card number: four groups of four digits.
var cardNumber = regexp.MustCompile(`(?:^|[^0-9])(?:\d{4}[ -]\d{4}[ -]\d{4}[ -]\d{4}|\d{16})(?:[^0-9]|$)`)

// countryKeywords map the state names printed on documents to ICAO codes
// (Germany is "D", not DEU). Document titles that exist in one country
// only (運転免許証 is Japanese, 주민등록증 Korean) count too.
var countryKeywords = map[string][]string{
	"KOR": {"REPUBLIC OF KOREA", "대한민국", "주민등록증", "주민등록번호"},
	"PRK": {"DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA", "조선민주주의인민공화국"},
	"JPN": {"日本国", "日本", "JAPAN", "運転免許証", "公安委員会", "公安委", "在留カード", "個人番号カード", "マイナンバー"},
	"RUS": {"РОССИЙСКАЯ ФЕДЕРАЦИЯ", "RUSSIAN FEDERATION", "РОССИЯ"},
	"FRA": {"RÉPUBLIQUE FRANÇAISE", "FRANCE"},
	"D":   {"BUNDESREPUBLIK DEUTSCHLAND", "DEUTSCHLAND", "FEDERAL REPUBLIC OF GERMANY"},
	"GBR": {"UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", "UNITED KINGDOM", "GREAT BRITAIN"},
	"USA": {"UNITED STATES OF AMERICA", "USA"},
	"CHN": {"中华人民共和国", "PEOPLE'S REPUBLIC OF CHINA", "居民身份证", "公民身份号码"},
	"ESP": {"REINO DE ESPAÑA", "ESPAÑA"},
	"ITA": {"REPUBBLICA ITALIANA"},
	"NLD": {"KONINKRIJK DER NEDERLANDEN", "KINGDOM OF THE NETHERLANDS"},
	"BEL": {"ROYAUME DE BELGIQUE", "KONINKRIJK BELGIË", "BELGIQUE", "BELGIË"},
	"CHE": {"SCHWEIZERISCHE EIDGENOSSENSCHAFT", "CONFÉDÉRATION SUISSE", "SWISS CONFEDERATION"},
	"AUT": {"REPUBLIK ÖSTERREICH"},
	"POL": {"RZECZPOSPOLITA POLSKA"},
	"PRT": {"REPÚBLICA PORTUGUESA"},
	"CZE": {"ČESKÁ REPUBLIKA", "CZECH REPUBLIC"},
	"CAN": {"CANADA"},
	"AUS": {"AUSTRALIA"},
	"UTO": {"UTOPIA"}, // the ICAO specimen state
}

// nationalityWords map the nationality values printed on documents (in
// any language) to ICAO codes. A value that is already a code is kept.
var nationalityWords = map[string]string{
	"BRITISH CITIZEN": "GBR", "BRITISH": "GBR", "BRITISH SUBJECT": "GBR",
	"FRANÇAISE": "FRA", "FRANÇAIS": "FRA", "FRENCH": "FRA",
	"DEUTSCH": "D", "GERMAN": "D",
	"ESPAÑOLA": "ESP", "ESPAÑOL": "ESP", "SPANISH": "ESP",
	"ITALIANA": "ITA", "ITALIAN": "ITA",
	"NEDERLANDSE": "NLD", "DUTCH": "NLD",
	"BELGE": "BEL", "BELGISCHE": "BEL",
	"SUISSE": "CHE", "SCHWEIZER": "CHE", "SWISS": "CHE",
	"ÖSTERREICH": "AUT", "AUSTRIAN": "AUT",
	"POLSKIE": "POL", "POLISH": "POL",
	"PORTUGUESA": "PRT", "PORTUGUESE": "PRT",
	"ČESKÁ REPUBLIKA": "CZE", "CZECH": "CZE",
	"AMERICAN": "USA", "UNITED STATES OF AMERICA": "USA",
	"CANADIAN": "CAN", "CANADIENNE": "CAN",
	"AUSTRALIAN": "AUS", "AUSTRALIAN CITIZEN": "AUS",
	"JAPANESE": "JPN", "JAPAN": "JPN", "日本": "JPN", "日本国": "JPN",
	"KOREAN": "KOR", "REPUBLIC OF KOREA": "KOR", "대한민국": "KOR",
	"CHINESE": "CHN", "中国": "CHN", "中华人民共和国": "CHN",
	"RUSSIAN": "RUS", "RUSSIAN FEDERATION": "RUS", "РОССИЯ": "RUS", "РОССИЙСКАЯ ФЕДЕРАЦИЯ": "RUS", "РФ": "RUS",
	"UTOPIAN": "UTO",
}

// dateOrders is the field order of all-numeric dates by issuing country
// (DMY elsewhere).
var dateOrders = map[string]dates.Order{
	"USA": dates.MDY, "FSM": dates.MDY, "PLW": dates.MDY, "MHL": dates.MDY,
	"KOR": dates.YMD, "JPN": dates.YMD, "CHN": dates.YMD, "TWN": dates.YMD,
	"HUN": dates.YMD, "MNG": dates.YMD, "LTU": dates.YMD,
}

// keyword is a compiled entry of the keyword tables.
type keyword struct {
	term
	typ, country string
	weight       float64
}

var (
	keywordsOnce sync.Once
	keywords     []keyword // longest key first
	nationals    []keyword // nationalityWords, longest first
	payments     []term
)

func compiledKeywords() ([]keyword, []keyword, []term) {
	keywordsOnce.Do(func() {
		for _, row := range typeKeywords {
			for _, w := range row.words {
				keywords = append(keywords, keyword{term: compileTerm(w), typ: row.typ, weight: row.weight})
			}
		}
		for code, words := range countryKeywords {
			for _, w := range words {
				keywords = append(keywords, keyword{term: compileTerm(w), country: code, weight: 1})
			}
		}
		for w, code := range nationalityWords {
			nationals = append(nationals, keyword{term: compileTerm(w), country: code})
		}
		for _, w := range paymentWords {
			payments = append(payments, compileTerm(w))
		}
		// Longest first, then by text so that the order (and so which of
		// two equal keywords is reported) does not depend on map order.
		order := func(a, b keyword) int {
			if len(a.key) != len(b.key) {
				return len(b.key) - len(a.key)
			}
			return strings.Compare(a.src+a.typ+a.country, b.src+b.typ+b.country)
		}
		slices.SortFunc(keywords, order)
		slices.SortFunc(nationals, order)
	})
	return keywords, nationals, payments
}

// scanTerms finds the words of t that begin a word and match one of ks,
// longest first, without overlaps. Keywords must be whole words at both
// ends (VISA is not the start of VISAGE), except CJK ones, which have no
// spaces around them.
func scanTerms(t *text, ks []keyword) []keyword {
	var out []keyword
	for k := 0; k < len(t.key); {
		if !t.startsWord(k) && !cjk(t.key[k]) {
			k++
			continue
		}
		found := false
		for _, kw := range ks {
			strict := kw.term
			strict.bounded = !cjk(kw.key[0])
			if end, ok := t.matchAt(strict, k); ok {
				// The same word may be in two tables (주민등록증 names
				// a type and a country): report every meaning.
				for _, same := range ks {
					if slices.Equal(same.key, kw.key) {
						out = append(out, same)
					}
				}
				k, found = end, true
				break
			}
		}
		if !found {
			k++
		}
	}
	return out
}

func hasTerm(t *text, m term) bool {
	m.bounded = true
	for k := range t.key {
		if t.startsWord(k) {
			if _, ok := t.matchAt(m, k); ok {
				return true
			}
		}
	}
	return false
}
