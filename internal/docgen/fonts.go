package docgen

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/image/font/sfnt"
)

// fontID names one typeface the layouts draw with.
type fontID int

const (
	sans      fontID = iota // DejaVu Sans: Latin with diacritics and Cyrillic
	sansBold                // DejaVu Sans Bold
	sansCond                // DejaVu Sans Condensed, for long bilingual labels
	sansCondB               // DejaVu Sans Condensed Bold
	serif                   // DejaVu Serif, for headers
	serifBold               // DejaVu Serif Bold
	mono                    // DejaVu Sans Mono, for card numbers
	ocrb                    // OCR-B, the MRZ typeface ICAO 9303 prescribes
	krSans                  // Noto Sans CJK KR
	krBold                  // Noto Sans CJK KR Bold
	krSerif                 // Noto Serif CJK KR
	jpSans                  // Noto Sans CJK JP
	jpBold                  // Noto Sans CJK JP Bold
	jpSerif                 // Noto Serif CJK JP (Mincho look of Japanese licences)
	scSans                  // Noto Sans CJK SC
	scBold                  // Noto Sans CJK SC Bold
	scSerif                 // Noto Serif CJK SC
	numFonts
)

// FontDirEnv names the environment variable that overrides where the fonts
// are looked for (a directory searched recursively), for systems that do
// not install them under /usr/share/fonts.
const FontDirEnv = "OPENKYC_FONTS"

// fontFile says where one typeface lives: a file name searched for under the
// font directories and, for collections, the face's full name inside it.
type fontFile struct {
	file     string
	face     string // full name inside a .ttc; empty for single fonts
	fallback fontID // used when the file is missing; -1 for none
}

var fontFiles = [numFonts]fontFile{
	sans:      {"DejaVuSans.ttf", "", -1},
	sansBold:  {"DejaVuSans-Bold.ttf", "", -1},
	sansCond:  {"DejaVuSansCondensed.ttf", "", sans},
	sansCondB: {"DejaVuSansCondensed-Bold.ttf", "", sansBold},
	serif:     {"DejaVuSerif.ttf", "", sans},
	serifBold: {"DejaVuSerif-Bold.ttf", "", sansBold},
	mono:      {"DejaVuSansMono.ttf", "", sans},
	// The Sharp cut: the Regular one draws '8' and '<' with a CFF flex
	// operator that golang.org/x/image/font/sfnt cannot parse.
	ocrb:    {"OCRBS.otf", "", -1},
	krSans:  {"NotoSansCJK-Regular.ttc", "Noto Sans CJK KR", -1},
	krBold:  {"NotoSansCJK-Bold.ttc", "Noto Sans CJK KR Bold", krSans},
	krSerif: {"NotoSerifCJK-Regular.ttc", "Noto Serif CJK KR", krSans},
	jpSans:  {"NotoSansCJK-Regular.ttc", "Noto Sans CJK JP", -1},
	jpBold:  {"NotoSansCJK-Bold.ttc", "Noto Sans CJK JP Bold", jpSans},
	jpSerif: {"NotoSerifCJK-Regular.ttc", "Noto Serif CJK JP", jpSans},
	scSans:  {"NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", -1},
	scBold:  {"NotoSansCJK-Bold.ttc", "Noto Sans CJK SC Bold", scSans},
	scSerif: {"NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", scSans},
}

// ErrFonts is returned when a required font is not installed.
var ErrFonts = errors.New("docgen: fonts missing (install fonts-noto-cjk fonts-dejavu-core fonts-ocr-b: make deps)")

// fontSet holds every parsed typeface. Fonts are immutable once parsed and
// safe to share; faces (which hold scratch buffers) are not, so each render
// makes its own.
type fontSet struct {
	fonts [numFonts]*sfnt.Font
}

// loadFonts parses the fonts once per process: the CJK collections are tens
// of megabytes and every generator would otherwise read them again.
var loadFonts = sync.OnceValues(func() (*fontSet, error) {
	dirs := []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	if d := os.Getenv(FontDirEnv); d != "" {
		dirs = append([]string{d}, dirs...)
	}
	paths := map[string]string{}
	for _, d := range dirs {
		// Walk errors only mean a directory is absent or unreadable; the
		// missing-file check below reports what matters.
		_ = filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				if _, seen := paths[e.Name()]; !seen {
					paths[e.Name()] = p
				}
			}
			return nil
		})
	}
	fs := &fontSet{}
	data := map[string][]byte{}
	for id := range numFonts {
		ff := fontFiles[id]
		f, err := openFont(paths, data, ff)
		if err != nil {
			if ff.fallback < 0 {
				return nil, fmt.Errorf("%w: %v", ErrFonts, err)
			}
			// Fallbacks always come earlier in the table, so they are loaded.
			f = fs.fonts[ff.fallback]
		}
		fs.fonts[id] = f
	}
	return fs, nil
})

func openFont(paths map[string]string, data map[string][]byte, ff fontFile) (*sfnt.Font, error) {
	p, ok := paths[ff.file]
	if !ok {
		return nil, fmt.Errorf("%s not found", ff.file)
	}
	b, ok := data[p]
	if !ok {
		var err error
		if b, err = os.ReadFile(p); err != nil {
			return nil, err
		}
		data[p] = b
	}
	if ff.face == "" {
		return sfnt.Parse(b)
	}
	c, err := sfnt.ParseCollection(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	for i := range c.NumFonts() {
		f, err := c.Font(i)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		name, err := f.Name(nil, sfnt.NameIDFull)
		if err == nil && strings.EqualFold(name, ff.face) {
			return f, nil
		}
	}
	return nil, fmt.Errorf("%s has no face %q", p, ff.face)
}

// faceCache gives one render access to the fonts with its own scratch
// buffer: sfnt.Font is safe to share, its Buffer is not.
type faceCache struct {
	fs  *fontSet
	buf sfnt.Buffer
}

func newFaceCache(fs *fontSet) *faceCache { return &faceCache{fs: fs} }
