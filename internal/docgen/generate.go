package docgen

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"openkyc/internal/engine/imaging"
)

// Kind is a kind of document (or non-document) the generator renders.
type Kind string

// The kinds. Their names are what `openkyc gen documents --kinds` takes.
const (
	KorResidentCard   Kind = "kor_resident_card"   // 주민등록증, Hangul only
	KorDriversLicense Kind = "kor_drivers_license" // 자동차운전면허증, Hangul and English
	JpnDriversLicense Kind = "jpn_drivers_license" // 運転免許証, Kanji and kana, era dates
	ChnIDCard         Kind = "chn_id_card"         // 居民身份证, simplified Han
	RusPassport       Kind = "rus_passport"        // Russian passport data page, Cyrillic and Latin, TD3 MRZ
	EUIDCard          Kind = "eu_id_td1"           // European identity card, TD1 MRZ
	PassportTD3       Kind = "passport_td3"        // passport data page of one of 16 states, TD3 MRZ
	StudentCard       Kind = "student_card"        // negative: a card with a photo that is no government ID
	PaymentCard       Kind = "payment_card"        // negative: a bank card
	NoDocument        Kind = "no_document"         // negative: a scene or a sheet of text, no card
)

// Kinds lists every kind in a fixed order (the default of Config.Kinds).
func Kinds() []Kind {
	return []Kind{KorResidentCard, KorDriversLicense, JpnDriversLicense, ChnIDCard, RusPassport,
		EUIDCard, PassportTD3, StudentCard, PaymentCard, NoDocument}
}

// ParseKinds parses a comma-separated list of kind names.
func ParseKinds(s string) ([]Kind, error) {
	var out []Kind
	for p := range strings.SplitSeq(s, ",") {
		k := Kind(strings.TrimSpace(p))
		if k == "" {
			continue
		}
		if !slices.Contains(Kinds(), k) {
			return nil, fmt.Errorf("docgen: unknown kind %q (want one of %v)", k, Kinds())
		}
		out = append(out, k)
	}
	if len(out) == 0 {
		return nil, errors.New("docgen: no kind given")
	}
	return out, nil
}

// Level is how hard the photograph of the card is to read.
type Level string

// The degradation levels; see Degrade.
const (
	Clean Level = "clean"
	Mild  Level = "mild"
	Hard  Level = "hard"
)

// ParseLevel checks a level name.
func ParseLevel(s string) (Level, error) {
	switch l := Level(s); l {
	case Clean, Mild, Hard:
		return l, nil
	}
	return "", fmt.Errorf("docgen: unknown degradation level %q (want clean, mild or hard)", s)
}

// DefaultNow is the reference date when Config.Now is zero: a fixed date,
// so that a seed gives the same documents (which expired, which not) on
// every day it is run.
var DefaultNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Config configures a Generator.
type Config struct {
	// Seed selects the data set: the same seed, kinds, level and date give
	// the same bytes.
	Seed uint64
	// Kinds are rendered in turn (document i is Kinds[i % len(Kinds)]), so
	// every kind is equally represented; empty means Kinds().
	Kinds []Kind
	// Degrade is the photograph's difficulty; empty means Mild.
	Degrade Level
	// SamplesDir holds the sample photos portraits are cut from
	// (models.SamplesDir, installed by make deps).
	SamplesDir string
	// Now is the date expiry is relative to; zero means DefaultNow.
	Now time.Time
	// YearOnlyBirth makes passports (PassportTD3) print only the year of
	// birth, as ICAO 9303 does when the day and month are unknown: the
	// visual zone shows X for them, the MRZ fillers ('<'), and the truth's
	// birth_date is "YYYY". Other kinds ignore it; false changes nothing.
	YearOnlyBirth bool
}

// Truth is one line of truth.jsonl, in the README's format for
// `openkyc eval documents`. Only what the document shows is set.
type Truth struct {
	File           string   `json:"file"`
	DocumentType   string   `json:"document_type,omitempty"`
	IssuingCountry string   `json:"issuing_country,omitempty"`
	Script         string   `json:"script,omitempty"`
	MRZ            []string `json:"mrz,omitempty"`
	Fields         *Fields  `json:"fields,omitempty"`
}

// Fields are the labelled fields, exactly as printed except dates
// (YYYY-MM-DD), sex (F or M) and nationality (alpha-3). surname and
// given_names are the Latin forms the Latin zone prints (diacritics kept);
// full_name_native is the name in the native script where the document
// prints one.
type Fields struct {
	Surname        string `json:"surname,omitempty"`
	GivenNames     string `json:"given_names,omitempty"`
	FullNameNative string `json:"full_name_native,omitempty"`
	DocumentNumber string `json:"document_number,omitempty"`
	BirthDate      string `json:"birth_date,omitempty"`
	ExpiryDate     string `json:"expiry_date,omitempty"`
	IssueDate      string `json:"issue_date,omitempty"`
	Nationality    string `json:"nationality,omitempty"`
	Sex            string `json:"sex,omitempty"`
	Address        string `json:"address,omitempty"`
}

// Selfie is a picture of the document's holder for tests and benchmarks:
// the card's portrait with half its width of margin, enlarged three
// times. A print of a print, which passive liveness rightly calls a
// spoof. Nil when the card has no portrait.
func (d Document) Selfie() *imaging.Image {
	if d.Card == nil || d.Card.Portrait.Empty() {
		return nil
	}
	r, img := d.Card.Portrait, d.Card.Image
	pad := r.Dx() / 2
	crop := imaging.Crop(img, image.Rect(r.Min.X-pad, r.Min.Y-pad, r.Max.X+pad, r.Max.Y+pad).Intersect(img.Bounds()))
	return imaging.Resize(crop, crop.W*3, crop.H*3)
}

// Card is a document as printed: flat, upright, at print resolution.
type Card struct {
	Image *imaging.Image
	Truth Truth
	// Portrait is where the holder's photo is, in Image's pixels; empty
	// when the card has none.
	Portrait image.Rectangle
	// radius is the corner radius in pixels: rounded for cards, square
	// for a sheet of paper.
	radius float64
}

// Document is one generated image with its truth.
type Document struct {
	Index int
	Kind  Kind
	// Name is the file name, index and kind: 00042_eu_id_td1.jpg.
	Name  string
	Image *imaging.Image
	// Quality is the JPEG quality the image is meant to be saved at: part
	// of the degradation.
	Quality int
	// Truth.File is Name.
	Truth Truth
	// Corners are the card's corners in Image, in the card's own order
	// (top-left, top-right, bottom-right, bottom-left as printed), so a
	// quarter-turned card has its top-left elsewhere than the image's.
	// All zero when there is no card.
	Corners [4]Point
	// Card is the flat card before degradation; nil for NoDocument.
	Card *Card
}

// Point is a position in image pixels.
type Point struct{ X, Y float64 }

// Generator renders documents for a Config. It is safe for concurrent use:
// each document draws from its own random stream.
type Generator struct {
	cfg       Config
	fonts     *fontSet
	portraits []portrait
}

// New loads the fonts and cuts the portraits out of the sample photos.
func New(cfg Config) (*Generator, error) {
	if len(cfg.Kinds) == 0 {
		cfg.Kinds = Kinds()
	}
	for _, k := range cfg.Kinds {
		if !slices.Contains(Kinds(), k) {
			return nil, fmt.Errorf("docgen: unknown kind %q", k)
		}
	}
	if cfg.Degrade == "" {
		cfg.Degrade = Mild
	}
	if _, err := ParseLevel(string(cfg.Degrade)); err != nil {
		return nil, err
	}
	if cfg.Now.IsZero() {
		cfg.Now = DefaultNow
	}
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	portraits, err := loadPortraits(cfg.SamplesDir)
	if err != nil {
		return nil, err
	}
	return &Generator{cfg: cfg, fonts: fs, portraits: portraits}, nil
}

// Config returns the configuration with its defaults filled in.
func (g *Generator) Config() Config { return g.cfg }

// splitmix64 scrambles a value (Steele et al.): neighbouring indices must
// give unrelated random streams.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Rand returns the random stream of document i, independent of every
// other document's, so documents can be generated in any order or in
// parallel and still come out the same.
func (g *Generator) Rand(i int) *rand.Rand {
	return rand.New(rand.NewPCG(splitmix64(g.cfg.Seed), splitmix64(uint64(i)^0x5851f42d4c957f2d)))
}

// Document generates document i of the set.
func (g *Generator) Document(i int) (Document, error) {
	kind := g.cfg.Kinds[i%len(g.cfg.Kinds)]
	rng := g.Rand(i)
	doc := Document{Index: i, Kind: kind, Name: fmt.Sprintf("%05d_%s.jpg", i, kind)}
	if kind == NoDocument && rng.IntN(2) == 0 {
		// Half the negatives are an empty scene: a table, a wall, a lap.
		doc.Image, doc.Quality = Scene(g.cfg.Degrade, rng)
		doc.Truth = Truth{File: doc.Name, DocumentType: "none"}
		return doc, nil
	}
	country := CountryFor(kind, rng)
	id, err := NewIdentity(rng, country, g.cfg.Now)
	if err != nil {
		return doc, err
	}
	card, err := g.Render(kind, id, rng)
	if err != nil {
		return doc, err
	}
	shot := degrade(card.Image, card.radius, g.cfg.Degrade, rng)
	doc.Image, doc.Quality = shot.Image, shot.Quality
	doc.Truth = card.Truth
	doc.Truth.File = doc.Name
	if kind != NoDocument { // a sheet of paper is no card
		doc.Corners, doc.Card = shot.Corners, card
	}
	return doc, nil
}

// euCountries issue the TD1 identity cards; passportCountries the TD3
// passports (the ICAO's fictional Utopia included, as in ICAO 9303).
var (
	euCountries       = []string{"DEU", "FRA", "ESP", "ITA", "POL", "SWE", "CZE"}
	passportCountries = []string{"UTO", "GBR", "USA", "CAN", "AUS", "IRL", "DEU", "FRA", "ESP", "ITA",
		"POL", "SWE", "CZE", "KOR", "JPN", "CHN"}
)

// CountryFor picks the issuing country of a document of kind.
func CountryFor(kind Kind, rng *rand.Rand) string {
	switch kind {
	case KorResidentCard, KorDriversLicense:
		return "KOR"
	case JpnDriversLicense:
		return "JPN"
	case ChnIDCard:
		return "CHN"
	case RusPassport:
		return "RUS"
	case EUIDCard:
		return pick(rng, euCountries)
	case PassportTD3:
		return pick(rng, passportCountries)
	case PaymentCard:
		return pick(rng, []string{"GBR", "USA", "DEU", "FRA", "ESP", "ITA", "POL", "SWE"})
	}
	return pick(rng, append(slices.Clone(passportCountries), "RUS", "KOR", "JPN", "CHN"))
}

// Render draws a flat card of kind for id.
func (g *Generator) Render(kind Kind, id Identity, rng *rand.Rand) (*Card, error) {
	c := &renderer{g: g, rng: rng, id: id, fc: newFaceCache(g.fonts)}
	var card *Card
	switch kind {
	case KorResidentCard:
		card = c.korResidentCard()
	case KorDriversLicense:
		card = c.korDriversLicense()
	case JpnDriversLicense:
		card = c.jpnDriversLicense()
	case ChnIDCard:
		card = c.chnIDCard()
	case RusPassport:
		card = c.rusPassport()
	case EUIDCard:
		card = c.euIDCard()
	case PassportTD3:
		card = c.passport()
	case StudentCard:
		card = c.studentCard()
	case PaymentCard:
		card = c.paymentCard()
	case NoDocument:
		card = c.textSheet()
	default:
		return nil, fmt.Errorf("docgen: unknown kind %q", kind)
	}
	if c.err != nil {
		return nil, fmt.Errorf("docgen: %s: %w", kind, c.err)
	}
	return card, nil
}

// renderer carries what one card's layout draws with.
type renderer struct {
	g     *Generator
	rng   *rand.Rand
	id    Identity
	fc    *faceCache
	err   error          // the first missing glyph of any canvas
	photo *imaging.Image // the holder's portrait, once chosen
}

// canvas starts a card of w×h on bg.
func (r *renderer) canvas(w, h int, bg color.NRGBA) *canvas {
	return newCanvas(w, h, r.fc, bg)
}

// done converts a finished canvas into a card, keeping its error.
func (r *renderer) done(c *canvas, t Truth, portrait image.Rectangle) *Card {
	if c.err != nil && r.err == nil {
		r.err = c.err
	}
	return &Card{Image: c.img, Truth: t, Portrait: portrait, radius: cardRadius * float64(min(c.img.W, c.img.H))}
}

// portrait picks the holder's photo: one of the portraits on a plain
// background of the usual ID-photo colours, sometimes mirrored (a mirrored
// face is as plausible a photo and doubles the variety). The choice is
// made once per card, so the ghost image shows the same face.
func (r *renderer) portrait() *imaging.Image {
	if r.photo == nil {
		bg := pick(r.rng, []color.NRGBA{rgb(250, 250, 250), rgb(232, 236, 240), rgb(214, 226, 240), rgb(236, 232, 224)})
		p := pick(r.rng, r.g.portraits).on(bg)
		if r.rng.IntN(2) == 0 {
			p = imaging.FlipH(p)
		}
		r.photo = p
	}
	return r.photo
}

// sexLetter is the sex as truth records it.
func (r *renderer) sexLetter() string { return string(r.id.Sex) }
