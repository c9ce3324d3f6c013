package e2e

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"openkyc/internal/docgen"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/models"
	"openkyc/internal/testenv"
)

// idDoc is a generated passport photographed flat (docgen, clean) and a
// "selfie" of its holder: the card's portrait, cropped with some margin
// and enlarged. That selfie is a print of a print, which passive liveness
// rightly refuses: tests that submit it set liveness_threshold to 0.
type idDoc struct {
	photo, selfie []byte
	truth         docgen.Truth
	birth, expiry time.Time // zero when the card prints no full date
}

// age is the holder's age in whole years today.
func (d idDoc) age(now time.Time) int {
	a := now.Year() - d.birth.Year()
	if now.YearDay() < d.birth.YearDay() {
		a--
	}
	return a
}

// fixtures are the images every test uses, made once.
type fixtures struct {
	holder   idDoc  // a valid passport of an adult
	expired  idDoc  // a passport that expired before today
	yearOnly idDoc  // a valid passport that prints only the year of birth
	stranger []byte // a real photo of someone else's face
	corrupt  []byte // a JPEG header, then garbage
	text     []byte // not an image at all
	huge     []byte // a 20000×20000 PNG: small file, 400 megapixels
	tooLarge []byte // a JPEG header and more than the 15 MiB upload limit
}

var (
	fixOnce sync.Once
	fix     *fixtures
	fixErr  string
)

// images returns the fixtures (generating the documents takes a few
// seconds, once for the whole suite).
func images(t *testing.T) *fixtures {
	t.Helper()
	fixOnce.Do(func() { fix, fixErr = makeFixtures(t) })
	if fix == nil {
		t.Fatal(fixErr)
	}
	return fix
}

// latinPassports issue the TD3 passports the tests pick from: real states
// (a policy's country lists take ISO codes, which Utopia is not) printed
// in Latin script.
var latinPassports = []string{"GBR", "USA", "CAN", "AUS", "IRL", "DEU", "FRA", "ESP", "ITA", "POL", "SWE", "CZE"}

// dotDateCountries print dates as 12.03.1985, so a year-only birth date
// reads XX.XX.1985 in the visual zone.
var dotDateCountries = []string{"DEU", "ITA", "POL", "CZE"}

func makeFixtures(t *testing.T) (*fixtures, string) {
	samples := filepath.Join(testenv.Root(), models.SamplesDir)
	now := time.Now().UTC()
	gen := func(yearOnly bool) (*docgen.Generator, error) {
		// Seed 5 at docgen's fixed reference date: the same documents on
		// every run; which of them are expired is judged against today.
		return docgen.New(docgen.Config{Seed: 5, Degrade: docgen.Clean, Kinds: []docgen.Kind{docgen.PassportTD3},
			SamplesDir: samples, YearOnlyBirth: yearOnly})
	}
	full, err := gen(false)
	if err != nil {
		return nil, err.Error()
	}
	partial, err := gen(true)
	if err != nil {
		return nil, err.Error()
	}
	// pick returns the first generated passport that satisfies ok.
	pick := func(g *docgen.Generator, what string, ok func(d docgen.Document, birth, expiry time.Time) bool) (idDoc, string) {
		for i := range 60 {
			d, err := g.Document(i)
			if err != nil {
				return idDoc{}, err.Error()
			}
			f := d.Truth.Fields
			if f == nil || !slices.Contains(latinPassports, d.Truth.IssuingCountry) || d.Card == nil {
				continue
			}
			birth, _ := time.Parse(time.DateOnly, f.BirthDate)
			expiry, _ := time.Parse(time.DateOnly, f.ExpiryDate)
			if !ok(d, birth, expiry) {
				continue
			}
			photo, err := imaging.JPEGBytes(d.Image, 92)
			if err != nil {
				return idDoc{}, err.Error()
			}
			selfie, err := imaging.JPEGBytes(d.Selfie(), 92)
			if err != nil {
				return idDoc{}, err.Error()
			}
			return idDoc{photo: photo, selfie: selfie, truth: d.Truth, birth: birth, expiry: expiry}, ""
		}
		return idDoc{}, "no generated passport is " + what
	}
	f := &fixtures{}
	var msg string
	valid := func(expiry time.Time) bool { return expiry.After(now.AddDate(0, 3, 0)) }
	if f.holder, msg = pick(full, "valid and of an adult", func(d docgen.Document, birth, expiry time.Time) bool {
		return valid(expiry) && !birth.IsZero() && birth.Before(now.AddDate(-19, 0, 0))
	}); msg != "" {
		return nil, msg
	}
	if f.expired, msg = pick(full, "expired", func(d docgen.Document, birth, expiry time.Time) bool {
		return !expiry.IsZero() && expiry.Before(now.AddDate(0, -1, 0)) && birth.Before(now.AddDate(-19, 0, 0))
	}); msg != "" {
		return nil, msg
	}
	if f.yearOnly, msg = pick(partial, "valid with a year-only birth date", func(d docgen.Document, birth, expiry time.Time) bool {
		return valid(expiry) && len(d.Truth.Fields.BirthDate) == 4 && slices.Contains(dotDateCountries, d.Truth.IssuingCountry)
	}); msg != "" {
		return nil, msg
	}
	t.Logf("holder: %s %s %s born %s expires %s; expired: %s %s; year-only birth: %s %s",
		f.holder.truth.IssuingCountry, f.holder.truth.Fields.GivenNames, f.holder.truth.Fields.Surname,
		f.holder.truth.Fields.BirthDate, f.holder.truth.Fields.ExpiryDate,
		f.expired.truth.IssuingCountry, f.expired.truth.Fields.ExpiryDate,
		f.yearOnly.truth.IssuingCountry, f.yearOnly.truth.Fields.BirthDate)

	if f.stranger, msg = strangerPhoto(t); msg != "" {
		return nil, msg
	}
	rng := rand.New(rand.NewPCG(1, 2))
	f.corrupt = []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00}
	for range 64 << 10 {
		f.corrupt = append(f.corrupt, byte(rng.UintN(256)))
	}
	f.text = bytes.Repeat([]byte("This is a text file, not a photograph of an identity document.\n"), 100)
	if f.huge, err = hugePNG(20000, 20000); err != nil {
		return nil, err.Error()
	}
	f.tooLarge = append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 15<<20+100<<10)...)
	return f, ""
}

// strangerPhoto is a real photo of a face that is not the holder's: one
// from the shared test images when they are present, else a sample photo
// `make deps` installs (also a real face, and not the generated holder's:
// the submission service's tests use it as their stranger too).
func strangerPhoto(t *testing.T) ([]byte, string) {
	base := os.Getenv("OPENKYC_TESTDATA")
	if base == "" {
		base = filepath.Join(testenv.Root(), "..", "shared", "data")
	}
	if b, err := os.ReadFile(filepath.Join(base, "faces", "deepface", "img1.jpg")); err == nil {
		return b, ""
	}
	t.Logf("shared test images absent in %s: the stranger's selfie is var/samples/sample2.jpg", base)
	b, err := os.ReadFile(filepath.Join(testenv.Root(), models.SamplesDir, "sample2.jpg"))
	if err != nil {
		return nil, "no photo of a stranger: " + err.Error()
	}
	return b, ""
}

// hugePNG is a valid w×h black 1-bit greyscale PNG, which deflate
// squeezes to a few tens of kilobytes whatever its pixel count.
func hugePNG(w, h int) ([]byte, error) {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		out.WriteString(typ)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, c.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 1, 0 // bit depth 1, greyscale
	chunk("IHDR", ihdr)
	var idat bytes.Buffer
	z, err := zlib.NewWriterLevel(&idat, zlib.BestCompression)
	if err != nil {
		return nil, err
	}
	row := make([]byte, 1+(w+7)/8) // filter byte 0, then the pixels
	for range h {
		z.Write(row)
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	chunk("IDAT", idat.Bytes())
	chunk("IEND", nil)
	return out.Bytes(), nil
}
