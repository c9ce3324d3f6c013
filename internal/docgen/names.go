package docgen

import "strings"

// Name and place tables per country. Each entry pairs the form printed in
// the native script with its Latin form (romanisation as passports print
// it), so a generated person is consistent across the zones of a document.
// The lists are short on purpose: variety in the images comes from the
// combinations, and every string here is checked against the fonts by the
// tests.

// nameEntry is one name: native script, Latin form, and (Japanese only)
// the kana reading.
type nameEntry struct{ native, latin, kana string }

// gendered is a surname with a feminine form (Slavic languages); fem is
// empty where the surname does not change.
type gendered struct{ masc, fem nameEntry }

func plain(native, latin string) gendered {
	return gendered{masc: nameEntry{native: native, latin: latin}}
}

// nameSet is the name stock of one country.
type nameSet struct {
	surnames []gendered
	female   []nameEntry
	male     []nameEntry
}

var korNames = nameSet{
	surnames: []gendered{
		plain("김", "KIM"), plain("이", "LEE"), plain("박", "PARK"), plain("최", "CHOI"),
		plain("정", "JUNG"), plain("강", "KANG"), plain("조", "CHO"), plain("윤", "YOON"),
		plain("장", "JANG"), plain("임", "LIM"), plain("한", "HAN"), plain("오", "OH"),
		plain("서", "SEO"), plain("신", "SHIN"), plain("권", "KWON"), plain("황", "HWANG"),
		plain("안", "AHN"), plain("송", "SONG"), plain("류", "RYU"), plain("홍", "HONG"),
	},
	female: []nameEntry{
		{"민지", "MINJI", ""}, {"서연", "SEOYEON", ""}, {"지은", "JIEUN", ""}, {"수빈", "SUBIN", ""},
		{"예진", "YEJIN", ""}, {"하은", "HAEUN", ""}, {"은영", "EUNYOUNG", ""}, {"지현", "JIHYUN", ""},
		{"혜진", "HYEJIN", ""}, {"유진", "YUJIN", ""}, {"미경", "MIKYUNG", ""}, {"영희", "YOUNGHEE", ""},
		{"소율", "SOYUL", ""}, {"다은", "DAEUN", ""},
	},
	male: []nameEntry{
		{"민준", "MINJUN", ""}, {"서준", "SEOJUN", ""}, {"지훈", "JIHOON", ""}, {"현우", "HYUNWOO", ""},
		{"성민", "SUNGMIN", ""}, {"동현", "DONGHYUN", ""}, {"준호", "JUNHO", ""}, {"영수", "YOUNGSOO", ""},
		{"재원", "JAEWON", ""}, {"상철", "SANGCHEOL", ""}, {"길동", "GILDONG", ""}, {"태윤", "TAEYUN", ""},
	},
}

var jpnNames = nameSet{
	surnames: []gendered{
		{masc: nameEntry{"佐藤", "SATO", "さとう"}}, {masc: nameEntry{"鈴木", "SUZUKI", "すずき"}},
		{masc: nameEntry{"高橋", "TAKAHASHI", "たかはし"}}, {masc: nameEntry{"田中", "TANAKA", "たなか"}},
		{masc: nameEntry{"伊藤", "ITO", "いとう"}}, {masc: nameEntry{"渡辺", "WATANABE", "わたなべ"}},
		{masc: nameEntry{"山本", "YAMAMOTO", "やまもと"}}, {masc: nameEntry{"中村", "NAKAMURA", "なかむら"}},
		{masc: nameEntry{"小林", "KOBAYASHI", "こばやし"}}, {masc: nameEntry{"加藤", "KATO", "かとう"}},
		{masc: nameEntry{"吉田", "YOSHIDA", "よしだ"}}, {masc: nameEntry{"山田", "YAMADA", "やまだ"}},
		{masc: nameEntry{"松本", "MATSUMOTO", "まつもと"}}, {masc: nameEntry{"井上", "INOUE", "いのうえ"}},
		{masc: nameEntry{"木村", "KIMURA", "きむら"}}, {masc: nameEntry{"長谷川", "HASEGAWA", "はせがわ"}},
	},
	female: []nameEntry{
		{"花子", "HANAKO", "はなこ"}, {"陽子", "YOKO", "ようこ"}, {"美咲", "MISAKI", "みさき"},
		{"由美", "YUMI", "ゆみ"}, {"恵子", "KEIKO", "けいこ"}, {"裕子", "YUKO", "ゆうこ"},
		{"愛", "AI", "あい"}, {"真由美", "MAYUMI", "まゆみ"}, {"明美", "AKEMI", "あけみ"},
		{"さくら", "SAKURA", "さくら"}, {"千尋", "CHIHIRO", "ちひろ"}, {"結衣", "YUI", "ゆい"},
	},
	male: []nameEntry{
		{"太郎", "TARO", "たろう"}, {"健一", "KENICHI", "けんいち"}, {"大輔", "DAISUKE", "だいすけ"},
		{"翔太", "SHOTA", "しょうた"}, {"浩", "HIROSHI", "ひろし"}, {"誠", "MAKOTO", "まこと"},
		{"拓也", "TAKUYA", "たくや"}, {"直樹", "NAOKI", "なおき"}, {"蓮", "REN", "れん"},
	},
}

var chnNames = nameSet{
	surnames: []gendered{
		plain("王", "WANG"), plain("李", "LI"), plain("张", "ZHANG"), plain("刘", "LIU"),
		plain("陈", "CHEN"), plain("杨", "YANG"), plain("赵", "ZHAO"), plain("黄", "HUANG"),
		plain("周", "ZHOU"), plain("吴", "WU"), plain("徐", "XU"), plain("孙", "SUN"),
		plain("欧阳", "OUYANG"),
	},
	female: []nameEntry{
		{"秀英", "XIUYING", ""}, {"丽", "LI", ""}, {"静", "JING", ""}, {"敏", "MIN", ""},
		{"燕", "YAN", ""}, {"艳", "YAN", ""}, {"娟", "JUAN", ""}, {"霞", "XIA", ""},
		{"芳", "FANG", ""}, {"婷婷", "TINGTING", ""}, {"雨涵", "YUHAN", ""}, {"欣怡", "XINYI", ""},
	},
	male: []nameEntry{
		{"伟", "WEI", ""}, {"强", "QIANG", ""}, {"磊", "LEI", ""}, {"军", "JUN", ""},
		{"洋", "YANG", ""}, {"勇", "YONG", ""}, {"杰", "JIE", ""}, {"涛", "TAO", ""},
		{"明", "MING", ""}, {"浩然", "HAORAN", ""}, {"子轩", "ZIXUAN", ""},
	},
}

// rusNames holds Cyrillic names only: the Latin form is the ICAO 9303
// transliteration, computed, as Russian passports print it.
var rusNames = nameSet{
	surnames: []gendered{
		rus("Иванов", "Иванова"), rus("Смирнов", "Смирнова"), rus("Кузнецов", "Кузнецова"),
		rus("Попов", "Попова"), rus("Соколов", "Соколова"), rus("Лебедев", "Лебедева"),
		rus("Козлов", "Козлова"), rus("Новиков", "Новикова"), rus("Морозов", "Морозова"),
		rus("Петров", "Петрова"), rus("Волков", "Волкова"), rus("Соловьёв", "Соловьёва"),
		rus("Фёдоров", "Фёдорова"), rus("Михайлов", "Михайлова"), rus("Жуков", "Жукова"),
		rus("Щербаков", "Щербакова"), rus("Чернышёв", "Чернышёва"), rus("Зайцев", "Зайцева"),
		rus("Шевченко", "Шевченко"), rus("Белых", "Белых"),
	},
	female: rusList("Анна", "Елена", "Ольга", "Наталья", "Татьяна", "Мария", "Юлия", "Ксения",
		"Екатерина", "Светлана", "Дарья", "Ирина", "Людмила", "Анастасия"),
	male: rusList("Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Михаил", "Иван",
		"Николай", "Юрий", "Владимир", "Евгений", "Пётр"),
}

func rus(m, f string) gendered {
	return gendered{masc: nameEntry{native: strings.ToUpper(m)}, fem: nameEntry{native: strings.ToUpper(f)}}
}

func rusList(names ...string) []nameEntry {
	out := make([]nameEntry, len(names))
	for i, n := range names {
		out[i] = nameEntry{native: strings.ToUpper(n)}
	}
	return out
}

// latinNames are the Latin-script countries' names, upper case as
// identity documents print them, diacritics kept (the MRZ transliterates
// them).
var latinNames = map[string]nameSet{
	"DEU": {
		surnames: latin("MÜLLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "MEYER", "WAGNER",
			"BECKER", "SCHULZ", "HOFFMANN", "KÖHLER", "BÖHM", "STRAUß", "GÄRTNER", "JÄGER"),
		female: latinList("ANNA", "LENA", "JULIA", "SOPHIE", "KATHARINA", "BÄRBEL", "MARIE", "ANNA MARIA"),
		male:   latinList("LUKAS", "JONAS", "JÜRGEN", "STEFAN", "MICHAEL", "THOMAS", "KARL-HEINZ"),
	},
	"FRA": {
		surnames: latin("MARTIN", "BERNARD", "DUBOIS", "LEFÈVRE", "FRANÇOIS", "GIRARD", "MERCIER",
			"FAURE", "ROUSSEAU", "BOUCHÉ", "LAURENT", "MOREAU", "GAUTIER", "DUPRÉ"),
		female: latinList("CHLOÉ", "LÉA", "MANON", "CAMILLE", "HÉLÈNE", "ÉLODIE", "MARIE-CLAIRE", "AURÉLIE", "ZOÉ"),
		male:   latinList("JÉRÔME", "FRANÇOIS", "LOUIS", "THÉO", "ANDRÉ", "JEAN-PIERRE", "GAËL"),
	},
	"ESP": {
		surnames: latin("GARCÍA LÓPEZ", "FERNÁNDEZ RUIZ", "GONZÁLEZ PÉREZ", "RODRÍGUEZ MUÑOZ",
			"MARTÍNEZ SÁNCHEZ", "NÚÑEZ GÓMEZ", "IBÁÑEZ DÍAZ", "SÁNCHEZ ORTIZ", "PÉREZ CASTAÑO"),
		female: latinList("MARÍA", "LUCÍA", "SOFÍA", "PAULA", "ELENA", "NURIA", "MARÍA JOSÉ", "INÉS"),
		male:   latinList("JOSÉ", "JESÚS", "ÁLVARO", "RAMÓN", "IÑIGO", "JUAN CARLOS", "ÓSCAR"),
	},
	"ITA": {
		surnames: latin("ROSSI", "RUSSO", "FERRARI", "ESPOSITO", "BIANCHI", "ROMANO", "COLOMBO",
			"RICCI", "DE LUCA", "DELL'ACQUA", "GALLO", "CONTI", "D'ANGELO"),
		female: latinList("GIULIA", "CHIARA", "FRANCESCA", "ALESSIA", "SARA", "MARTINA", "ILARIA"),
		male:   latinList("LUCA", "MARCO", "NICCOLÒ", "MATTIA", "GIUSEPPE", "ANDREA"),
	},
	"POL": {
		surnames: []gendered{
			pl("NOWAK", "NOWAK"), pl("KOWALSKI", "KOWALSKA"), pl("WIŚNIEWSKI", "WIŚNIEWSKA"),
			pl("WÓJCIK", "WÓJCIK"), pl("KOWALCZYK", "KOWALCZYK"), pl("KAMIŃSKI", "KAMIŃSKA"),
			pl("LEWANDOWSKI", "LEWANDOWSKA"), pl("ZIELIŃSKI", "ZIELIŃSKA"), pl("SZYMAŃSKI", "SZYMAŃSKA"),
			pl("WOŹNIAK", "WOŹNIAK"), pl("DĄBROWSKI", "DĄBROWSKA"), pl("KOZŁOWSKI", "KOZŁOWSKA"),
		},
		female: latinList("AGNIESZKA", "MAŁGORZATA", "KATARZYNA", "JOANNA", "ŻANETA", "BARBARA", "MAGDALENA"),
		male:   latinList("PIOTR", "KRZYSZTOF", "ŁUKASZ", "PAWEŁ", "TOMASZ", "JAROSŁAW"),
	},
	"SWE": {
		surnames: latin("ANDERSSON", "JOHANSSON", "KARLSSON", "NILSSON", "ERIKSSON", "LARSSON",
			"ÅSTRÖM", "SJÖBERG", "LÖFGREN", "BJÖRK", "HÄGGLUND", "ÖSTLUND"),
		female: latinList("ANNA", "MARIA", "ÅSA", "INGRID", "LINNÉA", "BRITT-MARIE", "MAJA"),
		male:   latinList("ERIK", "LARS", "BJÖRN", "ANDERS", "MÅNS", "PER OLOF"),
	},
	"CZE": {
		surnames: []gendered{
			pl("NOVÁK", "NOVÁKOVÁ"), pl("SVOBODA", "SVOBODOVÁ"), pl("DVOŘÁK", "DVOŘÁKOVÁ"),
			pl("ČERNÝ", "ČERNÁ"), pl("PROCHÁZKA", "PROCHÁZKOVÁ"), pl("KUČERA", "KUČEROVÁ"),
			pl("VESELÝ", "VESELÁ"), pl("HORÁK", "HORÁKOVÁ"), pl("NĚMEC", "NĚMCOVÁ"),
		},
		female: latinList("JANA", "PETRA", "LUCIE", "TEREZA", "KATEŘINA", "ZDEŇKA", "MARKÉTA"),
		male:   latinList("JIŘÍ", "TOMÁŠ", "JAN", "PETR", "ONDŘEJ", "LUBOŠ"),
	},
	// English-speaking countries and ICAO's fictional Utopia share a stock.
	"ENG": {
		surnames: latin("SMITH", "JONES", "WILLIAMS", "TAYLOR", "BROWN", "O'BRIEN", "MACDONALD",
			"ERIKSSON", "WILSON", "THOMPSON", "EVANS", "NGUYEN", "PATEL", "CAMPBELL-HALL"),
		female: latinList("EMMA", "OLIVIA", "CHARLOTTE", "JESSICA", "SARAH ELIZABETH", "ANNA MARIA", "GRACE", "CHLOE"),
		male:   latinList("JAMES", "OLIVER", "JOHN PAUL", "WILLIAM", "HARRY", "DANIEL", "NOAH"),
	},
}

func latin(names ...string) []gendered {
	out := make([]gendered, len(names))
	for i, n := range names {
		out[i] = gendered{masc: nameEntry{latin: n}}
	}
	return out
}

func latinList(names ...string) []nameEntry {
	out := make([]nameEntry, len(names))
	for i, n := range names {
		out[i] = nameEntry{latin: n}
	}
	return out
}

func pl(m, f string) gendered {
	return gendered{masc: nameEntry{latin: m}, fem: nameEntry{latin: f}}
}

// korRegion is a Korean city with its districts and roads, the police
// agency that issues its driving licences and that agency's licence-number
// prefix.
type korRegion struct {
	city      string
	districts []string
	roads     []string
	police    string
	dlCode    string
}

var korRegions = []korRegion{
	{"서울특별시", []string{"종로구", "강남구", "마포구", "송파구", "서초구", "노원구"},
		[]string{"세종대로", "테헤란로", "월드컵북로", "올림픽로", "반포대로", "동일로"}, "서울경찰청장", "11"},
	{"부산광역시", []string{"해운대구", "부산진구", "수영구", "동래구"},
		[]string{"해운대로", "중앙대로", "광안해변로", "충렬대로"}, "부산경찰청장", "12"},
	{"경기도", []string{"수원시 영통구", "성남시 분당구", "고양시 일산동구", "용인시 수지구"},
		[]string{"광교중앙로", "판교역로", "중앙로", "포은대로"}, "경기도남부경찰청장", "13"},
	{"인천광역시", []string{"연수구", "남동구", "부평구"},
		[]string{"컨벤시아대로", "인하로", "부평대로"}, "인천경찰청장", "28"},
	{"대구광역시", []string{"수성구", "중구", "달서구"},
		[]string{"달구벌대로", "국채보상로", "월배로"}, "대구경찰청장", "22"},
	{"광주광역시", []string{"서구", "북구"},
		[]string{"상무중앙로", "무등로"}, "광주경찰청장", "25"},
}

// jpnRegion is a Japanese prefecture, towns in it (ward and district), and
// the first two digits of licences its public safety commission issues.
type jpnRegion struct {
	pref   string
	towns  []string
	dlCode string
}

var jpnRegions = []jpnRegion{
	{"東京都", []string{"千代田区霞が関", "新宿区西新宿", "世田谷区太子堂", "港区芝公園", "練馬区豊玉北"}, "30"},
	{"大阪府", []string{"大阪市北区梅田", "大阪市中央区大手前", "堺市堺区南瓦町", "豊中市中桜塚"}, "62"},
	{"神奈川県", []string{"横浜市中区本町", "川崎市川崎区宮本町", "相模原市中央区中央"}, "45"},
	{"愛知県", []string{"名古屋市中区三の丸", "豊田市西町", "岡崎市十王町"}, "53"},
	{"北海道", []string{"札幌市中央区北一条西", "旭川市六条通", "函館市東雲町"}, "10"},
	{"福岡県", []string{"福岡市博多区博多駅前", "北九州市小倉北区城内", "久留米市城南町"}, "91"},
}

// chnRegion is a Chinese district with its six-digit administrative code,
// the first six digits of the citizen identity number of people born there.
type chnRegion struct {
	area  string
	roads []string
	code  string
}

var chnRegions = []chnRegion{
	{"北京市朝阳区", []string{"建国路", "朝阳北路", "望京街"}, "110105"},
	{"上海市浦东新区", []string{"世纪大道", "张杨路", "陆家嘴环路"}, "310115"},
	{"广东省广州市天河区", []string{"天河路", "体育西路", "中山大道"}, "440106"},
	{"四川省成都市武侯区", []string{"人民南路", "武侯祠大街"}, "510107"},
	{"浙江省杭州市西湖区", []string{"文三路", "天目山路"}, "330106"},
}

// rusCities are birth places as Russian passports print them: Cyrillic,
// then the Latin country.
var rusCities = []string{"Г. МОСКВА", "Г. САНКТ-ПЕТЕРБУРГ", "Г. НОВОСИБИРСК", "Г. ЕКАТЕРИНБУРГ",
	"Г. КАЗАНЬ", "Г. НИЖНИЙ НОВГОРОД", "Г. ЧЕЛЯБИНСК", "Г. ВОРОНЕЖ", "С. ЖИГАНСК"}

// birthPlaces are towns for the place-of-birth line of Latin documents.
var birthPlaces = map[string][]string{
	"DEU": {"BERLIN", "MÜNCHEN", "KÖLN", "HAMBURG", "DÜSSELDORF", "LEIPZIG"},
	"FRA": {"PARIS", "LYON", "MARSEILLE", "ORLÉANS", "SAINT-ÉTIENNE", "NÎMES"},
	"ESP": {"MADRID", "BARCELONA", "SEVILLA", "MÁLAGA", "A CORUÑA", "CÓRDOBA"},
	"ITA": {"ROMA", "MILANO", "NAPOLI", "TORINO", "FORLÌ", "CANTÙ"},
	"POL": {"WARSZAWA", "KRAKÓW", "ŁÓDŹ", "WROCŁAW", "POZNAŃ", "GDAŃSK"},
	"SWE": {"STOCKHOLM", "GÖTEBORG", "MALMÖ", "UPPSALA", "VÄSTERÅS", "LINKÖPING"},
	"CZE": {"PRAHA", "BRNO", "OSTRAVA", "PLZEŇ", "ČESKÉ BUDĚJOVICE", "HRADEC KRÁLOVÉ"},
	"GBR": {"LONDON", "MANCHESTER", "CARDIFF", "EDINBURGH", "BELFAST", "LEEDS"},
	"USA": {"NEW YORK, U.S.A.", "TEXAS, U.S.A.", "OHIO, U.S.A.", "CALIFORNIA, U.S.A.", "OREGON, U.S.A."},
	"CAN": {"TORONTO, CAN", "MONTRÉAL, CAN", "VANCOUVER, CAN", "QUÉBEC, CAN", "OTTAWA, CAN"},
	"AUS": {"SYDNEY", "MELBOURNE", "BRISBANE", "PERTH", "ADELAIDE"},
	"IRL": {"DUBLIN", "CORK", "GALWAY", "LIMERICK"},
	"UTO": {"ZENITH", "UTOPIA CITY", "NORTH HARBOUR", "EREWHON"},
	"KOR": {"SEOUL", "BUSAN", "INCHEON", "DAEGU"},
	"JPN": {"TOKYO", "OSAKA", "KANAGAWA", "AICHI", "HOKKAIDO", "FUKUOKA"},
	"CHN": {"BEIJING", "SHANGHAI", "GUANGDONG", "SICHUAN", "ZHEJIANG"},
}
