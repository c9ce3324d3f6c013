package mrz

// kind is the character class of a span, which decides how OCR confusions
// are repaired in it and which characters are allowed.
type kind uint8

const (
	kAlpha kind = iota // codes: A–Z and '<'; digits read as look-alike letters
	kName              // names: as kAlpha, plus filler look-alike rules
	kNum               // dates and check digits: 0–9 and '<'
	kAlnum             // document numbers, optional data: anything, only check-guided repairs
	kSex               // M, F, X or '<'
	kFill              // fillers only
)

func (k kind) String() string {
	switch k {
	case kAlpha:
		return "alphabetic field"
	case kName:
		return "name field"
	case kNum:
		return "numeric field"
	case kSex:
		return "sex field"
	case kFill:
		return "filler"
	}
	return "alphanumeric field"
}

// allows reports whether c may stand in a span of kind k.
func (k kind) allows(c byte) bool {
	switch k {
	case kAlpha, kName:
		return c == '<' || (c >= 'A' && c <= 'Z')
	case kNum:
		return c == '<' || isDigit(c)
	case kSex:
		return c == '<' || c == 'M' || c == 'F' || c == 'X'
	case kFill:
		return c == '<'
	}
	return isMRZChar(c)
}

// span is a fixed-position piece of a line (0-based, end exclusive).
type span struct {
	line, start, end int
	kind             kind
}

// lineShape tells the length repair where a line can absorb missing or
// extra fillers: between the head (fixed from the start) and the tail (fixed
// from the end). name marks that slack region as a name field, where only its
// trailing filler run may grow or shrink, because inner fillers separate
// name components and must not move.
type lineShape struct {
	n          int
	head, tail int
	name       bool
}

type layout struct {
	lines []lineShape
	spans []span
}

// The TD3/TD2/MRV second lines share their first 28 characters.
func visaLine2(l int) []span {
	return []span{
		{l, 0, 9, kAlnum}, {l, 9, 10, kNum}, {l, 10, 13, kAlpha},
		{l, 13, 19, kNum}, {l, 19, 20, kNum}, {l, 20, 21, kSex},
		{l, 21, 27, kNum}, {l, 27, 28, kNum},
	}
}

func nameLine1(n int) []span {
	return []span{{0, 0, 2, kAlpha}, {0, 2, 5, kAlpha}, {0, 5, n, kName}}
}

func concat(parts ...[]span) []span {
	var out []span
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// layouts describes every format by character class, after ICAO 9303
// parts 4–7 and, for the national formats, the cheminfo/mrz field tables.
var layouts = map[Format]layout{
	TD3: {
		lines: []lineShape{{44, 5, 0, true}, {44, 28, 2, false}},
		spans: concat(nameLine1(44), visaLine2(1),
			[]span{{1, 28, 42, kAlnum}, {1, 42, 43, kNum}, {1, 43, 44, kNum}}),
	},
	MRVA: {
		lines: []lineShape{{44, 5, 0, true}, {44, 28, 0, false}},
		spans: concat(nameLine1(44), visaLine2(1), []span{{1, 28, 44, kAlnum}}),
	},
	TD2: {
		lines: []lineShape{{36, 5, 0, true}, {36, 28, 1, false}},
		spans: concat(nameLine1(36), visaLine2(1),
			[]span{{1, 28, 35, kAlnum}, {1, 35, 36, kNum}}),
	},
	MRVB: {
		lines: []lineShape{{36, 5, 0, true}, {36, 28, 0, false}},
		spans: concat(nameLine1(36), visaLine2(1), []span{{1, 28, 36, kAlnum}}),
	},
	TD1: {
		lines: []lineShape{{30, 15, 0, false}, {30, 18, 1, false}, {30, 0, 0, true}},
		spans: []span{
			{0, 0, 2, kAlpha}, {0, 2, 5, kAlpha}, {0, 5, 14, kAlnum}, {0, 14, 15, kNum}, {0, 15, 30, kAlnum},
			{1, 0, 6, kNum}, {1, 6, 7, kNum}, {1, 7, 8, kSex}, {1, 8, 14, kNum}, {1, 14, 15, kNum},
			{1, 15, 18, kAlpha}, {1, 18, 29, kAlnum}, {1, 29, 30, kNum},
			{2, 0, 30, kName},
		},
	},
	FRAID: {
		lines: []lineShape{{36, 5, 6, true}, {36, 13, 9, true}},
		spans: []span{
			{0, 0, 2, kAlpha}, {0, 2, 5, kAlpha}, {0, 5, 30, kName}, {0, 30, 36, kAlnum},
			// Card number: issue YYMM, office (3, may hold letters), 5-digit
			// sequence.
			{1, 0, 4, kNum}, {1, 4, 7, kAlnum}, {1, 7, 12, kNum}, {1, 12, 13, kNum},
			{1, 13, 27, kName}, {1, 27, 33, kNum}, {1, 33, 34, kNum}, {1, 34, 35, kSex}, {1, 35, 36, kNum},
		},
	},
	FRADL: {
		lines: []lineShape{{30, 21, 1, true}},
		spans: []span{
			// "D1": the second character is a version digit, so only the
			// first is alphabetic.
			{0, 0, 1, kAlpha}, {0, 1, 2, kAlnum}, {0, 2, 5, kAlpha}, {0, 5, 14, kAlnum}, {0, 14, 15, kNum},
			{0, 15, 21, kNum}, {0, 21, 29, kName}, {0, 29, 30, kNum},
		},
	},
	CHEDL: {
		lines: []lineShape{{9, 7, 0, false}, {30, 25, 0, false}, {30, 0, 0, true}},
		spans: []span{
			// Licence number: issuing authority (3 letters), 3 digits,
			// language code letter.
			{0, 0, 3, kAlpha}, {0, 3, 6, kNum}, {0, 6, 7, kAlpha}, {0, 7, 9, kFill},
			{1, 0, 2, kAlpha}, {1, 2, 5, kAlpha}, {1, 5, 14, kNum}, {1, 14, 17, kNum}, {1, 17, 19, kFill},
			{1, 19, 25, kNum}, {1, 25, 30, kFill},
			{2, 0, 30, kName},
		},
	},
}
