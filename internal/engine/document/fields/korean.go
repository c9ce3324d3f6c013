package fields

import (
	"strings"
	"unicode/utf8"
)

// koreanSurnames are the romanisations passports and licences use for the
// commonest Korean surname syllables (together about 90 % of Koreans),
// longest first where one is a prefix of another.
var koreanSurnames = map[rune][]string{
	'김': {"KIM", "GIM"}, '이': {"LEE", "YI", "RHEE", "RI", "I"}, '박': {"PARK", "BAK", "PAK"},
	'최': {"CHOI", "CHOE"}, '정': {"JEONG", "JUNG", "CHUNG", "JOUNG"}, '강': {"KANG", "GANG"},
	'조': {"CHO", "JO"}, '윤': {"YOON", "YUN"}, '장': {"JANG", "CHANG"}, '임': {"LIM", "IM", "YIM"},
	'한': {"HAN"}, '오': {"OH", "O"}, '서': {"SEO", "SUH"}, '신': {"SHIN", "SIN"}, '권': {"KWON", "GWON"},
	'황': {"HWANG"}, '안': {"AHN", "AN"}, '송': {"SONG"}, '전': {"JEON", "JUN", "CHUN"}, '홍': {"HONG"},
	'유': {"YOO", "YU", "RYU"}, '류': {"RYU", "YOO", "YU"}, '고': {"KO", "GO"}, '문': {"MOON", "MUN"},
	'양': {"YANG"}, '손': {"SON", "SOHN"}, '배': {"BAE", "BAIK"}, '백': {"BAEK", "BAIK", "PAIK"},
	'허': {"HEO", "HUH"}, '남': {"NAM"}, '노': {"NOH", "NO", "ROH"}, '하': {"HA"}, '곽': {"KWAK", "GWAK"},
	'성': {"SUNG", "SEONG"}, '차': {"CHA"}, '주': {"JOO", "JU", "CHOO"}, '우': {"WOO", "WU"},
	'구': {"KOO", "KU", "GU"}, '민': {"MIN"}, '진': {"JIN", "CHIN"}, '나': {"NA", "RA"}, '지': {"JI", "CHI"},
	'엄': {"EOM", "UM"}, '채': {"CHAE"}, '원': {"WON"}, '천': {"CHEON", "CHUN"}, '방': {"BANG"},
	'공': {"KONG", "GONG"}, '현': {"HYUN", "HYEON"}, '함': {"HAM"}, '변': {"BYUN", "BYEON"}, '염': {"YEOM"},
	'여': {"YEO"}, '추': {"CHU"}, '도': {"DO"}, '소': {"SO"}, '석': {"SEOK", "SUK"}, '선': {"SUN", "SEON"},
	'설': {"SEOL"}, '마': {"MA"}, '길': {"GIL", "KIL"}, '연': {"YEON"}, '위': {"WI"}, '표': {"PYO"},
	'명': {"MYUNG", "MYEONG"}, '기': {"KI", "GI"}, '반': {"BAN"}, '왕': {"WANG"}, '금': {"KEUM", "GEUM"},
	'옥': {"OK"}, '육': {"YOOK", "YUK"}, '인': {"IN"}, '맹': {"MAENG"}, '제': {"JE"}, '모': {"MO"},
	'탁': {"TAK"}, '국': {"KOOK", "GUK"}, '어': {"EO"}, '은': {"EUN"}, '편': {"PYUN", "PYEON"},
	'용': {"YONG"}, '예': {"YE"}, '경': {"KYUNG", "GYEONG"}, '봉': {"BONG"}, '사': {"SA"}, '부': {"BOO", "BU"},
}

// splitKoreanRomanisation inserts the space between surname and given
// names in a romanisation read without it: native "박태윤", latin
// "PARKTAEYUN" → "PARK TAEYUN". It returns "" when the surname syllable's
// romanisations do not start latin, or nothing would be left for the
// given names.
func splitKoreanRomanisation(native, latin string) string {
	first, _ := utf8.DecodeRuneInString(native)
	up := strings.ToUpper(latin)
	for _, sur := range koreanSurnames[first] {
		if strings.HasPrefix(up, sur) && len(up) > len(sur)+1 {
			return latin[:len(sur)] + " " + latin[len(sur):]
		}
	}
	return ""
}
