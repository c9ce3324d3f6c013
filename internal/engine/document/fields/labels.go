package fields

import (
	"slices"
	"strings"
	"sync"
)

// Field names. The first eleven are the keys of the evaluation's
// truth.jsonl; the others are read because documents print them, and the
// integrator may use or drop them.
const (
	Surname        = "surname"
	GivenNames     = "given_names"
	FullNameNative = "full_name_native" // the whole name as printed, usually in the national script
	DocumentNumber = "document_number"
	BirthDate      = "birth_date" // YYYY-MM-DD, or YYYY / YYYY-MM when that is all the document prints
	ExpiryDate     = "expiry_date"
	IssueDate      = "issue_date"
	Nationality    = "nationality" // ICAO code: alpha-3, or "D" for Germany
	Sex            = "sex"         // M, F or X
	Address        = "address"
	PersonalNumber = "personal_number"
	Patronymic     = "patronymic" // Russian отчество: not part of given_names in the MRZ of current passports
)

// Internal label targets that are not reported as fields.
const (
	nameGeneric = "name"         // "Name", 성명, 氏名: the whole name in one value
	issuingCode = "issuing_code" // "Code" on a passport: the issuing state
	ignored     = "-"            // a label whose value nobody wants (Place of birth); known so that it is not taken for a value
)

// labelTable lists the labels printed in front of (or above) each field,
// by field and language. Matching ignores case, accents, spaces and
// punctuation, so "Date of birth", "DATE OF BIRTH:" and "Dateofbirth" are
// one entry; the longest label wins where several match.
var labelTable = []struct {
	field  string
	lang   string
	labels []string
}{
	{Surname, "en", []string{"Surname", "Surnames", "Last name", "Family name", "LN"}},
	{Surname, "fr", []string{"Nom", "Nom de famille"}},
	{Surname, "de", []string{"Familienname"}},
	{Surname, "es", []string{"Apellidos", "Apellido", "Primer apellido"}},
	{Surname, "it", []string{"Cognome"}},
	{Surname, "pt", []string{"Apelido", "Apelidos", "Sobrenome"}},
	{Surname, "nl", []string{"Naam"}},
	{Surname, "pl", []string{"Nazwisko"}},
	{Surname, "sv", []string{"Efternamn"}},
	{Surname, "cs", []string{"Příjmení"}},
	{Surname, "ru", []string{"Фамилия"}},
	{Surname, "ko", []string{"성"}},
	{Surname, "zh", []string{"姓"}},

	{GivenNames, "en", []string{"Given names", "Given name", "First name", "First names", "Forename", "Forenames", "FN"}},
	{GivenNames, "fr", []string{"Prénoms", "Prénom"}},
	{GivenNames, "de", []string{"Vornamen", "Vorname"}},
	{GivenNames, "es", []string{"Nombre", "Nombres", "Segundo apellido"}},
	{GivenNames, "it", []string{"Nome", "Nomi"}},
	{GivenNames, "pt", []string{"Nomes"}},
	{GivenNames, "nl", []string{"Voornamen", "Voornaam"}},
	{GivenNames, "pl", []string{"Imiona", "Imię"}},
	{GivenNames, "sv", []string{"Förnamn"}},
	{GivenNames, "cs", []string{"Jméno", "Jména"}},
	{GivenNames, "ru", []string{"Имя"}},
	{GivenNames, "zh", []string{"名"}},
	{Patronymic, "ru", []string{"Отчество"}},

	{nameGeneric, "en", []string{"Name", "Full name", "Name of holder"}},
	{nameGeneric, "fr", []string{"Nom et prénoms", "Nom et prénom"}},
	{nameGeneric, "ru", []string{"ФИО", "Фамилия, имя, отчество"}},
	{nameGeneric, "ko", []string{"성명", "이름", "한글성명", "한글 성명"}},
	{nameGeneric, "ja", []string{"氏名"}},
	{nameGeneric, "zh", []string{"姓名"}},

	{BirthDate, "en", []string{"Date of birth", "Birth date", "Birthdate", "Date and place of birth", "DOB", "Born"}},
	{BirthDate, "fr", []string{"Date de naissance", "Date de naiss", "Né le", "Née le", "Né(e) le", "Lieu et date de naissance"}},
	{BirthDate, "de", []string{"Geburtsdatum", "Geburtstag", "Geboren am"}},
	{BirthDate, "es", []string{"Fecha de nacimiento", "Fecha de nac", "Fecha nacimiento"}},
	{BirthDate, "it", []string{"Data di nascita", "Luogo e data di nascita"}},
	{BirthDate, "pt", []string{"Data de nascimento"}},
	{BirthDate, "nl", []string{"Geboortedatum"}},
	{BirthDate, "pl", []string{"Data urodzenia"}},
	{BirthDate, "sv", []string{"Födelsedatum"}},
	{BirthDate, "cs", []string{"Datum narození"}},
	{BirthDate, "ru", []string{"Дата рождения"}},
	{BirthDate, "ko", []string{"생년월일"}},
	{BirthDate, "ja", []string{"生年月日"}},
	{BirthDate, "zh", []string{"出生日期", "出生"}},

	{ExpiryDate, "en", []string{"Date of expiry", "Expiry date", "Expiry", "Expiration date", "Expiration", "Expires", "Exp", "Valid until", "Valid to", "Valid thru", "Date of expiration"}},
	{ExpiryDate, "fr", []string{"Date d'expiration", "Date d'expir", "Expire le", "Valable jusqu'au", "Date de fin de validité"}},
	{ExpiryDate, "de", []string{"Gültig bis", "Ablaufdatum"}},
	{ExpiryDate, "es", []string{"Fecha de caducidad", "Válido hasta", "Validez", "Fecha de expiración", "Fecha de vencimiento"}},
	{ExpiryDate, "it", []string{"Scadenza", "Data di scadenza"}},
	{ExpiryDate, "pt", []string{"Validade", "Data de validade"}},
	{ExpiryDate, "nl", []string{"Geldig tot", "Vervaldatum"}},
	{ExpiryDate, "pl", []string{"Termin ważności", "Data ważności"}},
	{ExpiryDate, "sv", []string{"Sista giltighetsdag", "Giltig till"}},
	{ExpiryDate, "cs", []string{"Platnost do", "Datum platnosti"}},
	{ExpiryDate, "ru", []string{"Дата окончания срока действия", "Дата окончания срока", "Действителен до", "Срок действия"}},
	// 적성검사기간 / 갱신기간 (Korean licence renewal period) print a range
	// whose end is when the licence stops being valid.
	{ExpiryDate, "ko", []string{"유효기간", "만료일", "기간만료일", "적성검사기간", "갱신기간"}},
	{ExpiryDate, "ja", []string{"有効期限", "有効期間"}},
	{ExpiryDate, "zh", []string{"有效期限", "有效期至"}},

	{IssueDate, "en", []string{"Date of issue", "Issue date", "Issued", "Issued on", "ISS", "Date of issuance"}},
	{IssueDate, "fr", []string{"Date de délivrance", "Date de délivr", "Délivré le", "Délivrée le", "Date d'émission"}},
	{IssueDate, "de", []string{"Ausstellungsdatum", "Ausgestellt am"}},
	{IssueDate, "es", []string{"Fecha de expedición", "Fecha de emisión", "Expedición", "Emisión"}},
	{IssueDate, "it", []string{"Data di rilascio", "Rilascio"}},
	{IssueDate, "pt", []string{"Data de emissão", "Emissão"}},
	{IssueDate, "nl", []string{"Datum van afgifte", "Afgiftedatum"}},
	{IssueDate, "pl", []string{"Data wydania"}},
	{IssueDate, "sv", []string{"Utfärdandedatum", "Utfärdad"}},
	{IssueDate, "cs", []string{"Datum vydání"}},
	{IssueDate, "ru", []string{"Дата выдачи"}},
	{IssueDate, "ko", []string{"발급일", "발급일자", "발행일", "발급일시"}},
	{IssueDate, "ja", []string{"交付", "交付日", "発行日", "交付年月日"}},
	{IssueDate, "zh", []string{"签发日期"}},

	{Sex, "en", []string{"Sex", "Gender"}},
	{Sex, "fr", []string{"Sexe"}},
	{Sex, "de", []string{"Geschlecht"}},
	{Sex, "es", []string{"Sexo"}},
	{Sex, "it", []string{"Sesso"}},
	{Sex, "nl", []string{"Geslacht"}},
	{Sex, "pl", []string{"Płeć"}},
	{Sex, "sv", []string{"Kön"}},
	{Sex, "cs", []string{"Pohlaví"}},
	{Sex, "ru", []string{"Пол"}},
	{Sex, "ko", []string{"성별"}},
	{Sex, "ja", []string{"性別"}},
	{Sex, "zh", []string{"性别"}},

	{Nationality, "en", []string{"Nationality", "Citizenship"}},
	{Nationality, "fr", []string{"Nationalité"}},
	{Nationality, "de", []string{"Staatsangehörigkeit"}},
	{Nationality, "es", []string{"Nacionalidad"}},
	{Nationality, "it", []string{"Cittadinanza", "Nazionalità"}},
	{Nationality, "pt", []string{"Nacionalidade"}},
	{Nationality, "nl", []string{"Nationaliteit"}},
	{Nationality, "pl", []string{"Obywatelstwo"}},
	{Nationality, "sv", []string{"Medborgarskap", "Nationalitet"}},
	{Nationality, "cs", []string{"Státní občanství"}},
	{Nationality, "ru", []string{"Гражданство"}},
	{Nationality, "ko", []string{"국적"}},
	{Nationality, "ja", []string{"国籍"}},

	{DocumentNumber, "en", []string{"Document No", "Document number", "Passport No", "Passport number", "Card No", "Card number",
		"Licence No", "Licence number", "License No", "License number", "ID No", "ID number", "DL", "DLN", "Lic No", "No"}},
	{DocumentNumber, "fr", []string{"N° du document", "Numéro du document", "N° de document", "Passeport N°", "N° du passeport", "N° de passeport", "N° du titre"}},
	{DocumentNumber, "de", []string{"Pass-Nr", "Passnummer", "Ausweisnummer", "Dokumentennummer", "Führerscheinnummer"}},
	{DocumentNumber, "es", []string{"Núm. soporte", "Número de soporte", "N° de pasaporte", "Pasaporte N°", "Documento N°", "Número de documento"}},
	{DocumentNumber, "it", []string{"Numero documento", "N. documento", "Passaporto N", "N. passaporto"}},
	{DocumentNumber, "nl", []string{"Documentnummer", "Paspoortnummer"}},
	{DocumentNumber, "pl", []string{"Numer dokumentu", "Nr dokumentu", "Numer dowodu", "Nr paszportu"}},
	{DocumentNumber, "sv", []string{"Kortnummer", "Passnummer", "Dokumentnummer"}},
	{DocumentNumber, "cs", []string{"Číslo dokladu", "Číslo pasu", "Číslo průkazu"}},
	{DocumentNumber, "ru", []string{"Номер паспорта", "Номер документа", "Номер"}},
	{DocumentNumber, "ko", []string{"여권번호", "면허번호", "카드번호", "문서번호"}},
	{DocumentNumber, "ja", []string{"免許証番号", "旅券番号", "在留カード番号", "番号"}},
	{DocumentNumber, "zh", []string{"护照号", "护照号码"}},

	{PersonalNumber, "en", []string{"Personal No", "Personal number", "Personal code", "Personal ID"}},
	{PersonalNumber, "fr", []string{"N° personnel", "Numéro personnel"}},
	{PersonalNumber, "es", []string{"N° personal"}},
	{PersonalNumber, "de", []string{"Persönliche Nummer"}},
	{PersonalNumber, "it", []string{"Codice fiscale"}},
	{PersonalNumber, "nl", []string{"Persoonsnummer", "BSN"}},
	{PersonalNumber, "pl", []string{"Numer PESEL", "PESEL"}},
	{PersonalNumber, "ko", []string{"주민등록번호", "주민번호", "외국인등록번호"}},
	{PersonalNumber, "ja", []string{"個人番号"}},
	{PersonalNumber, "zh", []string{"公民身份号码", "身份证号"}},

	{Address, "en", []string{"Address", "Residence", "Domicile"}},
	{Address, "fr", []string{"Adresse"}},
	{Address, "de", []string{"Anschrift", "Wohnort"}},
	{Address, "es", []string{"Domicilio", "Dirección"}},
	{Address, "it", []string{"Indirizzo", "Residenza"}},
	{Address, "pt", []string{"Morada", "Endereço"}},
	{Address, "nl", []string{"Adres", "Woonplaats"}},
	{Address, "pl", []string{"Adres zameldowania"}},
	{Address, "sv", []string{"Adress", "Folkbokföringsadress"}},
	{Address, "cs", []string{"Adresa", "Adresa trvalého pobytu"}},
	{Address, "ru", []string{"Адрес", "Место жительства", "Зарегистрирован"}},
	{Address, "ko", []string{"주소"}},
	{Address, "ja", []string{"住所"}},
	{Address, "zh", []string{"住址"}},

	{issuingCode, "en", []string{"Code", "Country code", "Code of issuing State", "Issuing State", "Issuing country"}},
	{issuingCode, "fr", []string{"Code du pays", "Code de l'État émetteur", "Pays émetteur"}},
	{issuingCode, "de", []string{"Kode", "Ausstellungsstaat"}},
	{issuingCode, "es", []string{"Código", "Código del país"}},
	{issuingCode, "it", []string{"Codice"}},
	{issuingCode, "ko", []string{"발행국"}},
	{issuingCode, "pl", []string{"Kod"}},
	{issuingCode, "sv", []string{"Kod"}},
	{issuingCode, "cs", []string{"Kód"}},

	{ignored, "en", []string{"Type", "Place of birth", "Authority", "Issuing authority", "Issued by", "Height", "Eyes", "Hair",
		"Weight", "HGT", "WGT", "Class", "Restrictions", "Endorsements", "END", "RSTR", "DD", "Signature",
		"Holder's signature", "Remarks", "Observations", "Name at birth", "Birth name", "Used name", "Place of issue",
		"Colour of eyes", "Conditions", "Categories", "Student No", "Student ID", "Employee No", "Member No"}},
	{ignored, "fr", []string{"Lieu de naissance", "Autorité", "Taille", "Signature du titulaire", "Nom d'usage",
		"Nom de naissance", "Couleur des yeux", "Lieu de délivrance"}},
	{ignored, "de", []string{"Typ", "Geburtsort", "Behörde", "Größe", "Augenfarbe", "Geburtsname", "Ordens- und Künstlername",
		"Unterschrift", "Datum"}},
	{ignored, "es", []string{"Tipo", "Lugar de nacimiento", "Autoridad", "Equipo", "Firma", "Firma del titular", "Hijo de"}},
	{ignored, "it", []string{"Luogo di nascita", "Statura", "Comune", "Autorità", "Firma del titolare"}},
	{ignored, "pl", []string{"Miejsce urodzenia", "Organ wydający", "Podpis posiadacza", "Typ"}},
	{ignored, "sv", []string{"Födelseort", "Myndighet", "Typ", "Namnteckning", "Längd"}},
	{ignored, "cs", []string{"Místo narození", "Úřad", "Typ", "Podpis držitele", "Vydal"}},
	{ignored, "ru", []string{"Место рождения", "Паспорт выдан", "Код подразделения", "Подпись", "Подпись владельца", "Кем выдан",
		"Орган, выдавший документ", "Орган выдачи", "Тип", "Код государства"}},
	{ignored, "ko", []string{"발급기관", "발행관청", "조건", "종류", "본적", "체류자격", "암호일련번호"}},
	{ignored, "ja", []string{"本籍", "条件等", "種類", "備考", "公安委員会"}},
	{ignored, "zh", []string{"民族", "签发机关", "出生地点"}},
}

// numberedFields maps the field numbers of the EU driving licence model
// (Directive 2006/126/EC, also used by most non-EU licences) to fields.
// They are used only on driving licences and only when no text label
// follows the number: US licences print "4d DLN", where DLN decides.
var numberedFields = map[string]string{
	"1": Surname, "2": GivenNames, "3": BirthDate,
	"4A": IssueDate, "4B": ExpiryDate, "4C": ignored, "4D": PersonalNumber,
	"5": DocumentNumber, "7": ignored, "8": Address, "9": ignored,
	"10": ignored, "11": ignored, "12": ignored,
}

// label is a compiled entry of labelTable.
type label struct {
	term
	field string
}

var (
	labelsOnce sync.Once
	labels     []label // longest key first
)

func compiledLabels() []label {
	labelsOnce.Do(func() {
		for _, row := range labelTable {
			for _, s := range row.labels {
				labels = append(labels, label{compileTerm(s), row.field})
				// N° is also printed (and read) as No, Nº or Nr.
				if strings.Contains(s, "N°") {
					for _, alt := range []string{"No", "Nr"} {
						labels = append(labels, label{compileTerm(strings.ReplaceAll(s, "N°", alt)), row.field})
					}
				}
			}
		}
		slices.SortStableFunc(labels, func(a, b label) int { return len(b.key) - len(a.key) })
	})
	return labels
}

// labelAt returns the longest label at key rune k of t.
func labelAt(t *text, k int) (label, int, bool) {
	for _, l := range compiledLabels() {
		if end, ok := t.matchAt(l.term, k); ok {
			return l, end, true
		}
	}
	return label{}, 0, false
}

// labelNear is labelAt that, failing an exact match, accepts a long label
// with one misread letter. It is used only where a label is expected (a
// line's start, after another label), never to split a value.
func labelNear(t *text, k int) (label, int, bool) {
	if l, end, ok := labelAt(t, k); ok {
		return l, end, ok
	}
	for _, l := range compiledLabels() {
		if end, ok := t.matchFuzzy(l.term, k, 1); ok {
			return l, end, true
		}
	}
	return label{}, 0, false
}

// midLine reports whether a label may start a new field in the middle of
// a line ("… 4a. 01.01.2015 4b. …", "交付 … 住所 …"). Short Latin labels
// (SEX, NO) could be words of a value and are only taken at a line's start.
func (l label) midLine() bool {
	if cjk(l.key[0]) {
		return len(l.key) >= 2
	}
	return len(l.key) >= 4
}

// isName reports whether f is one of the name fields that may share a
// label chain ("Name/Surname/Nom").
func isName(f string) bool {
	return f == Surname || f == GivenNames || f == Patronymic || f == nameGeneric
}
