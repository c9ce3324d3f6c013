package docgen

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// labelKey names a field label.
type labelKey int

const (
	lSurname labelKey = iota
	lGiven
	lBirth
	lSex
	lNationality
	lExpiry
	lIssue
	lDocNo
	lPassNo
	lBirthPlace
	lAuthority
	lType
	lCode
	lAddress
	lSignature
	numLabels
)

// labels are the field labels by language, as bilingual documents print
// them ("Surname / Nom").
var labels = map[string][numLabels]string{
	"en": {"Surname", "Given names", "Date of birth", "Sex", "Nationality", "Date of expiry", "Date of issue",
		"Document No.", "Passport No.", "Place of birth", "Authority", "Type", "Code", "Address", "Holder's signature"},
	"fr": {"Nom", "Prénoms", "Date de naissance", "Sexe", "Nationalité", "Date d'expiration", "Date de délivrance",
		"N° du document", "N° du passeport", "Lieu de naissance", "Autorité", "Type", "Code", "Adresse", "Signature du titulaire"},
	"de": {"Name", "Vornamen", "Geburtstag", "Geschlecht", "Staatsangehörigkeit", "Gültig bis", "Ausstellungsdatum",
		"Ausweisnummer", "Pass-Nr.", "Geburtsort", "Behörde", "Typ", "Kode", "Anschrift", "Unterschrift"},
	"es": {"Apellidos", "Nombre", "Fecha de nacimiento", "Sexo", "Nacionalidad", "Válido hasta", "Fecha de expedición",
		"Núm. soporte", "N° pasaporte", "Lugar de nacimiento", "Autoridad", "Tipo", "Código", "Domicilio", "Firma del titular"},
	"it": {"Cognome", "Nome", "Data di nascita", "Sesso", "Cittadinanza", "Scadenza", "Data di rilascio",
		"N. documento", "N. passaporto", "Luogo di nascita", "Autorità", "Tipo", "Codice", "Indirizzo", "Firma del titolare"},
	"pl": {"Nazwisko", "Imiona", "Data urodzenia", "Płeć", "Obywatelstwo", "Data ważności", "Data wydania",
		"Numer dowodu", "Nr paszportu", "Miejsce urodzenia", "Organ wydający", "Typ", "Kod", "Adres", "Podpis posiadacza"},
	"sv": {"Efternamn", "Förnamn", "Födelsedatum", "Kön", "Medborgarskap", "Sista giltighetsdag", "Utfärdandedatum",
		"Kortnummer", "Passnummer", "Födelseort", "Myndighet", "Typ", "Kod", "Adress", "Namnteckning"},
	"cs": {"Příjmení", "Jméno", "Datum narození", "Pohlaví", "Státní občanství", "Platnost do", "Datum vydání",
		"Číslo dokladu", "Číslo pasu", "Místo narození", "Úřad", "Typ", "Kód", "Adresa", "Podpis držitele"},
	"ko": {"성", "이름", "생년월일", "성별", "국적", "기간만료일", "발급일",
		"문서번호", "여권번호", "출생지", "발행관청", "종류", "발행국", "주소", "서명"},
	"ja": {"姓", "名", "生年月日", "性別", "国籍", "有効期間満了日", "発行年月日",
		"番号", "旅券番号", "本籍", "発行官庁", "型", "発行国", "住所", "所持人自署"},
	"zh": {"姓", "名", "出生日期", "性别", "国籍", "有效期至", "签发日期",
		"证件号码", "护照号", "出生地点", "签发机关", "类型", "国家码", "地址", "持证人签名"},
	"ru": {"Фамилия", "Имя", "Дата рождения", "Пол", "Гражданство", "Дата окончания срока действия", "Дата выдачи",
		"Номер документа", "Номер паспорта", "Место рождения", "Орган, выдавший документ", "Тип", "Код государства", "Адрес", "Подпись владельца"},
}

// country is what the Latin-script layouts need to know about a state.
type country struct {
	lang        string // label language besides English and French
	name        string // in its own language, as the header prints it
	nameEN      string
	idTitle     string // identity card title in its own language
	passTitle   string
	nationality string // as the nationality field prints it
	mrzCode     string // in the MRZ: Germany is "D"
	idNumber    string // docNumber patterns
	passNumber  string
	dates       func(time.Time) string // how its documents print dates
	hue         float64                // background tint
}

var countries = map[string]country{
	"DEU": {"de", "BUNDESREPUBLIK DEUTSCHLAND", "FEDERAL REPUBLIC OF GERMANY", "PERSONALAUSWEIS", "REISEPASS",
		"DEUTSCH", "D", "GGGGGGGGG", "CGGGGGGGG", dotDate, 0.08},
	"FRA": {"fr", "RÉPUBLIQUE FRANÇAISE", "FRENCH REPUBLIC", "CARTE NATIONALE D'IDENTITÉ", "PASSEPORT",
		"FRANÇAISE", "FRA", "XXXXXXXXX", "99AA99999", spaceDate, 0.6},
	"ESP": {"es", "REINO DE ESPAÑA", "KINGDOM OF SPAIN", "DOCUMENTO NACIONAL DE IDENTIDAD", "PASAPORTE",
		"ESP", "ESP", "AAA999999", "AAA999999", spaceDate, 0.95},
	"ITA": {"it", "REPUBBLICA ITALIANA", "ITALIAN REPUBLIC", "CARTA DI IDENTITÀ", "PASSAPORTO",
		"ITALIANA", "ITA", "CA99999AA", "AA9999999", dotDate, 0.3},
	"POL": {"pl", "RZECZPOSPOLITA POLSKA", "REPUBLIC OF POLAND", "DOWÓD OSOBISTY", "PASZPORT",
		"POLSKIE", "POL", "AAA999999", "AA9999999", dotDate, 0.0},
	"SWE": {"sv", "SVERIGE", "SWEDEN", "IDENTITETSKORT", "PASS",
		"SVENSK", "SWE", "99999999", "99999999", func(t time.Time) string { return passportDate(t, false) }, 0.55},
	"CZE": {"cs", "ČESKÁ REPUBLIKA", "CZECH REPUBLIC", "OBČANSKÝ PRŮKAZ", "CESTOVNÍ PAS",
		"ČESKÁ REPUBLIKA", "CZE", "999999999", "99999999", dotDate, 0.75},
	"UTO": {"en", "UTOPIA", "UTOPIA", "IDENTITY CARD", "PASSPORT",
		"UTOPIAN", "UTO", "A99999999", "A999999A9", func(t time.Time) string { return passportDate(t, true) }, 0.4},
	"GBR": {"en", "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", "", "IDENTITY CARD", "PASSPORT",
		"BRITISH CITIZEN", "GBR", "999999999", "999999999", func(t time.Time) string { return passportDate(t, true) }, 0.7},
	"USA": {"en", "UNITED STATES OF AMERICA", "", "PASSPORT CARD", "PASSPORT",
		"UNITED STATES OF AMERICA", "USA", "C99999999", "A99999999", usDate, 0.62},
	"CAN": {"en", "CANADA", "", "IDENTITY CARD", "PASSPORT",
		"CANADIAN/CANADIENNE", "CAN", "AA999999", "AA999999", func(t time.Time) string { return passportDate(t, true) }, 0.98},
	"AUS": {"en", "AUSTRALIA", "", "IDENTITY CARD", "PASSPORT",
		"AUSTRALIAN", "AUS", "A9999999", "PA9999999", func(t time.Time) string { return passportDate(t, false) }, 0.5},
	"IRL": {"en", "ÉIRE", "IRELAND", "IDENTITY CARD", "PASSPORT",
		"ÉIREANNACH/IRISH", "IRL", "AA9999999", "PA9999999", func(t time.Time) string { return passportDate(t, false) }, 0.35},
	"KOR": {"ko", "대한민국", "REPUBLIC OF KOREA", "주민등록증", "여권",
		"REPUBLIC OF KOREA", "KOR", "", "M999A9999", func(t time.Time) string { return passportDate(t, false) }, 0.6},
	"JPN": {"ja", "日本国", "JAPAN", "", "旅券",
		"JAPAN", "JPN", "", "AA9999999", func(t time.Time) string { return passportDate(t, false) }, 0.9},
	"CHN": {"zh", "中华人民共和国", "PEOPLE'S REPUBLIC OF CHINA", "居民身份证", "护照",
		"中国/CHINESE", "CHN", "", "E99999999", func(t time.Time) string { return passportDate(t, false) }, 0.05},
}

// usDate is 12 Mar 1985, as American passports print dates.
func usDate(t time.Time) string { return t.Format("02 Jan 2006") }

// label composes a multilingual label: the country's language, then
// English and French unless they repeat it.
func label(lang string, k labelKey, withFR bool) string {
	s := labels[lang][k]
	if lang != "en" {
		s += " / " + labels["en"][k]
	}
	if fr := labels["fr"][k]; withFR && lang != "fr" && fr != labels["en"][k] {
		s += " / " + fr
	}
	return s
}

// euStreets and euAuthorities fill the address and issuing office on the
// back of European identity cards.
var euStreets = map[string][]string{
	"DEU": {"HAUPTSTRASSE", "BAHNHOFSTR.", "GOETHESTRASSE", "AM MÜHLENBACH", "SCHLOSSALLEE"},
	"FRA": {"RUE DE LA RÉPUBLIQUE", "AVENUE JEAN JAURÈS", "BOULEVARD VOLTAIRE", "RUE DES LILAS"},
	"ESP": {"CALLE MAYOR", "AVDA. DE LA CONSTITUCIÓN", "PLAZA DE ESPAÑA", "CALLE SAN JOSÉ"},
	"ITA": {"VIA ROMA", "CORSO VITTORIO EMANUELE", "VIA GARIBALDI", "PIAZZA DEL DUOMO"},
	"POL": {"UL. MARSZAŁKOWSKA", "UL. DŁUGA", "AL. JEROZOLIMSKIE", "UL. KRÓLEWSKA"},
	"SWE": {"STORGATAN", "DROTTNINGGATAN", "KUNGSVÄGEN", "SKOLGATAN"},
	"CZE": {"NÁRODNÍ", "VÁCLAVSKÉ NÁMĚSTÍ", "HLAVNÍ", "NÁDRAŽNÍ"},
}

// euAddress is a street address in the country's order, and its city.
func euAddress(rng *rand.Rand, code string) (string, string) {
	street := pick(rng, euStreets[code])
	city := pick(rng, birthPlaces[code])
	n := 1 + rng.IntN(120)
	zip := fmt.Sprintf("%05d", 10000+rng.IntN(89999))
	switch code {
	case "FRA":
		return fmt.Sprintf("%d %s %s %s", n, street, zip, city), city
	case "POL":
		return fmt.Sprintf("%s %d %s-%s %s", street, n, zip[:2], zip[2:], city), city
	case "CZE", "SWE":
		return fmt.Sprintf("%s %d, %s %s %s", street, n, zip[:3], zip[3:], city), city
	}
	return fmt.Sprintf("%s %d, %s %s", street, n, zip, city), city
}

// euAuthority is the office that issued an identity card.
func euAuthority(rng *rand.Rand, code, city string) string {
	switch code {
	case "DEU":
		return "STADT " + city
	case "FRA":
		return "PRÉFECTURE DE " + city
	case "ESP":
		return "DGP " + city
	case "ITA":
		return "COMUNE DI " + city
	case "POL":
		return "PREZYDENT MIASTA " + city
	case "SWE":
		return "POLISMYNDIGHETEN"
	case "CZE":
		return "MAGISTRÁT " + city
	}
	return pick(rng, []string{"PASSPORT OFFICE", "MINISTRY OF INTERIOR"})
}

// sprintf is fmt.Sprintf, short for the layouts.
