package docgen

import (
	"strings"
	"unicode"
)

// upper is strings.ToUpper, named for the tables that read better with it.

// latinMRZ maps the Latin letters with diacritics the name tables use (and
// their neighbours) to MRZ letters, following the ICAO 9303 Part 3
// transliteration table: umlauts and ligatures expand (Ä→AE, Å→AA, ß→SS),
// other marks are dropped.
var latinMRZ = map[rune]string{
	'Ä': "AE", 'Ö': "OE", 'Ü': "UE", 'Å': "AA", 'Æ': "AE", 'Ø': "OE", 'Œ': "OE", 'ß': "SS",
	'Þ': "TH", 'Ð': "D", 'Ł': "L", 'Đ': "D", 'Ħ': "H", 'Ŀ': "L", 'Ŋ': "N",
	'À': "A", 'Á': "A", 'Â': "A", 'Ã': "A", 'Ā': "A", 'Ă': "A", 'Ą': "A",
	'Ç': "C", 'Ć': "C", 'Ĉ': "C", 'Ċ': "C", 'Č': "C", 'Ď': "D",
	'È': "E", 'É': "E", 'Ê': "E", 'Ë': "E", 'Ē': "E", 'Ĕ': "E", 'Ė': "E", 'Ę': "E", 'Ě': "E",
	'Ĝ': "G", 'Ğ': "G", 'Ġ': "G", 'Ģ': "G", 'Ĥ': "H",
	'Ì': "I", 'Í': "I", 'Î': "I", 'Ï': "I", 'Ĩ': "I", 'Ī': "I", 'Ĭ': "I", 'Į': "I", 'İ': "I",
	'Ĵ': "J", 'Ķ': "K", 'Ĺ': "L", 'Ļ': "L", 'Ľ': "L",
	'Ñ': "N", 'Ń': "N", 'Ņ': "N", 'Ň': "N",
	'Ò': "O", 'Ó': "O", 'Ô': "O", 'Õ': "O", 'Ō': "O", 'Ŏ': "O", 'Ő': "O",
	'Ŕ': "R", 'Ŗ': "R", 'Ř': "R", 'Ś': "S", 'Ŝ': "S", 'Ş': "S", 'Š': "S", 'Ș': "S",
	'Ţ': "T", 'Ť': "T", 'Ț': "T",
	'Ù': "U", 'Ú': "U", 'Û': "U", 'Ũ': "U", 'Ū': "U", 'Ŭ': "U", 'Ů': "U", 'Ű': "U", 'Ų': "U",
	'Ŵ': "W", 'Ý': "Y", 'Ÿ': "Y", 'Ŷ': "Y", 'Ź': "Z", 'Ż': "Z", 'Ž': "Z",
}

// cyrillicICAO is the ICAO 9303 (7th edition) transliteration of Russian
// Cyrillic, which Russian passports use in both the visual zone and the MRZ.
var cyrillicICAO = map[rune]string{
	'А': "A", 'Б': "B", 'В': "V", 'Г': "G", 'Д': "D", 'Е': "E", 'Ё': "E", 'Ж': "ZH",
	'З': "Z", 'И': "I", 'Й': "I", 'К': "K", 'Л': "L", 'М': "M", 'Н': "N", 'О': "O",
	'П': "P", 'Р': "R", 'С': "S", 'Т': "T", 'У': "U", 'Ф': "F", 'Х': "KH", 'Ц': "TS",
	'Ч': "CH", 'Ш': "SH", 'Щ': "SHCH", 'Ъ': "IE", 'Ы': "Y", 'Ь': "", 'Э': "E", 'Ю': "IU",
	'Я': "IA",
}

// transliterate returns s in the Latin letters a passport's visual zone
// prints for it: Cyrillic by the ICAO table, everything else unchanged.
func transliterate(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if t, ok := cyrillicICAO[r]; ok {
			b.WriteString(t)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mrzText returns s as MRZ characters: transliterated, upper case, with
// spaces and hyphens as the filler '<' and any other character dropped
// (apostrophes: O'BRIEN becomes OBRIEN, as ICAO specifies).
func mrzText(s string) string {
	var b strings.Builder
	for _, r := range transliterate(s) {
		switch {
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '<':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('<')
		default:
			if t, ok := latinMRZ[r]; ok {
				b.WriteString(t)
			} else if t, ok := latinMRZ[unicode.ToUpper(r)]; ok {
				b.WriteString(t)
			}
		}
	}
	return b.String()
}
